-- The trail bucket's lifecycle configuration does not delete CloudTrail log
-- files early.  An enabled rule whose filter reaches a trail's log location
-- ("<S3KeyPrefix>/AWSLogs/") must not expire current objects, or noncurrent
-- versions, before min_retention_days.  Transitions (to Glacier and so on)
-- only move the files and are fine; no lifecycle configuration keeps them.
local buckets = require("buckets")
local fixes = require("fixes")
local trails = require("trails")
local i18n = require("i18n")

-- The findings' messages, by language (rules/lib/i18n.lua).
local messages = {
  en = {
    what = "keeps log files for {days} days",
    expire_days = "expires log files after {days} days",
    expire_date = "expires every log file on {date}, whatever its age",
    noncurrent = "deletes overwritten or deleted log files {days} days later",
    ["and"] = " and ",
    named = "rule '{id}'",
    numbered = "rule {n}",
    offender = "{rule} {what} (it reaches {prefix} of trail {trail})",
    raise = "raise those rules' expirations to {days} days, then"
      .. " put-bucket-lifecycle-configuration",
    none = "Bucket {bucket} ({trails}) has no lifecycle configuration: its log files are kept"
      .. " until someone deletes them.",
    undecided = "Could not decide whether bucket {bucket} ({trails}) keeps log files for {days}"
      .. " days: {why}.",
    deletes = "Bucket {bucket} ({trails}) deletes CloudTrail log files before {days} days:"
      .. " {why}.",
    tagged = "Could not decide whether bucket {bucket} ({trails}) keeps log files for {days}"
      .. " days: {why}, but only for objects with a given tag, and the snapshot does not show"
      .. " the log files' tags.",
    keeps = "Bucket {bucket} ({trails}) keeps CloudTrail log files for at least {days} days:"
      .. " no enabled lifecycle rule that reaches them expires them sooner.",
  },
  ja = {
    what = "ログファイルを {days} 日間保持している",
    expire_days = "ログファイルを {days} 日後に有効期限切れにする",
    expire_date = "経過日数に関係なく、{date} にすべてのログファイルを有効期限切れにする",
    noncurrent = "上書き・削除されたログファイルを {days} 日後に完全に削除する",
    ["and"] = "、",
    named = "ルール「{id}」",
    numbered = "ルール {n}",
    offender = "{rule}: {what} (対象: 証跡{trail}の {prefix})",
    raise = "これらのルールの有効期限を {days} 日に引き上げてから "
      .. "put-bucket-lifecycle-configuration を実行します",
    none = "バケット「{bucket}」({trails}) にはライフサイクル設定がありません。"
      .. "ログファイルは誰かが削除するまで保持されます。",
    undecided = "バケット「{bucket}」({trails}) について、"
      .. "ログファイルを {days} 日間保持しているかどうかを判定できません: {why}。",
    deletes = "バケット「{bucket}」({trails}) は CloudTrail のログファイルを {days} "
      .. "日より前に削除します: {why}。",
    tagged = "バケット「{bucket}」({trails}) について、"
      .. "ログファイルを {days} 日間保持しているかどうかを判定できません: {why}。"
      .. "ただし対象は特定のタグが付いたオブジェクトだけで、"
      .. "スナップショットからはログファイルのタグがわかりません。",
    keeps = "バケット「{bucket}」({trails}) は CloudTrail のログファイルを {days} "
      .. "日以上保持しています。ログファイルを対象とする有効なライフサイクルルールで、"
      .. "それより早く有効期限切れにするものはありません。",
  },
}
local say = i18n.catalogue(messages)

-- The rule's prefix ("" = whole bucket) and whether it also needs a tag.
-- The deprecated top-level Prefix is still honoured by S3.
local function scope(rule)
  local f, prefix, tagged = rule.Filter, nil, false
  if type(f) == "table" then
    if type(f.And) == "table" then
      prefix = f.And.Prefix
      tagged = type(f.And.Tags) == "table" and #f.And.Tags > 0
    else
      prefix = f.Prefix
      tagged = type(f.Tag) == "table"
    end
  else
    prefix = rule.Prefix
  end
  return type(prefix) == "string" and prefix or "", tagged
end

-- A rule reaches a log location when one is a prefix of the other: a wider
-- prefix covers every log file, a narrower one inside AWSLogs/ some of them.
local function reaches(prefix, location)
  return location:sub(1, #prefix) == prefix or prefix:sub(1, #location) == location
end

-- What rule deletes too early, as phrases (empty when nothing).
local function early(rule, min)
  local out = {}
  local e = rule.Expiration
  if type(e) == "table" then
    if type(e.Days) == "number" and e.Days < min then
      out[#out + 1] = say("expire_days", {days = string.format("%g", e.Days)})
    end
    if e.Date ~= nil then
      out[#out + 1] = say("expire_date", {date = tostring(e.Date)})
    end
  end
  local n = rule.NoncurrentVersionExpiration
  if type(n) == "table" and type(n.NoncurrentDays) == "number" and n.NoncurrentDays < min then
    out[#out + 1] = say("noncurrent", {days = string.format("%g", n.NoncurrentDays)})
  end
  return out
end

local function rule_name(rule, i)
  return type(rule.ID) == "string" and say("named", {id = rule.ID})
    or say("numbered", {n = string.format("%d", i)})
end

-- The enabled rules that delete a trail's log files too early.  Rules that
-- also need an object tag go to `tagged`: CloudTrail tags nothing, so they
-- reach log files only if something else tags them.
local function offenders(b, rules, min)
  local found, tagged = {}, {}
  for i, rule in ipairs(rules) do
    if type(rule) == "table" and rule.Status == "Enabled" then
      local prefix, needs_tag = scope(rule)
      local what = early(rule, min)
      for _, loc in ipairs(buckets.log_locations(b)) do
        if #what > 0 and reaches(prefix, loc.prefix) then
          local list = needs_tag and tagged or found
          local text = say("offender", {rule = rule_name(rule, i),
                                        what = table.concat(what, say("and")),
                                        prefix = loc.prefix, trail = trails.label(loc.trail)})
          list[#list + 1] = {rule = rule, text = text}
          break
        end
      end
    end
  end
  return found, tagged
end

-- The bucket's lifecycle configuration again, with the early deletions
-- raised to min days.  put-bucket-lifecycle-configuration replaces every
-- rule, so all of them are listed.
local function fix_for(b, rules, bad, min)
  local is_bad = {}
  for _, o in ipairs(bad) do is_bad[o.rule] = true end
  local json = fixes.json(rules, function(key, value, parent)
    if not is_bad[parent] or type(value) ~= "table" then return nil end
    if key == "Expiration" and (value.Date ~= nil
                                or (type(value.Days) == "number" and value.Days < min)) then
      return fixes.raw(string.format('{"Days":%d}', math.ceil(min)))
    elseif key == "NoncurrentVersionExpiration"
        and type(value.NoncurrentDays) == "number" and value.NoncurrentDays < min then
      local newer = value.NewerNoncurrentVersions
      local keep = type(newer) == "number"
        and (',"NewerNoncurrentVersions":' .. fixes.json(newer)) or ""
      return fixes.raw(string.format('{"NoncurrentDays":%d%s}', math.ceil(min), keep))
    end
    return nil
  end)
  local q = fixes.q(b.name)
  return fixes.fit("aws s3api put-bucket-lifecycle-configuration --bucket " .. q
                     .. " --lifecycle-configuration " .. fixes.q('{"Rules":' .. json .. '}'),
                   fixes.note("aws s3api get-bucket-lifecycle-configuration --bucket " .. q,
                              say("raise", {days = tostring(min)})))
end

local function texts(list)
  local out = {}
  for i, o in ipairs(list) do out[i] = o.text end
  return i18n.clauses(out)
end

local function ask(b)
  return "aws s3api get-bucket-lifecycle-configuration --bucket " .. fixes.q(b.name)
end

local function judge(snapshot, params, b)
  local min = params.min_retention_days
  local resp, why, code = buckets.response(snapshot, "GetBucketLifecycleConfiguration", b.name)
  local result = buckets.result(b, resp)
  if code == "NoSuchLifecycleConfiguration" then
    result.message = say("none", {bucket = b.name, trails = b.label})
    return pass(result)
  end
  if not resp then
    result.fix = ask(b)
    result.message = say("undecided", {bucket = b.name, trails = b.label,
                                       days = string.format("%g", min), why = why})
    return review(result)
  end
  local rules = type(resp.Rules) == "table" and resp.Rules or {}
  local bad, tagged = offenders(b, rules, min)
  if #bad > 0 then
    result.fix = fix_for(b, rules, bad, min)
    result.message = say("deletes", {bucket = b.name, trails = b.label,
                                     days = string.format("%g", min), why = texts(bad)})
    return fail(result)
  end
  if #tagged > 0 then
    result.fix = fix_for(b, rules, tagged, min)
    result.message = say("tagged", {bucket = b.name, trails = b.label,
                                    days = string.format("%g", min), why = texts(tagged)})
    return review(result)
  end
  result.message = say("keeps", {bucket = b.name, trails = b.label,
                                 days = string.format("%g", min)})
  pass(result)
end

-- The Terraform of the remediation, one source for both languages: only its
-- comment is said in each ({days}).
local TERRAFORM = [[
resource "aws_s3_bucket_lifecycle_configuration" "cloudtrail" {
  bucket = aws_s3_bucket.cloudtrail.id
  rule {
    id     = "archive-then-expire"
    status = "Enabled"
    filter {
      prefix = "AWSLogs/"
    }
    transition {
      days          = 90
      storage_class = "GLACIER"
    }
    expiration {
      days = 2555 # {days}
    }
  }
}]]
local TERRAFORM_COMMENTS = {
  en = {days = "at least min_retention_days"},
  ja = {days = "min_retention_days 以上"},
}

local function terraform(lang)
  return (TERRAFORM:gsub("{(%w+)}", TERRAFORM_COMMENTS[lang]))
end

return {
  id = "cloudtrail-bucket-lifecycle",
  name = "CloudTrailBucketLifecycle",
  title = "The trail bucket's lifecycle rules keep CloudTrail log files for at least a year",
  severity = "medium",
  description = "A lifecycle rule that expires objects in the trail's bucket silently deletes"
    .. " the account's API history. If it does so within months, the logs are gone before"
    .. " most intrusions are found. Moving old logs to a cheaper storage class is fine;"
    .. " deleting them early is not.",
  remediation = {
    console = "S3 > Buckets > the trail's bucket > Management > Lifecycle rules > edit each"
      .. " rule that covers the AWSLogs/ prefix: set 'Expire current versions of objects'"
      .. " and 'Permanently delete noncurrent versions' to at least 365 days (or remove those"
      .. " actions); keep transitions to Glacier if you want lower storage costs.",
    cli = "aws s3api get-bucket-lifecycle-configuration --bucket <bucket> > lifecycle.json,"
      .. " raise Expiration.Days and NoncurrentVersionExpiration.NoncurrentDays to 365 or more,"
      .. " then aws s3api put-bucket-lifecycle-configuration --bucket <bucket>"
      .. " --lifecycle-configuration file://lifecycle.json",
    terraform = terraform("en"),
  },
  texts = {
    ja = {
      title = "証跡のバケットのライフサイクルルールが CloudTrail のログファイルを 1 年以上保持する",
      description = "リスク: 証跡のバケットでオブジェクトを有効期限切れにするライフサイクルルールは、"
        .. "アカウントの API 履歴を気付かないうちに削除します。数か月で削除されると、"
        .. "多くの侵入では、発見される前にログが失われます。"
        .. "対策: 古いログを安価なストレージクラスに移行するのは問題ありませんが、"
        .. "早期に削除しないようにします。",
      remediation = {
        console = "S3 > バケット > 証跡の配信先バケット > 管理 > ライフサイクルルール > AWSLogs/ "
          .. "プレフィックスを対象とする各ルールを編集:「Expire current versions of objects」と"
          .. "「Permanently delete noncurrent versions」を 365 日以上にする "
          .. "(またはこれらのアクションを削除、ラベルは英語のコンソールの表記) > 保存。"
          .. "ストレージコストを下げるための Glacier への移行はそのままで構いません。",
        -- One line, as every rule's CLI (reports that show one line show it
        -- whole); what runs is only the read, the rest is the comment.
        cli = "aws s3api get-bucket-lifecycle-configuration --bucket <bucket> > lifecycle.json"
          .. "  # lifecycle.json の Expiration.Days と NoncurrentVersionExpiration.NoncurrentDays を"
          .. " 365 以上にしてから、aws s3api put-bucket-lifecycle-configuration --bucket <bucket>"
          .. " --lifecycle-configuration file://lifecycle.json を実行してください",
        terraform = terraform("ja"),
      },
    },
  },
  messages = messages,
  references = {
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lifecycle-mgmt.html",
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-find-log-files.html",
  },
  compliance = require("compliance").of("cloudtrail-bucket-lifecycle"),
  params = {
    min_retention_days = {
      default = 365,
      description = "The fewest days CloudTrail log files must stay in the bucket before a"
        .. " lifecycle rule may expire them (current objects, and noncurrent versions after"
        .. " they become noncurrent).",
    },
  },
  check = function(snapshot, params)
    buckets.judge_each(snapshot, say("what", {days = tostring(params.min_retention_days)}),
                       ask, function(b) judge(b.snapshot, params, b) end)
  end,
}

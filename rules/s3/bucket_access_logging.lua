-- Security Hub S3.9: every general purpose bucket of the account has S3
-- server access logging to a target bucket (cloudtrail-bucket-access-logging
-- judges the trail buckets alone, for CloudTrail.7 and CIS).
local account = require("account")
local buckets = require("buckets")
local fixes = require("fixes")

-- The findings' messages, by language (rules/lib/i18n.lua).  {why} is
-- buckets', {error} account.describe_error's: in the same language.
local messages = {
  en = {
    undecided = "Could not decide whether bucket {bucket} has server access logging: {why}.",
    logs = "Bucket {bucket} has server access logging to s3://{target}/{prefix}.",
    log_target = "Bucket {bucket} is not in scope: it receives the server access logs of bucket"
      .. " {source} (logging it as well would log the logging).",
    no_logging = "Bucket {bucket} has no server access logging: GetBucketLogging shows no"
      .. " LoggingEnabled target, so requests to its objects (reads included) leave no record.",
    list_failed = "ListBuckets failed: {error}",
    list_missing = "ListBuckets is not in the snapshot",
    undecided_account = "Could not decide whether every bucket of account {account} has server"
      .. " access logging: {why}.",
  },
  ja = {
    undecided = "バケット「{bucket}」でサーバーアクセスのログ記録が有効かどうかを判定できません: {why}。",
    logs = "バケット「{bucket}」はサーバーアクセスログを s3://{target}/{prefix} に記録しています。",
    log_target = "バケット「{bucket}」は対象外です: "
      .. "バケット「{source}」のサーバーアクセスログの配信先です "
      .. "(このバケットへのアクセスも記録すると、ログの記録そのものを記録することになります)。",
    no_logging = "バケット「{bucket}」ではサーバーアクセスのログ記録が無効です: GetBucketLogging "
      .. "に LoggingEnabled の送信先がないため、"
      .. "オブジェクトへのリクエスト (読み取りを含む) の記録が残りません。",
    list_failed = "ListBuckets が失敗しました: {error}",
    list_missing = "ListBuckets がスナップショットにありません",
    undecided_account = "アカウント {account} "
      .. "のすべてのバケットでサーバーアクセスのログ記録が有効かどうかを判定できません: {why}。",
  },
}
local say = require("i18n").catalogue(messages)

-- GetBucketLocation when stored (null or "" is us-east-1, "EU" eu-west-1),
-- else ListBuckets' BucketRegion.  locations: global.s3.GetBucketLocation
-- (a stored answer only).  The loader checked both against the AWS model
-- (snapshot_shapes.c): strings when set, so no type() calls.
local function region_of(locations, entry, name)
  local loc = locations and locations[name]
  if loc then
    local c = loc.LocationConstraint
    if c == nil or c == trailscan.null or c == "" then return "us-east-1" end
    if c == "EU" then return "eu-west-1" end
    return c
  end
  return entry.BucketRegion
end

-- The buckets other buckets deliver their access logs to (stored answers:
-- a bucket without one logs nowhere that is known).
local function log_targets(logging, names)
  local targets = {}
  for _, name in ipairs(names) do
    local resp = logging and logging[name]
    local le = resp and type(resp.LoggingEnabled) == "table" and resp.LoggingEnabled
    if le and type(le.TargetBucket) == "string" and le.TargetBucket ~= name then
      targets[le.TargetBucket] = name
    end
  end
  return targets
end

-- The fix's text around the bucket's name (its JSON's placeholder in the
-- scan's language: json_head, once per account).
local FIX_HEAD = "aws s3api put-bucket-logging --bucket "
local FIX_STATUS = " --bucket-logging-status "
local JSON_TAIL = '/"}}'

-- What judging an account's buckets shares: worked out once per account.
local function account_context(snapshot, params, names)
  local s3 = snapshot.global.s3
  local logging = s3.GetBucketLogging
  -- Read once for each bucket (far more often than core/lua/lua_json.c
  -- serves reads from the tree before it converts a table): converted now
  -- (pairs converts; the iterator is not needed), so no read is a call.
  if logging then local _ = pairs(logging) end
  return {
    snapshot = snapshot,
    arn = "arn:" .. snapshot.partition .. ":s3:::",
    locations = s3.GetBucketLocation,
    logging = logging,
    targets = params.exclude_access_log_targets and log_targets(logging, names),
    -- Names that need no shell quotes (most, checked at once): the fix is
    -- then one concatenation.
    plain = fixes.plain(names),
    json_head = '{"LoggingEnabled":{"TargetBucket":"' .. fixes.placeholders("<access-log bucket>")
      .. '","TargetPrefix":"',
    keeps_passes = trailscan.keeps_passes,
    keeps_fails = trailscan.keeps_fails,
    keeps_reviews = trailscan.keeps_reviews,
  }
end

local function fix_of(ctx, name)
  if ctx.plain then
    -- fixes.q(name) is the name, which has no "'": nor has the JSON around
    -- it, which starts with "{" and so is quoted whole (as fixes.q would).
    return FIX_HEAD .. name .. FIX_STATUS .. "'" .. ctx.json_head .. name .. JSON_TAIL .. "'"
  end
  return FIX_HEAD .. fixes.q(name) .. FIX_STATUS .. fixes.q(ctx.json_head .. name .. JSON_TAIL)
end

-- Each result's table is made whole, with all its fields: one more field
-- after the first ones would make Lua grow it.  LoggingEnabled is an
-- object and its TargetBucket a string when set (the loader checked them):
-- no type() calls.
local function judge(ctx, entry, name)
  local logging = ctx.logging
  local resp = logging and logging[name]
  local le = resp and resp.LoggingEnabled
  local target = le and le.TargetBucket
  local logs = target and target ~= ""
  local excluded = not logs and ctx.targets and ctx.targets[name]
  if resp and (logs or excluded) and not ctx.keeps_passes then return pass() end
  -- Likewise the others, when no report shows them one by one.
  if not resp then
    if not ctx.keeps_reviews then return review() end
  elseif not (logs or excluded) and not ctx.keeps_fails then
    return fail()
  end
  local resource, region = ctx.arn .. name, region_of(ctx.locations, entry, name)
  if not resp then
    local _, why = buckets.response(ctx.snapshot, "GetBucketLogging", name)
    return review{resource = resource, region = region, node = entry,
                  fix = "aws s3api get-bucket-logging --bucket " .. fixes.q(name),
                  message = say("undecided", {bucket = name, why = why})}
  end
  if logs then
    return pass{resource = resource, region = region, node = resp,
                message = say("logs", {bucket = name, target = target,
                                       prefix = type(le.TargetPrefix) == "string"
                                         and le.TargetPrefix or ""})}
  end
  if excluded then
    return pass{resource = resource, region = region, node = resp,
                message = say("log_target", {bucket = name, source = excluded})}
  end
  fail{resource = resource, region = region, node = resp, fix = fix_of(ctx, name),
       message = say("no_logging", {bucket = name})}
end

-- The remediation's AWS CLI, in both languages (texts.ja says its
-- <placeholders> in Japanese).
local CLI = "aws s3api put-bucket-logging --bucket <bucket> --bucket-logging-status"
  .. " '{\"LoggingEnabled\":{\"TargetBucket\":\"<access-log bucket>\","
  .. "\"TargetPrefix\":\"<bucket>/\"}}'"

return {
  id = "s3-bucket-access-logging",
  name = "S3BucketAccessLogging",
  title = "Every S3 bucket has server access logging enabled",
  severity = "medium",
  description = "S3 server access logs record every request made to a bucket: who read,"
    .. " wrote or deleted which object, from where. Without them (or CloudTrail data events)"
    .. " a leak or a deletion cannot be traced.",
  remediation = {
    console = "S3 > Buckets > the bucket > Properties > Server access logging > Edit > Enable,"
      .. " choose a separate target bucket and a prefix > Save changes.",
    cli = CLI,
    terraform = [[
resource "aws_s3_bucket_logging" "example" {
  bucket        = aws_s3_bucket.example.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "example/"
}]],
  },
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-9",
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html",
  },
  texts = {
    ja = {
      title = "すべての S3 バケットでサーバーアクセスのログ記録が有効になっている",
      description = "リスク: S3 サーバーアクセスログには、バケットへのすべてのリクエスト (誰が、"
        .. "どこから、どのオブジェクトを読み取り、書き込み、削除したか) が記録されます。"
        .. "このログ (または CloudTrail のデータイベント) がないと、"
        .. "情報の漏えいや削除を追跡できません。"
        .. "対策: すべてのバケットでサーバーアクセスのログ記録を有効にし、"
        .. "別のバケットに配信します。",
      remediation = {
        cli = fixes.placeholders_ja(CLI),
        console = "S3 > バケット > バケットを選択 > プロパティ > サーバーアクセスのログ記録 > 編集"
          .. " > 有効にする > 別のバケットを送信先に選択 (プレフィックスは任意) > 変更の保存",
      },
    },
  },
  messages = messages,
  compliance = require("compliance").of("s3-bucket-access-logging"),
  params = {
    exclude_access_log_targets = {
      default = false,
      description = "Count a bucket that receives other buckets' access logs as out of scope"
        .. " (logging it to itself would loop). Security Hub's S3.9 makes no such exception.",
    },
  },
  check = function(snapshot, params)
    local s3 = snapshot.global and snapshot.global.s3
    local lb = s3 and s3.ListBuckets
    local e = account.error_for(snapshot, nil, "s3", "ListBuckets", nil)
    if not (lb and type(lb.Buckets) == "table") or e then
      local a = account.of(snapshot)
      return review{resource = a.resource, node = snapshot,
                    fix = "aws s3api list-buckets",
                    message = say("undecided_account", {
                      account = a.id,
                      why = e and say("list_failed", {error = account.describe_error(e)})
                        or say("list_missing")})}
    end
    local entries, names = buckets.listed(snapshot)
    local ctx = account_context(snapshot, params, names)
    for i = 1, #names do
      judge(ctx, entries[i], names[i])
    end
  end,
}

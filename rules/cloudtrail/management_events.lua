-- Security Hub CloudTrail.1 / CIS AWS Foundations 1.4, 3.0 and 5.0 item 3.1.
-- Account-level: one active multi-region trail must log read and write
-- management events from every event source.  Judged by what the selectors
-- log (selectors.management), never by a selector's Name.
local account = require("account")
local arn = require("arn")
local trails = require("trails")
local selectors = require("selectors")
local fixes = require("fixes")
local i18n = require("i18n")

-- The findings' messages, by language (rules/lib/i18n.lua).
local messages = {
  en = {
    ["and"] = "{list} and {last}",
    org_of = "{trail} (organization trail of account {account})",
    neither = "logs neither read nor write management events from every event source",
    only_write = "logs only write management events",
    only_read = "logs only read management events",
    lacking = "{what}: {notes}",
    not_multi_region = "is not multi-region",
    not_logging = "is not logging",
    against = "{trail} {problems}",
    unread = "{trail}: {why}",
    status_unknown = "{trail} logs them, but whether it is logging is unknown: {why}",
    undecided = "Could not decide whether account {account} logs read and write management"
      .. " events: {why}.",
    other_trails = " Other trails: {trails}.",
    event_selectors = "event selectors",
    status = "status",
    logs = "Account {account} logs read and write management events: multi-region trail"
      .. " {trail} is logging them from every event source.",
    no_trails = "the account has no trails",
    fails = "Account {account} does not log all read and write management events: no active"
      .. " multi-region trail logs them ({why}).",
  },
  ja = {
    ["and"] = "{list}、{last}",
    org_of = "{trail}(アカウント {account} の組織の証跡)",
    neither = "すべてのイベントソースの読み取りと書き込みの管理イベントを、どちらも記録していない",
    only_write = "書き込みの管理イベントだけを記録している",
    only_read = "読み取りの管理イベントだけを記録している",
    lacking = "{what} ({notes})",
    not_multi_region = "マルチリージョン証跡ではない",
    not_logging = "ログ記録を停止している",
    against = "証跡{trail}: {problems}",
    unread = "証跡{trail}について、{why}",
    status_unknown = "証跡{trail}はこれらを記録する設定ですが、"
      .. "ログ記録中かどうかを判定できません: {why}",
    undecided = "アカウント {account} "
      .. "が読み取りと書き込みの管理イベントを記録しているかどうかを判定できません: {why}。",
    other_trails = "その他の証跡: {trails}。",
    event_selectors = "イベントセレクター",
    status = "ログ記録の状態",
    logs = "アカウント {account} は読み取りと書き込みの管理イベントを記録しています: "
      .. "マルチリージョン証跡{trail}がログ記録中で、"
      .. "すべてのイベントソースの管理イベントを記録しています。",
    no_trails = "アカウントに証跡がありません",
    fails = "アカウント {account} は読み取りと書き込みの管理イベントをすべては記録していません: "
      .. "これらを記録するログ記録中のマルチリージョン証跡がありません ({why})。",
  },
}
local say = i18n.catalogue(messages)

local MANAGEMENT_SELECTOR = '{"Name":"All management events","FieldSelectors":'
  .. '[{"Field":"eventCategory","Equals":["Management"]}]}'

-- "a", "a and b", "a, b and c" ("a、b、c" in Japanese)
local function join_and(list)
  if #list <= 1 then return list[1] or "" end
  local head = {table.unpack(list, 1, #list - 1)}
  return say("and", {list = i18n.list(head), last = list[#list]})
end

local function name_of(t, evidence)
  if t.organization and t.foreign and not t.source then
    return say("org_of", {trail = trails.label(t), account = tostring(arn.owner(t.arn))})
  end
  return trails.label(t, evidence)
end

-- What the selectors miss: "logs only write management events: why".
local function lacking(m)
  local what = say((not m.read and not m.write) and "neither"
                   or (m.write and "only_write" or "only_read"))
  if #m.notes > 0 then
    what = say("lacking", {what = what, notes = i18n.list(m.notes)})
  end
  return what
end

-- "pass", or "fail"/"review" and why, for one trail.
local function judge_trail(snapshot, t)
  local no = {}
  if not t.multi_region then no[#no + 1] = say("not_multi_region") end
  if t.logging == false then no[#no + 1] = say("not_logging") end
  local m = t.selectors and selectors.management(t.selectors, snapshot)
  if m and not (m.read and m.write) then no[#no + 1] = lacking(m) end
  if #no > 0 then
    return "fail", say("against", {trail = name_of(t), problems = join_and(no)})
  end
  if not t.selectors then
    return "review", say("unread", {trail = name_of(t), why = t.selectors_missing})
  end
  if t.logging == nil then
    return "review", say("status_unknown", {trail = name_of(t), why = t.status_missing})
  end
  return "pass"
end

local function is_management(sel)
  for _, fs in ipairs(sel.FieldSelectors or {}) do
    if fs.Field == "eventCategory" then
      for _, v in ipairs(fs.Equals or {}) do
        if v == "Management" then return true end
      end
    end
  end
  return false
end

-- put-event-selectors replaces every selector, so the trail's other
-- selectors (data events) are kept and only management events change.
local function selectors_arg(response)
  local keep = {}
  if response.AdvancedEventSelectors then
    for _, sel in ipairs(response.AdvancedEventSelectors) do
      if not is_management(sel) then keep[#keep + 1] = fixes.json(sel) end
    end
    keep[#keep + 1] = MANAGEMENT_SELECTOR
    return "--advanced-event-selectors " .. fixes.q("[" .. table.concat(keep, ",") .. "]")
  end
  for _, s in ipairs(response.EventSelectors or {}) do
    if s.DataResources and #s.DataResources > 0 then
      keep[#keep + 1] = string.format('{"ReadWriteType":%s,"IncludeManagementEvents":false,'
                                      .. '"DataResources":%s}',
                                      fixes.json(s.ReadWriteType or "All"),
                                      fixes.json(s.DataResources))
    end
  end
  keep[#keep + 1] = '{"ReadWriteType":"All","IncludeManagementEvents":true}'
  return "--event-selectors " .. fixes.q("[" .. table.concat(keep, ",") .. "]")
end

-- The account's own trail that is closest to passing: multi-region first,
-- then logging.
local function candidate(list)
  local best, best_score
  for _, t in ipairs(list) do
    if not t.foreign then
      local score = (t.multi_region and 2 or 0) + (t.logging and 1 or 0)
      if not best or score > best_score then best, best_score = t, score end
    end
  end
  return best
end

local function first_region(snapshot)
  for region in pairs(snapshot.regions or {}) do return region end
  return "us-east-1"
end

local function fix_for(snapshot, t)
  if not t then
    local region = fixes.q(first_region(snapshot))
    return "aws cloudtrail create-trail --region " .. region .. " --name management-events"
      .. " --s3-bucket-name '" .. fixes.placeholders("<log bucket>")
      .. "' --is-multi-region-trail && aws cloudtrail"
      .. " start-logging --region " .. region .. " --name management-events"
  end
  local cmds = {}
  if not t.multi_region then
    cmds[#cmds + 1] = fixes.cloudtrail(t, "update-trail", "--is-multi-region-trail")
  end
  if t.logging ~= true then
    cmds[#cmds + 1] = fixes.cloudtrail(t, "start-logging")
  end
  local m = t.selectors and selectors.management(t.selectors, snapshot)
  if m and not (m.read and m.write) then
    local put = fixes.cloudtrail(t, "put-event-selectors", selectors_arg(t.selectors),
                                 "--trail-name")
    cmds[#cmds + 1] = fixes.fit(put, fixes.cloudtrail(t, "put-event-selectors",
      "--advanced-event-selectors " .. fixes.q("[" .. MANAGEMENT_SELECTOR .. ",<its other"
                                               .. " selectors>]"), "--trail-name"))
  end
  return fixes.chain(cmds)
end

-- The command that reads what was missing for the first undecided trail.
local function ask_for(list)
  for _, t in ipairs(list) do
    if t.multi_region and t.logging ~= false and not t.selectors then
      return fixes.cloudtrail(t, "get-event-selectors", nil, "--trail-name")
    end
  end
  for _, t in ipairs(list) do
    if t.multi_region and t.logging == nil then
      return fixes.cloudtrail(t, "get-trail-status")
    end
  end
  return "aws cloudtrail describe-trails --include-shadow-trails"
end

local function check(snapshot)
  local a = account.of(snapshot)
  if not trails.found(snapshot) then
    local reasons, region = trails.unlisted(snapshot)
    review{resource = a.resource, node = snapshot,
           fix = "aws cloudtrail describe-trails --include-shadow-trails"
             .. (region and (" --region " .. region) or ""),
           message = say("undecided", {account = a.id, why = i18n.clauses(reasons)})}
    return
  end
  -- A multi-region trail is listed (as a shadow) in every region, so a
  -- region whose DescribeTrails failed hides no candidate.
  local list, against, undecided, first = trails.all(snapshot), {}, {}, nil
  for i = 1, #list do -- (by index: no C call per step)
    local t = list[i]
    local verdict, note = judge_trail(snapshot, t)
    if verdict == "pass" then
      local ev = trails.evidence(t, t.selectors, say("event_selectors"), t.status, say("status"))
      pass{resource = a.resource, region = t.home, node = t.listed, evidence = ev,
           message = say("logs", {account = a.id, trail = name_of(t, ev)})}
      return
    elseif verdict == "review" then
      undecided[#undecided + 1] = note
      first = first or t
    else
      against[#against + 1] = note
    end
  end
  if #undecided > 0 then
    review{resource = a.resource, region = first.home, node = first.listed, fix = ask_for(list),
           message = say("undecided", {account = a.id, why = i18n.clauses(undecided)})
             .. (#against > 0 and say("other_trails", {trails = i18n.clauses(against)}) or "")}
    return
  end
  if #against == 0 then
    against[1] = say("no_trails")
  end
  local t = candidate(list)
  local evidence -- the first trail its owner's snapshot settled (its name says where)
  for i = 1, #list do
    evidence = evidence or trails.evidence(list[i])
  end
  fail{resource = a.resource, region = t and t.home, node = t and t.trail or snapshot,
       evidence = evidence,
       fix = fix_for(snapshot, t),
       message = say("fails", {account = a.id, why = i18n.clauses(against)})}
end

return {
  id = "cloudtrail-management-events",
  name = "CloudTrailManagementEvents",
  title = "An active multi-region trail logs read and write management events",
  severity = "high",
  description = "Management events record who created, changed, deleted or read the"
    .. " account's resources and settings: IAM, security groups, trails, keys. Without an"
    .. " active multi-region trail that logs all of them, activity in an unused Region, read"
    .. " calls that map the account, or excluded sources (such as AWS KMS) leave no record to"
    .. " investigate.",
  remediation = {
    console = "CloudTrail > Trails > choose a multi-region trail (or create one: trails"
      .. " created in the console are multi-region) > Management events > Edit > API"
      .. " activity: Read and Write, no excluded event sources > Save changes; make sure"
      .. " the trail is logging.",
    cli = "aws cloudtrail put-event-selectors --region <home region> --trail-name <trail>"
      .. " --advanced-event-selectors '" .. "[" .. MANAGEMENT_SELECTOR .. "]'"
      .. " && aws cloudtrail start-logging --region <home region> --name <trail>"
      .. "  # put-event-selectors replaces the trail's selectors: add any others it has",
    terraform = [[
resource "aws_cloudtrail" "main" {
  # ...
  is_multi_region_trail = true
  enable_logging        = true
  # Every selector is listed: these replace the trail's existing ones.
  advanced_event_selector {
    name = "Management events"
    field_selector {
      field  = "eventCategory"
      equals = ["Management"]
    }
  }
}]],
  },
  texts = {
    ja = {
      title = "ログ記録中のマルチリージョン証跡が読み取りと書き込みの管理イベントを記録している",
      description = "リスク: 管理イベントには、IAM、セキュリティグループ、証跡、キーなど、"
        .. "アカウントのリソースや設定を誰が作成・変更・削除・参照したかが記録されます。"
        .. "これらをすべて記録するログ記録中のマルチリージョン証跡がないと、"
        .. "使っていないリージョンでの操作、アカウントを調べ上げる読み取りの呼び出し、"
        .. "除外されたイベントソース (AWS KMS など) の操作が、調査できる記録に残りません。"
        .. "対策: マルチリージョン証跡で、"
        .. "すべてのイベントソースの読み取りと書き込みの管理イベントを記録します。",
      remediation = {
        console = "CloudTrail > 証跡 > マルチリージョン証跡を選択 (または証跡を作成。"
          .. "コンソールで作成した証跡はマルチリージョン証跡です) > 管理イベント > 編集 > API "
          .. "アクティビティ: 読み取り、書き込み (除外するイベントソースなし) > 変更の保存。"
          .. "証跡がログ記録中であることも確認します。",
        cli = "aws cloudtrail put-event-selectors --region <ホームリージョン> --trail-name <trail>"
          .. " --advanced-event-selectors '" .. "[" .. MANAGEMENT_SELECTOR .. "]'"
          .. " && aws cloudtrail start-logging --region <ホームリージョン> --name <trail>"
          .. "  # put-event-selectors は証跡のセレクターをすべて置き換えます。ほかのセレクターが"
          .. "あれば一緒に指定してください",
        terraform = [[
resource "aws_cloudtrail" "main" {
  # ...
  is_multi_region_trail = true
  enable_logging        = true
  # セレクターはすべて列挙します: 証跡の既存のセレクターはこれで置き換えられます。
  advanced_event_selector {
    name = "Management events"
    field_selector {
      field  = "eventCategory"
      equals = ["Management"]
    }
  }
}]],
      },
    },
  },
  messages = messages,
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-1",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html",
    "https://docs.aws.amazon.com/config/latest/developerguide/multi-region-cloudtrail-enabled.html",
  },
  compliance = require("compliance").of("cloudtrail-management-events"),
  check = check,
}

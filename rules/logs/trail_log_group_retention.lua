-- The CloudWatch Logs log group each trail delivers to keeps its events for
-- at least min_retention_days (the CloudWatch.16 test, for the one group
-- that matters most).  Each group is judged once, however many trails use
-- it; trails without a log group are CloudTrail.5's business.
local arn = require("arn")
local trails = require("trails")
local fixes = require("fixes")
local loggroups = require("loggroups")
local org = require("org")

-- The findings' messages, by language (rules/lib/i18n.lua).  {phrase} is
-- loggroups.retention's, {source} org.source's, {why} answers' or
-- loggroups.list's: each in the same language.
local messages = {
  en = {
    what = "delivers to a log group that keeps its events long enough",
    trail = "trail {trails}",
    trails = "trails {trails}",
    subject_one = "log group {group} (where {who} delivers)",
    subject_many = "log group {group} (where {who} deliver)",
    subject_file_one = "log group {group} of account {account} ({file}) (where {who} delivers)",
    subject_file_many = "log group {group} of account {account} ({file}) (where {who} deliver)",
    subject_source_one = "log group {group} of {source} (where {who} delivers)",
    subject_source_many = "log group {group} of {source} (where {who} deliver)",
    not_group_arn = "Could not decide how long the log group of {who} keeps events:"
      .. " CloudWatchLogsLogGroupArn {raw} is not a log group ARN.",
    other_account = "Could not decide whether {subject} keeps events for {min} days: it is in"
      .. " account {account}, not this one; judge it with that account's snapshot.",
    in_account = "in account {account}",
    judged = "{subject} {phrase}.",
    undecided = "Could not decide whether {subject} keeps events for {min} days: it {phrase}.",
    missing = "{subject} does not exist: DescribeLogGroups in {region} does not list it, so"
      .. " none of the trail's events are kept there.",
    not_in_part = "{why}; the part stored does not list it",
    unlisted = "Could not decide whether {subject} keeps events for {min} days: {why}.",
    owner_snapshot = "the owner's snapshot",
  },
  ja = {
    what = "イベントを十分な期間保持するロググループに配信している",
    trail = "証跡{trails}",
    trails = "証跡{trails}",
    subject_one = "{who}の配信先であるロググループ「{group}」",
    subject_many = "{who}の配信先であるロググループ「{group}」",
    subject_file_one = "{who}の配信先であるロググループ「{group}」(アカウント {account}、{file})",
    subject_file_many = "{who}の配信先であるロググループ「{group}」(アカウント {account}、{file})",
    subject_source_one = "{who}の配信先であるロググループ「{group}」({source})",
    subject_source_many = "{who}の配信先であるロググループ「{group}」({source})",
    not_group_arn = "{who}のロググループがイベントを保持する期間を判定できません: "
      .. "CloudWatchLogsLogGroupArn {raw} はロググループの ARN ではありません。",
    other_account = "{subject}がイベントを {min} 日間保持しているかどうかを判定できません: "
      .. "このロググループはこのアカウントではなくアカウント {account} にあります。"
      .. "そのアカウントのスナップショットで判定してください。",
    in_account = "アカウント {account} で実行してください",
    judged = "{subject}は{phrase}。",
    undecided = "{subject}がイベントを {min} 日間保持しているかどうかを判定できません: {phrase}。",
    missing = "{subject}は存在しません: {region} の DescribeLogGroups に含まれていないため、"
      .. "証跡のイベントはそこに一切保持されません。",
    not_in_part = "{why}。保存されている部分には含まれていません",
    unlisted = "{subject}がイベントを {min} 日間保持しているかどうかを判定できません: {why}。",
    owner_snapshot = "所有アカウントのスナップショット",
  },
}
local i18n = require("i18n")
local say = i18n.catalogue(messages)

-- Each log group the trails name (CloudWatchLogsLogGroupArn ends in ":*"),
-- once, in ARN order, with the trails that deliver to it.
local function trail_groups(list, what)
  local by_arn, out = {}, {}
  for i = 1, #list do -- (trails.each_listed's list: by index, no C call per step)
    local t = list[i]
    local raw = t.trail.CloudWatchLogsLogGroupArn
    if trails.unsettled(t, what) then
      -- reported: its owner's snapshot does not list it, so the member's
      -- copy does not say where it delivers
    elseif type(raw) == "string" and raw ~= "" then
      local g = arn.log_group(raw)
      local key = g and g.arn or raw
      if not by_arn[key] then
        by_arn[key] = {arn = key, raw = raw, parsed = g, trails = {}, node = t.listed or t.trail}
        out[#out + 1] = by_arn[key]
      end
      local names = by_arn[key].trails
      names[#names + 1] = trails.label(t)
    end
  end
  -- In ARN order (each once: no two alike).  An account's trails name a
  -- few groups: put in place one by one, as table.sort (sandboxed: it
  -- orders through lua_order.c) costs many times more for so few.
  if #out > 8 then
    table.sort(out, function(x, y) return x.arn < y.arn end)
    return out
  end
  for i = 2, #out do
    local tg, j = out[i], i - 1
    while j >= 1 and tg.arn < out[j].arn do
      out[j + 1] = out[j]
      j = j - 1
    end
    out[j + 1] = tg
  end
  return out
end

-- A sentence starts with a capital in English; Japanese has none.  As
-- s:gsub("^%l", string.upper) (the C locale's lower case: a-z) without a
-- pattern call, which the sandbox guards at several times the cost.
-- By the first character as a string (string.sub: string.byte is a
-- sandboxed call costing several times more).
local sub = string.sub
local UPPER = {}
for c = 97, 122 do UPPER[string.char(c)] = string.char(c - 32) end

local function upper_first(s)
  if trailscan.lang == "ja" then return s end
  local up = UPPER[sub(s, 1, 1)]
  if up then return up .. sub(s, 2) end
  return s
end

-- The group named name: every group's name read in one call (a read of
-- each group's own table is a call each; ipairs, a C call per group).
local columns = trailscan.columns

local function find(groups, name)
  local names = columns(groups, "logGroupName")
  for i = 1, #groups do
    if names[i] == name then return groups[i] end
  end
  return nil
end

-- Who delivers to tg's group and the group as a message names them (the
-- subject: nil when tg's ARN is not a log group's).
local function subject_of(tg)
  local g = tg.parsed
  local one = #tg.trails == 1
  -- (one label is its own list: no table.concat, a sandboxed call)
  local who = say(one and "trail" or "trails", {trails = one and tg.trails[1]
                                                  or i18n.list(tg.trails)})
  return who, g and say(one and "subject_one" or "subject_many", {group = g.name, who = who}), one
end

-- The command that lists group g (arn.log_group's: its fields are strings).
-- Commands here are concatenated, not string.format's: a sandboxed call
-- that costs several times more.
local function describe_fix(g)
  return "aws logs describe-log-groups --region " .. fixes.q(g.region)
    .. " --log-group-name-prefix " .. fixes.q(g.name)
end

-- string.format("%g", n): an integer of at most six digits (a parameter
-- such as 24 or 365) is its own text, which tostring gives without the
-- sandboxed call string.format is.
local function g_text(n)
  if math.type(n) == "integer" and n > -1000000 and n < 1000000 then return tostring(n) end
  return string.format("%g", n)
end

-- min_retention_days as messages say it.
local function min_of(params)
  return g_text(params.min_retention_days)
end

local function judge(snapshot, params, tg)
  local g = tg.parsed
  if not g then
    local who = subject_of(tg)
    return review{resource = tg.arn, node = tg.node,
                  message = say("not_group_arn", {who = who, raw = tg.raw}),
                  fix = "aws cloudtrail describe-trails --include-shadow-trails"}
  end
  local result = {resource = tg.arn, region = g.region, node = tg.node}
  -- A group in another account: judged by that account's snapshot when
  -- the scan holds it (the organisation view), found in it or not.
  local data, elsewhere = snapshot, nil
  if g.account ~= snapshot.account_id then
    local file
    data, file = org.snapshot(g.account)
    elsewhere = data and tostring(file)
  end
  if not data then
    if not trailscan.keeps_reviews then return review() end -- (only counted)
    local _, subject = subject_of(tg)
    result.message = say("other_account", {subject = subject, min = min_of(params),
                                           account = g.account})
    result.fix = fixes.note(describe_fix(g),
                            say("in_account", {account = g.account}))
    return review(result)
  end
  local groups, complete, partial = loggroups.list(data, g.region)
  local found = groups and find(groups, g.name)
  local verdict, phrase
  if found then
    verdict, phrase = loggroups.retention(found.retentionInDays, params.min_retention_days)
    -- A result no report shows is only counted: no words for it.
    if verdict == "pass" and not trailscan.keeps_passes then return pass() end
    if verdict == "fail" and not trailscan.keeps_fails then return fail() end
    if verdict == "review" and not trailscan.keeps_reviews then return review() end
  end
  local who, subject, one = subject_of(tg)
  if elsewhere then
    subject = say(one and "subject_file_one" or "subject_file_many",
                  {group = g.name, account = g.account, file = elsewhere, who = who})
    result.evidence = {{node = data.regions and data.regions[g.region] or data,
                        what = say("owner_snapshot")}}
  end
  if found then
    if elsewhere then
      result.evidence = {{node = found, what = say("owner_snapshot")}}
      subject = say(one and "subject_source_one" or "subject_source_many",
                    {group = g.name, source = org.source(g.account, found), who = who})
      if verdict ~= "pass" then
        result.fix = fixes.note(loggroups.fix(g.region, g.name, params.min_retention_days),
                                say("in_account", {account = g.account}))
      end
    else
      result.node = found
    end
    result.message = say("judged", {subject = upper_first(subject), phrase = phrase})
    if verdict == "pass" then return pass(result) end
    result.fix = result.fix or loggroups.fix(g.region, g.name, params.min_retention_days)
    if verdict == "review" then
      result.message = say("undecided", {subject = subject, min = min_of(params), phrase = phrase})
      return review(result)
    end
    return fail(result)
  end
  if groups and complete then
    -- The whole list is there and the group is not: CloudTrail has nowhere
    -- to deliver, so nothing is retained in CloudWatch Logs at all.
    if not trailscan.keeps_fails then return fail() end
    result.message = say("missing", {subject = upper_first(subject), region = g.region})
    result.fix = "aws logs create-log-group --region " .. fixes.q(g.region)
      .. " --log-group-name " .. fixes.q(g.name) .. " && "
      .. loggroups.fix(g.region, g.name, params.min_retention_days)
    return fail(result)
  end
  if not trailscan.keeps_reviews then return review() end
  local why = groups and say("not_in_part", {why = partial}) or complete
  result.message = say("unlisted", {subject = subject, min = min_of(params), why = why})
  result.fix = describe_fix(g)
  review(result)
end

-- The remediation's AWS CLI, in both languages (texts.ja says its
-- <placeholders> in Japanese).
local CLI = "aws logs put-retention-policy --region <region> --log-group-name <trail's group>"
  .. " --retention-in-days 365"

return {
  id = "logs-trail-log-group-retention",
  name = "CloudTrailLogGroupRetention",
  title = "The CloudWatch Logs log group each trail delivers to keeps events for at least a year",
  severity = "medium",
  description = "The log group a trail delivers to is where its events are searched and"
    .. " alarmed on. If it keeps them only briefly, or does not exist, the account's recent"
    .. " API history vanishes from CloudWatch Logs long before an intrusion is usually found.",
  remediation = {
    console = "CloudWatch > Logs > Log groups > choose the trail's log group > Actions > Edit"
      .. " retention setting > 1 year (365 days) or longer, or Never expire > Save.",
    cli = CLI,
    terraform = [[
resource "aws_cloudwatch_log_group" "cloudtrail" {
  name              = "aws-cloudtrail-logs"
  retention_in_days = 365 # or 0: never expire
}]],
  },
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-16",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention",
  },
  texts = {
    ja = {
      title = "各証跡の配信先の CloudWatch Logs ロググループがイベントを 1 年以上保持している",
      description = "リスク: 証跡の配信先のロググループは、イベントを検索し、"
        .. "アラームを設定する場所です。保持期間が短い場合やロググループが存在しない場合、"
        .. "アカウントの最近の API 操作の履歴は、"
        .. "侵入が発見されるまでの一般的な期間よりずっと前に CloudWatch Logs "
        .. "から消えてしまいます。対策: 証跡の配信先のロググループの保持期間を 365 "
        .. "日以上にするか、「失効しない」にします。",
      remediation = {
        cli = fixes.placeholders_ja(CLI),
        console = "CloudWatch > ログ > ロググループ > 証跡のロググループを選択 > アクション > "
          .. "保持設定を編集 > 1 年 (365 日) 以上、または「失効しない」を選択 > 保存",
        terraform = [[
resource "aws_cloudwatch_log_group" "cloudtrail" {
  name              = "aws-cloudtrail-logs"
  retention_in_days = 365 # または 0: 失効しない
}]],
      },
    },
  },
  messages = messages,
  compliance = require("compliance").of("logs-trail-log-group-retention"),
  params = {
    min_retention_days = {
      default = 365,
      description = "The fewest days the trail's log group must keep its events. No"
        .. " retention period (never expire) always passes.",
    },
  },
  check = function(snapshot, params)
    local what = say("what")
    local list = trails.each_listed(snapshot, what)
    local groups = trail_groups(list, what)
    for i = 1, #groups do
      judge(snapshot, params, groups[i])
    end
  end,
}

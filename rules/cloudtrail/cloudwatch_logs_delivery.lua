-- Security Hub CloudTrail.5 / CIS AWS Foundations 1.4 item 3.4.  Stricter
-- than Security Hub on purpose: a log group that is set but receives nothing
-- feeds no metric filter and no alarm, so delivery must also be recent and
-- must not be failing.
local account = require("account")
local arn = require("arn")
local facts = require("facts")
local trails = require("trails")
local fixes = require("fixes")
local i18n = require("i18n")

-- The findings' messages, by language (rules/lib/i18n.lua).
local messages = {
  en = {
    what = "delivers to CloudWatch Logs",
    seconds = "{n} s",
    minutes = "{n} min",
    hours = "{n} h",
    days = "{n} days",
    -- How precisely hours and days are said (a string.format format).
    precision = "%.1f",
    never = "CloudTrail has never delivered to it",
    not_timestamp = "LatestCloudWatchLogsDeliveryTime {value} is not a timestamp",
    stale = "the last delivery was {ago} before the snapshot, more than {max} h",
    failed_with = "the last delivery failed with {error}",
    no_group = "Trail {trail} does not send its events to CloudWatch Logs: it has no"
      .. " CloudWatchLogsLogGroupArn, so no metric filter or alarm sees them.",
    undecided = "Could not decide whether trail {trail} delivers to CloudWatch Logs log group"
      .. " {group} on time: {why}.",
    status = "status",
    delivers = "Trail {trail} delivers to CloudWatch Logs log group {group}: last delivery"
      .. " {ago} before the snapshot, no delivery error.",
    not_logging = "the trail is not logging",
    bad_role = "its CloudWatchLogsRoleArn ({n} characters) is not an IAM role ARN",
    failing = "Trail {trail} is not delivering to CloudWatch Logs log group {group}: {why}.",
  },
  ja = {
    what = "CloudWatch Logs にログを配信している",
    seconds = " {n} 秒",
    minutes = " {n} 分",
    hours = "約 {n} 時間",
    days = "約 {n} 日",
    precision = "%.0f",
    never = "CloudTrail はこのロググループに一度も配信していません",
    not_timestamp = "LatestCloudWatchLogsDeliveryTime の値 {value} はタイムスタンプではありません",
    stale = "最後の配信はスナップショット取得時点の{ago}前で、{max} 時間を超えています",
    failed_with = "最後の配信はエラー {error} で失敗しました",
    no_group = "証跡{trail}はイベントを CloudWatch Logs に送信していません。"
      .. "CloudWatchLogsLogGroupArn がないため、"
      .. "メトリクスフィルターやアラームはこれらのイベントを検知できません。",
    undecided = "証跡{trail}について、"
      .. "CloudWatch Logs のロググループ「{group}」に遅れなく配信しているかどうかを判定できません:"
      .. " {why}。",
    status = "ログ記録の状態",
    delivers = "証跡{trail}は CloudWatch Logs のロググループ「{group}」に配信しています。"
      .. "最後の配信はスナップショット取得時点の{ago}前で、配信エラーはありません。",
    not_logging = "証跡はログ記録を停止しています",
    bad_role = "CloudWatchLogsRoleArn ({n} 文字) が IAM ロールの ARN ではありません",
    failing = "証跡{trail}は CloudWatch Logs のロググループ「{group}」に配信できていません: {why}。",
  },
}
local say = i18n.catalogue(messages)

local function set(v)
  return type(v) == "string" and v ~= "" and v or nil
end

-- "2 min", "72.4 h": how long before the snapshot something happened.
local function ago(seconds)
  if seconds < 120 then
    return say("seconds", {n = string.format("%d", math.floor(seconds))})
  end
  if seconds < 7200 then
    return say("minutes", {n = string.format("%d", math.floor(seconds / 60))})
  end
  if seconds < 172800 then
    return say("hours", {n = string.format(say("precision"), seconds / 3600)})
  end
  return say("days", {n = string.format(say("precision"), seconds / 86400)})
end

-- Creates a log group in the trail's home region and points the trail at it.
-- (Commands are concatenated, not string.format's: a sandboxed call that
-- costs several times more.  Every part is a string: fixes.q's, the
-- snapshot's partition and id (the loader checked), a trail's home region
-- (trails.lua) and owner (digits).)
local function fix_no_group(snapshot, t)
  local owner = arn.owner(t.arn) or snapshot.account_id
  local group = "aws-cloudtrail-logs-" .. owner .. "-" .. t.name
  local home = t.home
  local create = "aws logs create-log-group --region " .. fixes.q(home) .. " --log-group-name "
    .. fixes.q(group)
  local point = fixes.cloudtrail(t, "update-trail", "--cloud-watch-logs-log-group-arn "
    .. fixes.q("arn:" .. snapshot.partition .. ":logs:" .. home .. ":" .. owner .. ":log-group:"
               .. group .. ":*")
    .. " --cloud-watch-logs-role-arn "
    .. fixes.q("arn:" .. snapshot.partition .. ":iam::" .. owner
               .. ":role/<role CloudTrail assumes to write there>"))
  return fixes.where(t, fixes.placeholders(fixes.chain({create, point})))
end

-- The name of an IAM role from its ARN (arn:PARTITION:iam::ACCOUNT:role/PATH/NAME),
-- or nil for anything else.  The value comes from the snapshot and may be
-- any length: IAM's limit (2048) is checked first, and the pattern is
-- anchored, so it is one pass over the text.
local function role_name(role_arn)
  local f = role_arn and #role_arn <= 2048 and arn.parse(role_arn)
  if not (f and f.service == "iam" and not f.region and f.resource:sub(1, 5) == "role/") then
    return nil
  end
  local name = f.resource:reverse():match("^([^/]+)/")
  return name and name:reverse()
end

-- Delivery fails or stopped: recreate a missing group, or give the trail's
-- role the two permissions CloudTrail needs on it; start a stopped trail.
local function fix_delivery(t, group_arn, err, g, role)
  local cmds = {}
  -- (concatenated, as fix_no_group's: g's fields and role are strings)
  if g and err and err:find("NotFound", 1, true) then
    cmds[#cmds + 1] = "aws logs create-log-group --region " .. fixes.q(g.region)
      .. " --log-group-name " .. fixes.q(g.name)
  elseif role and g then
    local policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow",'
      .. '"Action":["logs:CreateLogStream","logs:PutLogEvents"],"Resource":"' .. g.arn
      .. ':log-stream:*"}]}'
    cmds[#cmds + 1] = "aws iam put-role-policy --role-name " .. fixes.q(role)
      .. " --policy-name CloudTrailToCloudWatchLogs --policy-document " .. fixes.q(policy)
  else
    -- No role, one that is not an IAM role ARN, or an unreadable group ARN:
    -- name both again.
    cmds[#cmds + 1] = fixes.cloudtrail(t, "update-trail", "--cloud-watch-logs-log-group-arn "
                                       .. fixes.q(group_arn) .. " --cloud-watch-logs-role-arn"
                                       .. " '<role ARN>'")
  end
  if t.logging == false then
    cmds[#cmds + 1] = fixes.cloudtrail(t, "start-logging")
  end
  return fixes.where(t, fixes.chain(cmds))
end

-- string.format("%g", n): an integer of at most six digits (a parameter
-- such as 24 or 365) is its own text, which tostring gives without the
-- sandboxed call string.format is.
local function g_text(n)
  if math.type(n) == "integer" and n > -1000000 and n < 1000000 then return tostring(n) end
  return string.format("%g", n)
end

-- What is wrong with the delivery (an empty list when nothing), or nil and
-- why when the snapshot cannot tell.
local function delivery_problems(status, now, max_hours)
  local max_age = max_hours * 3600
  local problems = {}
  local err = set(status.LatestCloudWatchLogsDeliveryError)
  local raw = status.LatestCloudWatchLogsDeliveryTime
  if raw == nil or raw == "" then
    problems[#problems + 1] = say("never")
  else
    local when = trailscan.timestamp(raw)
    if not when then
      return nil, say("not_timestamp", {value = tostring(raw)})
    end
    local age = now - when
    if age > max_age then
      problems[#problems + 1] = say("stale", {ago = ago(age),
                                              max = g_text(max_hours)})
    end
  end
  if err then
    problems[#problems + 1] = say("failed_with", {error = err})
  end
  return problems
end

local function judge(snapshot, params, t)
  local a = account.of(snapshot)
  if t.unsettled and trails.unsettled(t, say("what")) then return end
  local group = set(t.trail.CloudWatchLogsLogGroupArn)
  local parsed = group and arn.log_group(group) -- (fix_delivery's too)
  local name = group and (parsed and parsed.name) or group
  -- A result no report shows one by one is only counted (trailscan.keeps_fails,
  -- keeps_reviews, keeps_passes): no words for it.
  if not group then
    if not trailscan.keeps_fails then return fail() end
    local result = trails.result(t)
    result.message = say("no_group", {trail = trails.label(t)})
    result.fix = fix_no_group(snapshot, t)
    return fail(result)
  end
  if not t.status then
    if not trailscan.keeps_reviews then return review() end
    local result = trails.result(t)
    result.message = say("undecided", {trail = trails.label(t), group = name,
                                       why = t.status_missing})
    result.fix = fixes.where(t, fixes.cloudtrail(t, "get-trail-status"))
    return review(result)
  end
  local problems, why = delivery_problems(t.status, a.now, params.max_delivery_age_hours)
  if not problems then
    if not trailscan.keeps_reviews then return review() end
  elseif #problems == 0 then
    if not trailscan.keeps_passes then return pass() end
  elseif not trailscan.keeps_fails then
    return fail()
  end
  local result = trails.result(t)
  if t.owner then
    result.evidence = trails.evidence(t, t.status, say("status")) -- the message names each place
  else
    result.node = t.status
  end
  local label = trails.label(t, result.evidence)
  if not problems then
    result.message = say("undecided", {trail = label, group = name, why = why})
    result.fix = fixes.where(t, fixes.cloudtrail(t, "get-trail-status"))
    return review(result)
  end
  if #problems == 0 then
    local when = trailscan.timestamp(t.status.LatestCloudWatchLogsDeliveryTime)
    result.message = say("delivers", {trail = label, group = name,
                                      ago = ago(math.max(0, a.now - when))})
    return pass(result)
  end
  if t.logging == false then
    problems[#problems + 1] = say("not_logging")
  end
  local role = set(t.trail.CloudWatchLogsRoleArn)
  -- An account's trails mostly share one role: its name read once (lib/facts.lua).
  local role_of = role and facts.get(snapshot, "iam role name", role, role_name, role)
  if role and not role_of then
    problems[#problems + 1] = say("bad_role", {n = #role})
  end
  -- (one problem, most often, is its own clause: no table.concat, a
  -- sandboxed call; each is a message said here: a string)
  result.message = say("failing", {trail = label, group = name,
                                   why = problems[2] == nil and problems[1]
                                     or i18n.clauses(problems)})
  result.fix = fix_delivery(t, group, set(t.status.LatestCloudWatchLogsDeliveryError),
                            parsed, role_of)
  fail(result)
end

-- The remediation's AWS CLI, in both languages (texts.ja says its
-- <placeholders> in Japanese).
local CLI = "aws cloudtrail update-trail --region <home region> --name <trail>"
  .. " --cloud-watch-logs-log-group-arn arn:aws:logs:<region>:<account>:log-group:<group>:*"
  .. " --cloud-watch-logs-role-arn arn:aws:iam::<account>:role/<role>"

return {
  id = "cloudtrail-cloudwatch-logs-delivery",
  name = "CloudTrailCloudWatchLogsDelivery",
  title = "CloudTrail trails deliver to CloudWatch Logs, recently and without errors",
  severity = "low",
  description = "CloudWatch Logs is where CloudTrail events meet metric filters and alarms."
    .. " A trail with no log group, or one whose deliveries stopped or fail (a deleted role,"
    .. " a changed policy), leaves the account's alarms silent while everything looks"
    .. " configured.",
  remediation = {
    console = "CloudTrail > Trails > choose the trail > CloudWatch Logs > Edit > Enabled,"
      .. " choose a log group and an IAM role that may call logs:CreateLogStream and"
      .. " logs:PutLogEvents on it > Save changes. If deliveries fail, check that role's"
      .. " policy and trust policy; if the trail is stopped, start logging.",
    cli = CLI,
    terraform = [[
resource "aws_cloudtrail" "main" {
  # ...
  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.cloudtrail.arn}:*"
  cloud_watch_logs_role_arn  = aws_iam_role.cloudtrail_to_cloudwatch.arn
}]],
  },
  texts = {
    ja = {
      title = "CloudTrail の証跡が CloudWatch Logs に遅れなく、エラーなく配信している",
      description = "リスク: CloudTrail のイベントは CloudWatch Logs "
        .. "でメトリクスフィルターとアラームにかけられます。ロググループのない証跡や、"
        .. "配信が止まった・失敗している証跡 (ロールの削除、ポリシーの変更など) では、"
        .. "設定が整っているように見えてもアカウントのアラームは鳴りません。"
        .. "対策: 証跡から CloudWatch Logs への配信を有効にし、"
        .. "配信が続いていてエラーがないことを確認します。",
      remediation = {
        cli = fixes.placeholders_ja(CLI),
        console = "CloudTrail > 証跡 > 証跡を選択 > CloudWatch Logs > 編集 > 有効 > "
          .. "ロググループと、そのロググループに対して logs:CreateLogStream と logs:PutLogEvents "
          .. "を実行できる IAM ロールを選択 > 変更の保存。配信が失敗する場合は、"
          .. "そのロールのポリシーと信頼ポリシーを確認します。証跡が停止している場合は、"
          .. "ログ記録を開始します。",
      },
    },
  },
  messages = messages,
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-5",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetTrailStatus.html",
  },
  compliance = require("compliance").of("cloudtrail-cloudwatch-logs-delivery"),
  params = {
    max_delivery_age_hours = {
      default = 24,
      description = "The last delivery to CloudWatch Logs (LatestCloudWatchLogsDeliveryTime)"
        .. " must be at most this many hours before the snapshot was collected.",
    },
  },
  check = function(snapshot, params)
    local list = trails.each_listed(snapshot, say("what")) -- (by index: no C call per step)
    for i = 1, #list do
      judge(snapshot, params, list[i])
    end
  end,
}

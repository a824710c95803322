-- Security Hub CloudWatch.15: every CloudWatch alarm has an action for its
-- ALARM state (and, when the parameters ask, for INSUFFICIENT_DATA and OK).
-- Parameter names and defaults are Security Hub's.
local alarms = require("alarms")
local fixes = require("fixes")

-- The findings' messages, by language (rules/lib/i18n.lua), with alarms.lua's.
local messages = alarms.with{
  en = {
    none_for = "Alarm {alarm} in {region} has no action for its {states} state: it changes"
      .. " state without telling anyone.",
    none_for_many = "Alarm {alarm} in {region} has no action for its {states} states: it"
      .. " changes state without telling anyone.",
    unknown = "Could not decide whether alarm {alarm} in {region} has actions: DescribeAlarms"
      .. " shows no {members}.",
    every = "Alarm {alarm} in {region} has an action for every state required ({actions}).",
    list_sep = ", ",
    re_put = "re-put it with an action",
    then_put = "then put-{kind}-alarm with the same definition and {flag} <SNS topic ARN>",
  },
  ja = {
    none_for = "{region} のアラーム「{alarm}」には {states} 状態のアクションがありません。"
      .. "状態が変わっても、誰にも通知されません。",
    none_for_many = "{region} のアラーム「{alarm}」には {states} 状態のアクションがありません。"
      .. "状態が変わっても、誰にも通知されません。",
    unknown = "{region} のアラーム「{alarm}」にアクションがあるかどうかを判定できません: "
      .. "DescribeAlarms の結果に {members} がありません。",
    every = "{region} のアラーム「{alarm}」には、"
      .. "必要なすべての状態にアクションが設定されています ({actions})。",
    list_sep = "、",
    re_put = "アクションを加えて再作成してください",
    then_put = "その後、同じ定義に {flag} <SNS トピックの ARN> を加えて put-{kind}-alarm "
      .. "で再作成してください",
  },
}
local say = require("i18n").catalogue(messages)

local STATES = {
  {param = "alarmActionRequired", member = "AlarmActions", state = "ALARM",
   flag = "--alarm-actions"},
  {param = "insufficientDataActionRequired", member = "InsufficientDataActions",
   state = "INSUFFICIENT_DATA", flag = "--insufficient-data-actions"},
  {param = "okActionRequired", member = "OKActions", state = "OK", flag = "--ok-actions"},
}

local function opt(out, flag, v)
  if v ~= nil and v ~= trailscan.null then
    out[#out + 1] = flag .. " " .. fixes.q(tostring(v))
  end
end

-- put-metric-alarm replaces the alarm: the command is rebuilt from the
-- snapshot's definition with the missing actions added.  Metric-math and
-- composite alarms are too rich for one safe line: read, then re-put.
local function fix_for(region, alarm, kind, missing)
  local name, q = alarm.AlarmName, fixes.q(region)
  if kind == "metric" and alarm.Metrics == nil and type(alarm.MetricName) == "string" then
    local out = {string.format("aws cloudwatch put-metric-alarm --region %s --alarm-name %s", q,
                               fixes.q(name))}
    opt(out, "--namespace", alarm.Namespace)
    opt(out, "--metric-name", alarm.MetricName)
    opt(out, "--statistic", alarm.Statistic)
    opt(out, "--extended-statistic", alarm.ExtendedStatistic)
    opt(out, "--period", alarm.Period)
    opt(out, "--evaluation-periods", alarm.EvaluationPeriods)
    opt(out, "--datapoints-to-alarm", alarm.DatapointsToAlarm)
    opt(out, "--threshold", alarm.Threshold)
    opt(out, "--comparison-operator", alarm.ComparisonOperator)
    opt(out, "--treat-missing-data", alarm.TreatMissingData)
    opt(out, "--unit", alarm.Unit)
    local dims = {}
    for _, d in ipairs(type(alarm.Dimensions) == "table" and alarm.Dimensions or {}) do
      dims[#dims + 1] = fixes.q(string.format("Name=%s,Value=%s", tostring(d.Name),
                                              tostring(d.Value)))
    end
    if #dims > 0 then out[#out + 1] = "--dimensions " .. table.concat(dims, " ") end
    for _, s in ipairs(STATES) do
      local have = alarms.list(alarm[s.member])
      if missing[s.state] then have[#have + 1] = fixes.placeholders("<SNS topic ARN>") end
      if #have > 0 then out[#out + 1] = s.flag .. " " .. table.concat(have, " ") end
    end
    return fixes.fit(table.concat(out, " "), fixes.note(string.format(
      "aws cloudwatch describe-alarms --region %s --alarm-names %s", q, fixes.q(name)),
      say("re_put")))
  end
  return fixes.note(string.format("aws cloudwatch describe-alarms --region %s --alarm-names %s",
                                  q, fixes.q(name)),
                    say("then_put", {kind = kind, flag = STATES[1].flag}))
end

-- Whether an action list names an action (alarms.list would keep one),
-- without building the list: most alarms have theirs.  (By index: ipairs
-- makes a C call per step.)
local function any_action(v)
  if type(v) ~= "table" then return false end
  for i = 1, #v do
    if type(v[i]) == "string" then return true end
  end
  return false
end

local function judge(snapshot, params, region, alarm, kind)
  local name = alarm.AlarmName
  local missing, names, unknown -- made at the first problem
  for i = 1, #STATES do
    local s = STATES[i]
    if params[s.param] then
      local v = alarm[s.member]
      if v == nil then
        unknown = unknown or {}
        unknown[#unknown + 1] = s.member
      elseif not any_action(v) then
        missing, names = missing or {}, names or {}
        missing[s.state] = true
        names[#names + 1] = s.state
      end
    end
  end
  -- Most alarms pass; when no report shows passes, only count them.
  if not names and not unknown and not trailscan.keeps_passes then return pass() end
  missing, names, unknown = missing or {}, names or {}, unknown or {}
  local result = {resource = alarms.arn(snapshot, region, alarm), region = region, node = alarm}
  if #names > 0 then
    result.fix = fix_for(region, alarm, kind, missing)
    result.message = say(#names == 1 and "none_for" or "none_for_many", {
      alarm = name, region = region, states = table.concat(names, say("list_sep"))})
    return fail(result)
  end
  if #unknown > 0 then
    result.fix = string.format("aws cloudwatch describe-alarms --region %s --alarm-names %s",
                               fixes.q(region), fixes.q(name))
    result.message = say("unknown", {alarm = name, region = region,
                                     members = table.concat(unknown, say("list_sep"))})
    return review(result)
  end
  result.message = say("every", {alarm = name, region = region,
                                 actions = table.concat(alarms.list(alarm.AlarmActions),
                                                        say("list_sep"))})
  pass(result)
end

-- The remediation's AWS CLI, in both languages (texts.ja says its
-- <placeholders> in Japanese).
local CLI = "aws cloudwatch put-metric-alarm --region <region> --alarm-name <alarm> <the alarm's"
  .. " definition> --alarm-actions <SNS topic ARN>"

return {
  id = "cloudwatch-alarm-actions-configured",
  name = "CloudWatchAlarmActionsConfigured",
  title = "CloudWatch alarms have an action for the ALARM state",
  severity = "high",
  description = "An alarm without an action for its ALARM state changes colour in the console"
    .. " and nothing else: no one is notified of the event it watches (root use, a trail"
    .. " stopped, a policy changed) and nothing runs in response.",
  remediation = {
    console = "CloudWatch > Alarms > choose the alarm > Actions > Edit > Configure actions:"
      .. " Notification, In alarm, an SNS topic with a confirmed subscriber > Update alarm.",
    cli = CLI,
    terraform = [[
resource "aws_cloudwatch_metric_alarm" "example" {
  # ...
  alarm_actions = [aws_sns_topic.security_alerts.arn]
}]],
  },
  texts = {
    ja = {
      title = "CloudWatch アラームに ALARM 状態のアクションが設定されている",
      description = "リスク: ALARM 状態のアクションがないアラームは、"
        .. "コンソール上で表示が変わるだけです。監視しているイベント (ルートユーザーの使用、"
        .. "証跡の停止、ポリシーの変更など) が誰にも通知されず、対応する処理も実行されません。"
        .. "対策: すべてのアラームに、"
        .. "確認済みのサブスクリプションがある SNS トピックへの通知など、"
        .. "ALARM 状態のアクションを設定します。",
      remediation = {
        cli = fixes.placeholders_ja(CLI),
        console = "CloudWatch > アラーム > アラームを選択 > アクション > 編集 > アクションの設定: "
          .. "通知、アラーム状態トリガー「アラーム状態」、"
          .. "確認済みのサブスクリプションがある SNS トピックを選択 > アラームの更新",
      },
    },
  },
  messages = messages,
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-15",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html",
  },
  compliance = require("compliance").of("cloudwatch-alarm-actions-configured"),
  params = {
    alarmActionRequired = {
      default = true,
      description = "Security Hub's parameter: an action for the ALARM state is required.",
    },
    insufficientDataActionRequired = {
      default = false,
      description = "Security Hub's parameter: an action for INSUFFICIENT_DATA is required.",
    },
    okActionRequired = {
      default = false,
      description = "Security Hub's parameter: an action for the OK state is required.",
    },
  },
  check = function(snapshot, params)
    alarms.each(snapshot, "have_actions", function(region, alarm, kind)
      judge(snapshot, params, region, alarm, kind)
    end)
  end,
}

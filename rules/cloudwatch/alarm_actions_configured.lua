-- Security Hub CloudWatch.15: every CloudWatch alarm has an action for its
-- ALARM state (and, when the parameters ask, for INSUFFICIENT_DATA and OK).
-- Parameter names and defaults are Security Hub's.
local alarms = require("alarms")
local fixes = require("fixes")

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
      if missing[s.state] then have[#have + 1] = "<SNS topic ARN>" end
      if #have > 0 then out[#out + 1] = s.flag .. " " .. table.concat(have, " ") end
    end
    return fixes.fit(table.concat(out, " "), string.format("aws cloudwatch describe-alarms"
      .. " --region %s --alarm-names %s  # re-put it with an action", q, fixes.q(name)))
  end
  return string.format("aws cloudwatch describe-alarms --region %s --alarm-names %s  # then"
                       .. " put-%s-alarm with the same definition and %s <SNS topic ARN>", q,
                       fixes.q(name), kind, STATES[1].flag)
end

local function judge(snapshot, params, region, alarm, kind)
  local name = alarm.AlarmName
  local result = {resource = alarms.arn(snapshot, region, alarm), region = region, node = alarm}
  local missing, names, unknown = {}, {}, {}
  for _, s in ipairs(STATES) do
    if params[s.param] then
      local v = alarm[s.member]
      if v == nil then
        unknown[#unknown + 1] = s.member
      elseif #alarms.list(v) == 0 then
        missing[s.state] = true
        names[#names + 1] = s.state
      end
    end
  end
  if #names > 0 then
    result.fix = fix_for(region, alarm, kind, missing)
    result.message = string.format("Alarm %s in %s has no action for its %s state%s: it changes"
                                   .. " state without telling anyone.", name, region,
                                   table.concat(names, ", "), #names == 1 and "" or "s")
    return fail(result)
  end
  if #unknown > 0 then
    result.fix = string.format("aws cloudwatch describe-alarms --region %s --alarm-names %s",
                               fixes.q(region), fixes.q(name))
    result.message = string.format("Could not decide whether alarm %s in %s has actions:"
                                   .. " DescribeAlarms shows no %s.", name, region,
                                   table.concat(unknown, ", "))
    return review(result)
  end
  result.message = string.format("Alarm %s in %s has an action for every state required (%s).",
                                 name, region, table.concat(alarms.list(alarm.AlarmActions), ", "))
  pass(result)
end

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
    cli = "aws cloudwatch put-metric-alarm --region <region> --alarm-name <alarm> <the alarm's"
      .. " definition> --alarm-actions <SNS topic ARN>",
    terraform = [[
resource "aws_cloudwatch_metric_alarm" "example" {
  # ...
  alarm_actions = [aws_sns_topic.security_alerts.arn]
}]],
  },
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
    alarms.each(snapshot, "have actions", function(region, alarm, kind)
      judge(snapshot, params, region, alarm, kind)
    end)
  end,
}

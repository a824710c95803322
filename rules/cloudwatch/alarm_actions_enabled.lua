-- Security Hub CloudWatch.17: every CloudWatch alarm has its actions
-- enabled (ActionsEnabled), so reaching ALARM notifies someone or acts.
local alarms = require("alarms")
local fixes = require("fixes")

local function judge(snapshot, region, alarm)
  local name = alarm.AlarmName
  local result = {resource = alarms.arn(snapshot, region, alarm), region = region, node = alarm}
  if alarm.ActionsEnabled == true then
    result.message = string.format("Alarm %s in %s has its actions enabled.", name, region)
    return pass(result)
  end
  if alarm.ActionsEnabled == nil then
    result.fix = string.format("aws cloudwatch describe-alarms --region %s --alarm-names %s",
                               fixes.q(region), fixes.q(name))
    result.message = string.format("Could not decide whether alarm %s in %s has its actions"
                                   .. " enabled: DescribeAlarms shows no ActionsEnabled.", name,
                                   region)
    return review(result)
  end
  result.fix = string.format("aws cloudwatch enable-alarm-actions --region %s --alarm-names %s",
                             fixes.q(region), fixes.q(name))
  result.message = string.format("Alarm %s in %s has its actions disabled: when it goes to"
                                 .. " ALARM it notifies no one and runs nothing.", name, region)
  fail(result)
end

return {
  id = "cloudwatch-alarm-actions-enabled",
  name = "CloudWatchAlarmActionsEnabled",
  title = "CloudWatch alarms have their actions enabled",
  severity = "high",
  description = "An alarm whose actions are disabled still changes state, but sends no"
    .. " notification and runs no action, so a monitored event (root use, a trail stopped)"
    .. " goes unnoticed while the alarm looks configured.",
  remediation = {
    console = "CloudWatch > Alarms > choose the alarm > Actions > Enable actions.",
    cli = "aws cloudwatch enable-alarm-actions --region <region> --alarm-names <alarm>",
    terraform = [[
resource "aws_cloudwatch_metric_alarm" "example" {
  # ...
  actions_enabled = true
}]],
  },
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-17",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_EnableAlarmActions.html",
  },
  compliance = require("compliance").of("cloudwatch-alarm-actions-enabled"),
  check = function(snapshot)
    alarms.each(snapshot, "have their actions enabled", function(region, alarm)
      judge(snapshot, region, alarm)
    end)
  end,
}

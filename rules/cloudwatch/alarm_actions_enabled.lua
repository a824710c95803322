-- Security Hub CloudWatch.17: every CloudWatch alarm has its actions
-- enabled (ActionsEnabled), so reaching ALARM notifies someone or acts.
local alarms = require("alarms")
local fixes = require("fixes")

-- The findings' messages, by language (rules/lib/i18n.lua), with alarms.lua's.
local messages = alarms.with{
  en = {
    enabled = "Alarm {alarm} in {region} has its actions enabled.",
    unknown = "Could not decide whether alarm {alarm} in {region} has its actions enabled:"
      .. " DescribeAlarms shows no ActionsEnabled.",
    disabled = "Alarm {alarm} in {region} has its actions disabled: when it goes to ALARM it"
      .. " notifies no one and runs nothing.",
  },
  ja = {
    enabled = "{region} のアラーム「{alarm}」はアクションが有効です。",
    unknown = "{region} のアラーム「{alarm}」のアクションが有効かどうかを判定できません: "
      .. "DescribeAlarms の結果に ActionsEnabled がありません。",
    disabled = "{region} のアラーム「{alarm}」はアクションが無効です。ALARM 状態になっても、"
      .. "誰にも通知せず、何も実行しません。",
  },
}
local say = require("i18n").catalogue(messages)

local function judge(snapshot, region, alarm)
  -- Most alarms pass; when no report shows passes, only count them.
  if alarm.ActionsEnabled == true and not trailscan.keeps_passes then return pass() end
  local name = alarm.AlarmName
  local result = {resource = alarms.arn(snapshot, region, alarm), region = region, node = alarm}
  if alarm.ActionsEnabled == true then
    result.message = say("enabled", {alarm = name, region = region})
    return pass(result)
  end
  if alarm.ActionsEnabled == nil then
    result.fix = string.format("aws cloudwatch describe-alarms --region %s --alarm-names %s",
                               fixes.q(region), fixes.q(name))
    result.message = say("unknown", {alarm = name, region = region})
    return review(result)
  end
  result.fix = string.format("aws cloudwatch enable-alarm-actions --region %s --alarm-names %s",
                             fixes.q(region), fixes.q(name))
  result.message = say("disabled", {alarm = name, region = region})
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
  texts = {
    ja = {
      title = "CloudWatch アラームのアクションが有効になっている",
      description = "リスク: アクションが無効なアラームは、状態は変わっても通知を送らず、"
        .. "アクションも実行しません。アラームは設定済みに見えるのに、"
        .. "監視対象のイベント (ルートユーザーの使用、証跡の停止など) に気付けません。"
        .. "対策: すべてのアラームのアクションを有効にします。",
      remediation = {
        console = "CloudWatch > アラーム > アラームを選択 >「Actions」メニューから「Alarm "
          .. "actions」>「Enable」を選択します (英語のコンソールの表記)。",
      },
    },
  },
  messages = messages,
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-17",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_EnableAlarmActions.html",
  },
  compliance = require("compliance").of("cloudwatch-alarm-actions-enabled"),
  check = function(snapshot)
    alarms.each(snapshot, "actions_enabled", function(region, alarm)
      judge(snapshot, region, alarm)
    end)
  end,
}

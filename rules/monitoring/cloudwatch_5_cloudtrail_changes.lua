-- Security Hub CloudWatch.5 / CIS AWS Foundations 1.2.0 3.5, 1.4.0 4.5, 3.0.0 4.5.
-- An active multi-region trail with all management events delivers to a log
-- group whose metric filter matches every event of the CIS pattern, and an
-- alarm on that filter's metric notifies a confirmed SNS subscriber
-- (lib/monitoring.lua; patterns are compared by meaning, lib/filter_pattern.lua).
local fp = require("filter_pattern")
local monitoring = require("monitoring")

-- The pattern the fix installs.
local CIS = [[{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}]]

local spec = {
  what = "CloudTrail configuration changes",
  what_ja = "CloudTrail の設定変更",
  references = {
    -- Security Hub CloudWatch.5 / CIS: the pattern the fix installs.
    {source = "CIS", pattern = CIS},
    -- Every event it lists is CloudTrail's (eventSource cloudtrail.amazonaws.com): a
    -- filter that also wants that eventSource, as AWS's own Security Hub
    -- remediation may, monitors the same events, however it is parenthesised.
    {source = "CIS (eventSource cloudtrail.amazonaws.com)",
     pattern = fp.within(CIS, "$.eventSource = cloudtrail.amazonaws.com")},
  },
  filter_name = "CIS-CloudTrailConfigChanges",
  metric_name = "CloudTrailChangesCount",
  alarm_name = "cis-cloudtrail-config-changes",
}

return {
  id = "cis-alarm-cloudtrail-changes",
  name = "CloudTrailChangesAlarm",
  title = "A metric filter and alarm exist for CloudTrail configuration changes",
  severity = "low",
  description = "Stopping, deleting or reconfiguring a trail blinds every control that depends "
    .. "on CloudTrail. Without an alarm, logging can be switched off unnoticed.",
  remediation = monitoring.remediation(spec),
  texts = {
    ja = {
      title = "CloudTrail の設定変更を検知するメトリクスフィルターとアラームがある",
      description = "リスク: 証跡の停止、削除、設定変更は、"
        .. "CloudTrail に依存するすべての統制を機能させなくします。アラームがないと、"
        .. "ログ記録を気付かれずに止められてしまいます。"
        .. "対策: すべての管理イベントを記録するログ記録中のマルチリージョン証跡のロググループに、"
        .. "CloudTrail の設定変更を検知するメトリクスフィルターを作成し、"
        .. "そのメトリクスのアラームから、"
        .. "確認済みのサブスクリプションがある SNS トピックに通知します。",
      remediation = monitoring.remediation_ja(spec),
    },
  },
  messages = monitoring.messages,
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-5",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html",
  },
  compliance = require("compliance").of("cis-alarm-cloudtrail-changes"),
  check = function(snapshot, params)
    monitoring.judge(snapshot, params, spec)
  end,
}

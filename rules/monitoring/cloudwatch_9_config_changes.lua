-- Security Hub CloudWatch.9 / CIS AWS Foundations 1.2.0 3.9, 1.4.0 4.9, 3.0.0 4.9.
-- An active multi-region trail with all management events delivers to a log
-- group whose metric filter matches every event of the CIS pattern, and an
-- alarm on that filter's metric notifies a confirmed SNS subscriber
-- (lib/monitoring.lua; patterns are compared by meaning, lib/filter_pattern.lua).
local monitoring = require("monitoring")

local spec = {
  what = "AWS Config configuration changes",
  what_ja = "AWS Config の設定変更",
  references = {
    -- Security Hub CloudWatch.9 / CIS: the pattern the fix installs.
    {source = "CIS", pattern = [[{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}]]},
  },
  filter_name = "CIS-AWSConfigChanges",
  metric_name = "AWSConfigChangesCount",
  alarm_name = "cis-aws-config-changes",
}

return {
  id = "cis-alarm-config-changes",
  name = "ConfigChangesAlarm",
  title = "A metric filter and alarm exist for AWS Config configuration changes",
  severity = "low",
  description = "Stopping the AWS Config recorder or changing its delivery channel removes the "
    .. "record of configuration changes. Without an alarm, that loss of visibility "
    .. "goes unnoticed.",
  remediation = monitoring.remediation(spec),
  texts = {
    ja = {
      title = "AWS Config の設定変更を検知するメトリクスフィルターとアラームがある",
      description = "リスク: AWS Config のレコーダーの停止や配信チャネルの変更により、"
        .. "設定変更の記録が失われます。アラームがないと、この可視性の喪失に気付けません。"
        .. "対策: すべての管理イベントを記録するログ記録中のマルチリージョン証跡のロググループに、"
        .. "AWS Config の設定変更を検知するメトリクスフィルターを作成し、"
        .. "そのメトリクスのアラームから、"
        .. "確認済みのサブスクリプションがある SNS トピックに通知します。",
      remediation = monitoring.remediation_ja(spec),
    },
  },
  messages = monitoring.messages,
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-9",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html",
  },
  compliance = require("compliance").of("cis-alarm-config-changes"),
  check = function(snapshot, params)
    monitoring.judge(snapshot, params, spec)
  end,
}

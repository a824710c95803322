-- Security Hub CloudWatch.12 / CIS AWS Foundations 1.2.0 3.12, 1.4.0 4.12, 3.0.0 4.12.
-- An active multi-region trail with all management events delivers to a log
-- group whose metric filter matches every event of the CIS pattern, and an
-- alarm on that filter's metric notifies a confirmed SNS subscriber
-- (lib/monitoring.lua; patterns are compared by meaning, lib/filter_pattern.lua).
local fp = require("filter_pattern")
local monitoring = require("monitoring")

-- The pattern the fix installs.
local CIS = [[{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}]]

local spec = {
  what = "network gateway changes",
  what_ja = "ネットワークゲートウェイの変更",
  references = {
    -- Security Hub CloudWatch.12 / CIS: the pattern the fix installs.
    {source = "CIS", pattern = CIS},
    -- Every event it lists is EC2's (eventSource ec2.amazonaws.com): a
    -- filter that also wants that eventSource, as AWS's own Security Hub
    -- remediation may, monitors the same events, however it is parenthesised.
    {source = "CIS (eventSource ec2.amazonaws.com)",
     pattern = fp.within(CIS, "$.eventSource = ec2.amazonaws.com")},
  },
  filter_name = "CIS-NetworkGatewayChanges",
  metric_name = "NetworkGatewayChangesCount",
  alarm_name = "cis-network-gateway-changes",
}

return {
  id = "cis-alarm-network-gateway-changes",
  name = "NetworkGatewayChangesAlarm",
  title = "A metric filter and alarm exist for network gateway changes",
  severity = "low",
  description = "Internet and customer gateways are the ways in and out of a VPC. Without an "
    .. "alarm, a new way out for data goes unnoticed.",
  remediation = monitoring.remediation(spec),
  texts = {
    ja = {
      title = "ネットワークゲートウェイの変更を検知するメトリクスフィルターとアラームがある",
      description = "リスク: インターネットゲートウェイとカスタマーゲートウェイは、"
        .. "VPC の出入口です。アラームがないと、データを持ち出す新しい経路に気付けません。"
        .. "対策: すべての管理イベントを記録するログ記録中のマルチリージョン証跡のロググループに、"
        .. "ネットワークゲートウェイの変更を検知するメトリクスフィルターを作成し、"
        .. "そのメトリクスのアラームから、"
        .. "確認済みのサブスクリプションがある SNS トピックに通知します。",
      remediation = monitoring.remediation_ja(spec),
    },
  },
  messages = monitoring.messages,
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-12",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html",
  },
  compliance = require("compliance").of("cis-alarm-network-gateway-changes"),
  check = function(snapshot, params)
    monitoring.judge(snapshot, params, spec)
  end,
}

-- Security Hub CloudWatch.14 / CIS AWS Foundations 1.2.0 3.14, 1.4.0 4.14, 3.0.0 4.14.
-- An active multi-region trail with all management events delivers to a log
-- group whose metric filter matches every event of the CIS pattern, and an
-- alarm on that filter's metric notifies a confirmed SNS subscriber
-- (lib/monitoring.lua; patterns are compared by meaning, lib/filter_pattern.lua).
local fp = require("filter_pattern")
local monitoring = require("monitoring")

-- The pattern the fix installs.
local CIS = [[{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}]]

local spec = {
  what = "VPC changes",
  what_ja = "VPC の変更",
  references = {
    -- Security Hub CloudWatch.14 / CIS: the pattern the fix installs.
    {source = "CIS", pattern = CIS},
    -- Every event it lists is EC2's (eventSource ec2.amazonaws.com): a
    -- filter that also wants that eventSource, as AWS's own Security Hub
    -- remediation may, monitors the same events, however it is parenthesised.
    {source = "CIS (eventSource ec2.amazonaws.com)",
     pattern = fp.within(CIS, "$.eventSource = ec2.amazonaws.com")},
  },
  filter_name = "CIS-VPCChanges",
  metric_name = "VPCChangesCount",
  alarm_name = "cis-vpc-changes",
}

return {
  id = "cis-alarm-vpc-changes",
  name = "VpcChangesAlarm",
  title = "A metric filter and alarm exist for VPC changes",
  severity = "low",
  description = "VPC changes, peering connections among them, change which networks can reach "
    .. "each other. Without an alarm, a new peering with an outside VPC goes "
    .. "unnoticed.",
  remediation = monitoring.remediation(spec),
  texts = {
    ja = {
      title = "VPC の変更を検知するメトリクスフィルターとアラームがある",
      description = "リスク: ピアリング接続を含む VPC の変更は、"
        .. "どのネットワーク同士が通信できるかを変えます。アラームがないと、"
        .. "外部の VPC との新しいピアリングに気付けません。"
        .. "対策: すべての管理イベントを記録するログ記録中のマルチリージョン証跡のロググループに、"
        .. "VPC の変更を検知するメトリクスフィルターを作成し、そのメトリクスのアラームから、"
        .. "確認済みのサブスクリプションがある SNS トピックに通知します。",
      remediation = monitoring.remediation_ja(spec),
    },
  },
  messages = monitoring.messages,
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-14",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html",
  },
  compliance = require("compliance").of("cis-alarm-vpc-changes"),
  check = function(snapshot, params)
    monitoring.judge(snapshot, params, spec)
  end,
}

-- Security Hub CloudWatch.10 / CIS AWS Foundations 1.2.0 3.10, 1.4.0 4.10, 3.0.0 4.10.
-- An active multi-region trail with all management events delivers to a log
-- group whose metric filter matches every event of the CIS pattern, and an
-- alarm on that filter's metric notifies a confirmed SNS subscriber
-- (lib/monitoring.lua; patterns are compared by meaning, lib/filter_pattern.lua).
local fp = require("filter_pattern")
local monitoring = require("monitoring")

-- The pattern the fix installs.
local CIS = [[{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}]]

local spec = {
  what = "security group changes",
  what_ja = "セキュリティグループの変更",
  references = {
    -- Security Hub CloudWatch.10 / CIS: the pattern the fix installs.
    {source = "CIS", pattern = CIS},
    -- Every event it lists is EC2's (eventSource ec2.amazonaws.com): a
    -- filter that also wants that eventSource, as AWS's own Security Hub
    -- remediation may, monitors the same events, however it is parenthesised.
    {source = "CIS (eventSource ec2.amazonaws.com)",
     pattern = fp.within(CIS, "$.eventSource = ec2.amazonaws.com")},
  },
  filter_name = "CIS-SecurityGroupChanges",
  metric_name = "SecurityGroupChangesCount",
  alarm_name = "cis-security-group-changes",
}

return {
  id = "cis-alarm-security-group-changes",
  name = "SecurityGroupChangesAlarm",
  title = "A metric filter and alarm exist for security group changes",
  severity = "low",
  description = "Security groups decide which traffic reaches instances. Without an alarm, a "
    .. "rule that opens a port to the internet goes unnoticed.",
  remediation = monitoring.remediation(spec),
  texts = {
    ja = {
      title = "セキュリティグループの変更を検知するメトリクスフィルターとアラームがある",
      description = "リスク: セキュリティグループは、どの通信がインスタンスに届くかを決めます。"
        .. "アラームがないと、ポートをインターネットに開放するルールに気付けません。"
        .. "対策: すべての管理イベントを記録するログ記録中のマルチリージョン証跡のロググループに、"
        .. "セキュリティグループの変更を検知するメトリクスフィルターを作成し、"
        .. "そのメトリクスのアラームから、"
        .. "確認済みのサブスクリプションがある SNS トピックに通知します。",
      remediation = monitoring.remediation_ja(spec),
    },
  },
  messages = monitoring.messages,
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-10",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html",
  },
  compliance = require("compliance").of("cis-alarm-security-group-changes"),
  check = function(snapshot, params)
    monitoring.judge(snapshot, params, spec)
  end,
}

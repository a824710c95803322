-- Security Hub CloudWatch.11 / CIS AWS Foundations 1.2.0 3.11, 1.4.0 4.11, 3.0.0 4.11.
-- An active multi-region trail with all management events delivers to a log
-- group whose metric filter matches every event of the CIS pattern, and an
-- alarm on that filter's metric notifies a confirmed SNS subscriber
-- (lib/monitoring.lua; patterns are compared by meaning, lib/filter_pattern.lua).
local fp = require("filter_pattern")
local monitoring = require("monitoring")

-- The pattern the fix installs.
local CIS = [[{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}]]

local spec = {
  what = "network ACL changes",
  what_ja = "ネットワーク ACL の変更",
  references = {
    -- Security Hub CloudWatch.11 / CIS: the pattern the fix installs.
    {source = "CIS", pattern = CIS},
    -- Every event it lists is EC2's (eventSource ec2.amazonaws.com): a
    -- filter that also wants that eventSource, as AWS's own Security Hub
    -- remediation may, monitors the same events, however it is parenthesised.
    {source = "CIS (eventSource ec2.amazonaws.com)",
     pattern = fp.within(CIS, "$.eventSource = ec2.amazonaws.com")},
  },
  filter_name = "CIS-NACLChanges",
  metric_name = "NACLChangesCount",
  alarm_name = "cis-nacl-changes",
}

return {
  id = "cis-alarm-nacl-changes",
  name = "NetworkAclChangesAlarm",
  title = "A metric filter and alarm exist for network ACL changes",
  severity = "low",
  description = "Network ACLs decide which traffic enters and leaves subnets. Without an alarm, "
    .. "an ACL opened to the internet goes unnoticed.",
  remediation = monitoring.remediation(spec),
  texts = {
    ja = {
      title = "ネットワーク ACL の変更を検知するメトリクスフィルターとアラームがある",
      description = "リスク: ネットワーク ACL は、サブネットに出入りする通信を決めます。"
        .. "アラームがないと、インターネットに開放された ACL に気付けません。"
        .. "対策: すべての管理イベントを記録するログ記録中のマルチリージョン証跡のロググループに、"
        .. "ネットワーク ACL の変更を検知するメトリクスフィルターを作成し、"
        .. "そのメトリクスのアラームから、"
        .. "確認済みのサブスクリプションがある SNS トピックに通知します。",
      remediation = monitoring.remediation_ja(spec),
    },
  },
  messages = monitoring.messages,
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-11",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html",
  },
  compliance = require("compliance").of("cis-alarm-nacl-changes"),
  check = function(snapshot, params)
    monitoring.judge(snapshot, params, spec)
  end,
}

-- Security Hub CloudWatch.11 / CIS AWS Foundations 1.2.0 3.11, 1.4.0 4.11, 3.0.0 4.11.
-- An active multi-region trail with all management events delivers to a log
-- group whose metric filter matches every event of the CIS pattern, and an
-- alarm on that filter's metric notifies a confirmed SNS subscriber
-- (lib/monitoring.lua; patterns are compared by meaning, lib/filter_pattern.lua).
local monitoring = require("monitoring")

local spec = {
  what = "network ACL changes",
  references = {
    -- Security Hub CloudWatch.11 / CIS: the pattern the fix installs.
    {source = "CIS", pattern = [[{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}]]},
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

-- Security Hub CloudWatch.14 / CIS AWS Foundations 1.2.0 3.14, 1.4.0 4.14, 3.0.0 4.14.
-- An active multi-region trail with all management events delivers to a log
-- group whose metric filter matches every event of the CIS pattern, and an
-- alarm on that filter's metric notifies a confirmed SNS subscriber
-- (lib/monitoring.lua; patterns are compared by meaning, lib/filter_pattern.lua).
local monitoring = require("monitoring")

local spec = {
  what = "VPC changes",
  references = {
    -- Security Hub CloudWatch.14 / CIS: the pattern the fix installs.
    {source = "CIS", pattern = [[{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}]]},
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
  remediation = {
    console = "CloudWatch > Log groups > the log group of an active multi-region trail that "
      .. "logs all management events > Actions > Create metric filter with the CIS "
      .. "pattern (metric namespace CISBenchmark, metric name VPCChangesCount, value 1); "
      .. "then create an alarm on that metric (Sum >= 1 over 5 minutes) whose action "
      .. "notifies an SNS topic with at least one confirmed subscription.",
    cli = "aws logs put-metric-filter --log-group-name <trail log group>"
      .. " --filter-name CIS-VPCChanges --metric-transformations"
      .. " metricName=VPCChangesCount,metricNamespace=CISBenchmark,metricValue=1"
      .. " --filter-pattern '" .. spec.references[1].pattern .. "'"
      .. " && aws cloudwatch put-metric-alarm --alarm-name cis-vpc-changes"
      .. " --metric-name VPCChangesCount --namespace CISBenchmark --statistic Sum"
      .. " --period 300 --evaluation-periods 1 --threshold 1"
      .. " --comparison-operator GreaterThanOrEqualToThreshold"
      .. " --alarm-actions <SNS topic ARN with a confirmed subscription>",
    terraform = [=[
resource "aws_cloudwatch_log_metric_filter" "cis_vpc_changes" {
  name           = "CIS-VPCChanges"
  log_group_name = "<trail log group>"
  pattern        = "{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}"
  metric_transformation {
    name      = "VPCChangesCount"
    namespace = "CISBenchmark"
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "cis_vpc_changes" {
  alarm_name          = "cis-vpc-changes"
  metric_name         = aws_cloudwatch_log_metric_filter.cis_vpc_changes.metric_transformation[0].name
  namespace           = aws_cloudwatch_log_metric_filter.cis_vpc_changes.metric_transformation[0].namespace
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = ["<SNS topic ARN with a confirmed subscription>"]
}]=],
  },
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-14",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html",
  },
  compliance = {
    ["aws-securityhub"] = {"CloudWatch.14"},
    ["cis-aws-1.2"] = {"3.14"},
    ["cis-aws-1.4"] = {"4.14"},
    ["cis-aws-3.0"] = {"4.14"},
  },
  check = function(snapshot, params)
    monitoring.judge(snapshot, params, spec)
  end,
}

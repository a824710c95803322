-- Security Hub CloudWatch.10 / CIS AWS Foundations 1.2.0 3.10, 1.4.0 4.10, 3.0.0 4.10.
-- An active multi-region trail with all management events delivers to a log
-- group whose metric filter matches every event of the CIS pattern, and an
-- alarm on that filter's metric notifies a confirmed SNS subscriber
-- (lib/monitoring.lua; patterns are compared by meaning, lib/filter_pattern.lua).
local monitoring = require("monitoring")

local spec = {
  what = "security group changes",
  references = {
    -- Security Hub CloudWatch.10 / CIS: the pattern the fix installs.
    {source = "CIS", pattern = [[{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}]]},
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
  remediation = {
    console = "CloudWatch > Log groups > the log group of an active multi-region trail that "
      .. "logs all management events > Actions > Create metric filter with the CIS "
      .. "pattern (metric namespace CISBenchmark, metric name SecurityGroupChangesCount, "
      .. "value 1); then create an alarm on that metric (Sum >= 1 over 5 minutes) whose "
      .. "action notifies an SNS topic with at least one confirmed subscription.",
    cli = "aws logs put-metric-filter --log-group-name <trail log group>"
      .. " --filter-name CIS-SecurityGroupChanges --metric-transformations"
      .. " metricName=SecurityGroupChangesCount,metricNamespace=CISBenchmark,metricValue=1"
      .. " --filter-pattern '" .. spec.references[1].pattern .. "'"
      .. " && aws cloudwatch put-metric-alarm --alarm-name cis-security-group-changes"
      .. " --metric-name SecurityGroupChangesCount --namespace CISBenchmark --statistic Sum"
      .. " --period 300 --evaluation-periods 1 --threshold 1"
      .. " --comparison-operator GreaterThanOrEqualToThreshold"
      .. " --alarm-actions <SNS topic ARN with a confirmed subscription>",
    terraform = [=[
resource "aws_cloudwatch_log_metric_filter" "cis_security_group_changes" {
  name           = "CIS-SecurityGroupChanges"
  log_group_name = "<trail log group>"
  pattern        = "{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}"
  metric_transformation {
    name      = "SecurityGroupChangesCount"
    namespace = "CISBenchmark"
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "cis_security_group_changes" {
  alarm_name          = "cis-security-group-changes"
  metric_name         = aws_cloudwatch_log_metric_filter.cis_security_group_changes.metric_transformation[0].name
  namespace           = aws_cloudwatch_log_metric_filter.cis_security_group_changes.metric_transformation[0].namespace
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
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-10",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html",
  },
  compliance = {
    ["aws-securityhub"] = {"CloudWatch.10"},
    ["cis-aws-1.2"] = {"3.10"},
    ["cis-aws-1.4"] = {"4.10"},
    ["cis-aws-3.0"] = {"4.10"},
  },
  check = function(snapshot, params)
    monitoring.judge(snapshot, params, spec)
  end,
}

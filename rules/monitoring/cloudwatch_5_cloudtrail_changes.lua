-- Security Hub CloudWatch.5 / CIS AWS Foundations 1.2.0 3.5, 1.4.0 4.5, 3.0.0 4.5.
-- An active multi-region trail with all management events delivers to a log
-- group whose metric filter matches every event of the CIS pattern, and an
-- alarm on that filter's metric notifies a confirmed SNS subscriber
-- (lib/monitoring.lua; patterns are compared by meaning, lib/filter_pattern.lua).
local monitoring = require("monitoring")

local spec = {
  what = "CloudTrail configuration changes",
  references = {
    -- Security Hub CloudWatch.5 / CIS: the pattern the fix installs.
    {source = "CIS", pattern = [[{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}]]},
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
  remediation = {
    console = "CloudWatch > Log groups > the log group of an active multi-region trail that "
      .. "logs all management events > Actions > Create metric filter with the CIS "
      .. "pattern (metric namespace CISBenchmark, metric name CloudTrailChangesCount, "
      .. "value 1); then create an alarm on that metric (Sum >= 1 over 5 minutes) whose "
      .. "action notifies an SNS topic with at least one confirmed subscription.",
    cli = "aws logs put-metric-filter --log-group-name <trail log group>"
      .. " --filter-name CIS-CloudTrailConfigChanges --metric-transformations"
      .. " metricName=CloudTrailChangesCount,metricNamespace=CISBenchmark,metricValue=1"
      .. " --filter-pattern '" .. spec.references[1].pattern .. "'"
      .. " && aws cloudwatch put-metric-alarm --alarm-name cis-cloudtrail-config-changes"
      .. " --metric-name CloudTrailChangesCount --namespace CISBenchmark --statistic Sum"
      .. " --period 300 --evaluation-periods 1 --threshold 1"
      .. " --comparison-operator GreaterThanOrEqualToThreshold"
      .. " --alarm-actions <SNS topic ARN with a confirmed subscription>",
    terraform = [=[
resource "aws_cloudwatch_log_metric_filter" "cis_cloudtrail_config_changes" {
  name           = "CIS-CloudTrailConfigChanges"
  log_group_name = "<trail log group>"
  pattern        = "{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}"
  metric_transformation {
    name      = "CloudTrailChangesCount"
    namespace = "CISBenchmark"
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "cis_cloudtrail_config_changes" {
  alarm_name          = "cis-cloudtrail-config-changes"
  metric_name         = aws_cloudwatch_log_metric_filter.cis_cloudtrail_config_changes.metric_transformation[0].name
  namespace           = aws_cloudwatch_log_metric_filter.cis_cloudtrail_config_changes.metric_transformation[0].namespace
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
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-5",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html",
  },
  compliance = {
    ["aws-securityhub"] = {"CloudWatch.5"},
    ["cis-aws-1.2"] = {"3.5"},
    ["cis-aws-1.4"] = {"4.5"},
    ["cis-aws-3.0"] = {"4.5"},
  },
  check = function(snapshot, params)
    monitoring.judge(snapshot, params, spec)
  end,
}

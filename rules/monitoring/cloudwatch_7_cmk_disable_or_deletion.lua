-- Security Hub CloudWatch.7 / CIS AWS Foundations 1.2.0 3.7, 1.4.0 4.7, 3.0.0 4.7.
-- An active multi-region trail with all management events delivers to a log
-- group whose metric filter matches every event of the CIS pattern, and an
-- alarm on that filter's metric notifies a confirmed SNS subscriber
-- (lib/monitoring.lua; patterns are compared by meaning, lib/filter_pattern.lua).
local monitoring = require("monitoring")

local spec = {
  what = "disabling or scheduled deletion of KMS customer managed keys",
  references = {
    -- Security Hub CloudWatch.7 / CIS: the pattern the fix installs.
    {source = "CIS", pattern = [[{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}]]},
  },
  filter_name = "CIS-DisableOrDeleteCMK",
  metric_name = "DisableOrDeleteCMKCount",
  alarm_name = "cis-disable-or-delete-cmk",
}

return {
  id = "cis-alarm-cmk-disable-or-deletion",
  name = "CmkDisableOrDeletionAlarm",
  title = "A metric filter and alarm exist for disabling or scheduled deletion of customer managed keys",
  severity = "low",
  description = "Disabling a KMS customer managed key, or scheduling its deletion, makes the "
    .. "data encrypted with it unreadable, for good once the key is deleted. Without "
    .. "an alarm, the waiting period passes unnoticed.",
  remediation = {
    console = "CloudWatch > Log groups > the log group of an active multi-region trail that "
      .. "logs all management events > Actions > Create metric filter with the CIS "
      .. "pattern (metric namespace CISBenchmark, metric name DisableOrDeleteCMKCount, "
      .. "value 1); then create an alarm on that metric (Sum >= 1 over 5 minutes) whose "
      .. "action notifies an SNS topic with at least one confirmed subscription.",
    cli = "aws logs put-metric-filter --log-group-name <trail log group>"
      .. " --filter-name CIS-DisableOrDeleteCMK --metric-transformations"
      .. " metricName=DisableOrDeleteCMKCount,metricNamespace=CISBenchmark,metricValue=1"
      .. " --filter-pattern '" .. spec.references[1].pattern .. "'"
      .. " && aws cloudwatch put-metric-alarm --alarm-name cis-disable-or-delete-cmk"
      .. " --metric-name DisableOrDeleteCMKCount --namespace CISBenchmark --statistic Sum"
      .. " --period 300 --evaluation-periods 1 --threshold 1"
      .. " --comparison-operator GreaterThanOrEqualToThreshold"
      .. " --alarm-actions <SNS topic ARN with a confirmed subscription>",
    terraform = [=[
resource "aws_cloudwatch_log_metric_filter" "cis_disable_or_delete_cmk" {
  name           = "CIS-DisableOrDeleteCMK"
  log_group_name = "<trail log group>"
  pattern        = "{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}"
  metric_transformation {
    name      = "DisableOrDeleteCMKCount"
    namespace = "CISBenchmark"
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "cis_disable_or_delete_cmk" {
  alarm_name          = "cis-disable-or-delete-cmk"
  metric_name         = aws_cloudwatch_log_metric_filter.cis_disable_or_delete_cmk.metric_transformation[0].name
  namespace           = aws_cloudwatch_log_metric_filter.cis_disable_or_delete_cmk.metric_transformation[0].namespace
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
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-7",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html",
  },
  compliance = {
    ["aws-securityhub"] = {"CloudWatch.7"},
    ["cis-aws-1.2"] = {"3.7"},
    ["cis-aws-1.4"] = {"4.7"},
    ["cis-aws-3.0"] = {"4.7"},
  },
  check = function(snapshot, params)
    monitoring.judge(snapshot, params, spec)
  end,
}

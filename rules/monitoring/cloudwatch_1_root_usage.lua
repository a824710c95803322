-- Security Hub CloudWatch.1 / CIS AWS Foundations 1.2.0 1.1/3.3, 1.4.0 1.7/4.3, 3.0.0 4.3.
-- An active multi-region trail with all management events delivers to a log
-- group whose metric filter matches every event of the CIS pattern, and an
-- alarm on that filter's metric notifies a confirmed SNS subscriber
-- (lib/monitoring.lua; patterns are compared by meaning, lib/filter_pattern.lua).
local monitoring = require("monitoring")

local spec = {
  what = "usage of the root user",
  references = {
    -- Security Hub CloudWatch.1 / CIS: the pattern the fix installs.
    {source = "CIS", pattern = [[{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}]]},
  },
  filter_name = "CIS-RootAccountUsage",
  metric_name = "RootAccountUsageCount",
  alarm_name = "cis-root-account-usage",
}

return {
  id = "cis-alarm-root-usage",
  name = "RootUserUsageAlarm",
  title = "A metric filter and alarm exist for usage of the root user",
  severity = "low",
  description = "The root user can do anything in the account and no IAM policy restricts it. "
    .. "Without an alarm on its use, a stolen root password or access key is used "
    .. "unnoticed.",
  remediation = {
    console = "CloudWatch > Log groups > the log group of an active multi-region trail that "
      .. "logs all management events > Actions > Create metric filter with the CIS "
      .. "pattern (metric namespace CISBenchmark, metric name RootAccountUsageCount, "
      .. "value 1); then create an alarm on that metric (Sum >= 1 over 5 minutes) whose "
      .. "action notifies an SNS topic with at least one confirmed subscription.",
    cli = "aws logs put-metric-filter --log-group-name <trail log group>"
      .. " --filter-name CIS-RootAccountUsage --metric-transformations"
      .. " metricName=RootAccountUsageCount,metricNamespace=CISBenchmark,metricValue=1"
      .. " --filter-pattern '" .. spec.references[1].pattern .. "'"
      .. " && aws cloudwatch put-metric-alarm --alarm-name cis-root-account-usage"
      .. " --metric-name RootAccountUsageCount --namespace CISBenchmark --statistic Sum"
      .. " --period 300 --evaluation-periods 1 --threshold 1"
      .. " --comparison-operator GreaterThanOrEqualToThreshold"
      .. " --alarm-actions <SNS topic ARN with a confirmed subscription>",
    terraform = [=[
resource "aws_cloudwatch_log_metric_filter" "cis_root_account_usage" {
  name           = "CIS-RootAccountUsage"
  log_group_name = "<trail log group>"
  pattern        = "{$.userIdentity.type=\"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !=\"AwsServiceEvent\"}"
  metric_transformation {
    name      = "RootAccountUsageCount"
    namespace = "CISBenchmark"
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "cis_root_account_usage" {
  alarm_name          = "cis-root-account-usage"
  metric_name         = aws_cloudwatch_log_metric_filter.cis_root_account_usage.metric_transformation[0].name
  namespace           = aws_cloudwatch_log_metric_filter.cis_root_account_usage.metric_transformation[0].namespace
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
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-1",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html",
  },
  compliance = {
    ["aws-securityhub"] = {"CloudWatch.1"},
    ["cis-aws-1.2"] = {"1.1", "3.3"},
    ["cis-aws-1.4"] = {"1.7", "4.3"},
    ["cis-aws-3.0"] = {"4.3"},
  },
  check = function(snapshot, params)
    monitoring.judge(snapshot, params, spec)
  end,
}

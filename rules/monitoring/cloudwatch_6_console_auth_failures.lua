-- Security Hub CloudWatch.6 / CIS AWS Foundations 1.2.0 3.6, 1.4.0 4.6, 3.0.0 4.6.
-- An active multi-region trail with all management events delivers to a log
-- group whose metric filter matches every event of the CIS pattern, and an
-- alarm on that filter's metric notifies a confirmed SNS subscriber
-- (lib/monitoring.lua; patterns are compared by meaning, lib/filter_pattern.lua).
local monitoring = require("monitoring")

local spec = {
  what = "console authentication failures",
  references = {
    -- Security Hub CloudWatch.6 / CIS: the pattern the fix installs.
    {source = "CIS", pattern = [[{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}]]},
  },
  filter_name = "CIS-ConsoleAuthenticationFailures",
  metric_name = "ConsoleAuthenticationFailureCount",
  alarm_name = "cis-console-authentication-failures",
}

return {
  id = "cis-alarm-console-auth-failures",
  name = "ConsoleAuthFailuresAlarm",
  title = "A metric filter and alarm exist for console authentication failures",
  severity = "low",
  description = "Repeated failed console sign-ins point at password guessing. Without an alarm, "
    .. "a brute-force attempt and its source go unnoticed.",
  remediation = {
    console = "CloudWatch > Log groups > the log group of an active multi-region trail that "
      .. "logs all management events > Actions > Create metric filter with the CIS "
      .. "pattern (metric namespace CISBenchmark, metric name "
      .. "ConsoleAuthenticationFailureCount, value 1); then create an alarm on that "
      .. "metric (Sum >= 1 over 5 minutes) whose action notifies an SNS topic with at "
      .. "least one confirmed subscription.",
    cli = "aws logs put-metric-filter --log-group-name <trail log group>"
      .. " --filter-name CIS-ConsoleAuthenticationFailures --metric-transformations"
      .. " metricName=ConsoleAuthenticationFailureCount,metricNamespace=CISBenchmark,metricValue=1"
      .. " --filter-pattern '" .. spec.references[1].pattern .. "'"
      .. " && aws cloudwatch put-metric-alarm --alarm-name cis-console-authentication-failures"
      .. " --metric-name ConsoleAuthenticationFailureCount --namespace CISBenchmark --statistic Sum"
      .. " --period 300 --evaluation-periods 1 --threshold 1"
      .. " --comparison-operator GreaterThanOrEqualToThreshold"
      .. " --alarm-actions <SNS topic ARN with a confirmed subscription>",
    terraform = [=[
resource "aws_cloudwatch_log_metric_filter" "cis_console_authentication_failures" {
  name           = "CIS-ConsoleAuthenticationFailures"
  log_group_name = "<trail log group>"
  pattern        = "{($.eventName=ConsoleLogin) && ($.errorMessage=\"Failed authentication\")}"
  metric_transformation {
    name      = "ConsoleAuthenticationFailureCount"
    namespace = "CISBenchmark"
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "cis_console_authentication_failures" {
  alarm_name          = "cis-console-authentication-failures"
  metric_name         = aws_cloudwatch_log_metric_filter.cis_console_authentication_failures.metric_transformation[0].name
  namespace           = aws_cloudwatch_log_metric_filter.cis_console_authentication_failures.metric_transformation[0].namespace
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
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-6",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html",
  },
  compliance = {
    ["aws-securityhub"] = {"CloudWatch.6"},
    ["cis-aws-1.2"] = {"3.6"},
    ["cis-aws-1.4"] = {"4.6"},
    ["cis-aws-3.0"] = {"4.6"},
  },
  check = function(snapshot, params)
    monitoring.judge(snapshot, params, spec)
  end,
}

-- Security Hub CloudWatch.2 / CIS AWS Foundations 1.2.0 3.1, 1.4.0 4.1, 3.0.0 4.1.
-- An active multi-region trail with all management events delivers to a log
-- group whose metric filter matches every event of the CIS pattern, and an
-- alarm on that filter's metric notifies a confirmed SNS subscriber
-- (lib/monitoring.lua; patterns are compared by meaning, lib/filter_pattern.lua).
local monitoring = require("monitoring")

local spec = {
  what = "unauthorized API calls",
  references = {
    -- Security Hub CloudWatch.2 / CIS: the pattern the fix installs.
    {source = "CIS", pattern = [[{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}]]},
    -- CIS 3.0.0 4.1 publishes this narrower text (it leaves out AccessDenied from
    -- delivery.logs.amazonaws.com and HeadBucket); a filter copied from that
    -- benchmark is accepted as well.
    {source = "CIS 3.0.0 4.1", pattern = [[{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }]]},
  },
  filter_name = "CIS-UnauthorizedAPICalls",
  metric_name = "UnauthorizedAPICallsCount",
  alarm_name = "cis-unauthorized-api-calls",
}

return {
  id = "cis-alarm-unauthorized-api-calls",
  name = "UnauthorizedApiCallsAlarm",
  title = "A metric filter and alarm exist for unauthorized API calls",
  severity = "low",
  description = "Calls refused with AccessDenied or UnauthorizedOperation are often the first "
    .. "sign of stolen credentials probing for permissions, or of a broken "
    .. "application. Without an alarm, nobody looks until much later.",
  remediation = {
    console = "CloudWatch > Log groups > the log group of an active multi-region trail that "
      .. "logs all management events > Actions > Create metric filter with the CIS "
      .. "pattern (metric namespace CISBenchmark, metric name UnauthorizedAPICallsCount, "
      .. "value 1); then create an alarm on that metric (Sum >= 1 over 5 minutes) whose "
      .. "action notifies an SNS topic with at least one confirmed subscription.",
    cli = "aws logs put-metric-filter --log-group-name <trail log group>"
      .. " --filter-name CIS-UnauthorizedAPICalls --metric-transformations"
      .. " metricName=UnauthorizedAPICallsCount,metricNamespace=CISBenchmark,metricValue=1"
      .. " --filter-pattern '" .. spec.references[1].pattern .. "'"
      .. " && aws cloudwatch put-metric-alarm --alarm-name cis-unauthorized-api-calls"
      .. " --metric-name UnauthorizedAPICallsCount --namespace CISBenchmark --statistic Sum"
      .. " --period 300 --evaluation-periods 1 --threshold 1"
      .. " --comparison-operator GreaterThanOrEqualToThreshold"
      .. " --alarm-actions <SNS topic ARN with a confirmed subscription>",
    terraform = [=[
resource "aws_cloudwatch_log_metric_filter" "cis_unauthorized_api_calls" {
  name           = "CIS-UnauthorizedAPICalls"
  log_group_name = "<trail log group>"
  pattern        = "{($.errorCode=\"*UnauthorizedOperation\") || ($.errorCode=\"AccessDenied*\")}"
  metric_transformation {
    name      = "UnauthorizedAPICallsCount"
    namespace = "CISBenchmark"
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "cis_unauthorized_api_calls" {
  alarm_name          = "cis-unauthorized-api-calls"
  metric_name         = aws_cloudwatch_log_metric_filter.cis_unauthorized_api_calls.metric_transformation[0].name
  namespace           = aws_cloudwatch_log_metric_filter.cis_unauthorized_api_calls.metric_transformation[0].namespace
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
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-2",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html",
  },
  compliance = {
    ["aws-securityhub"] = {"CloudWatch.2"},
    ["cis-aws-1.2"] = {"3.1"},
    ["cis-aws-1.4"] = {"4.1"},
    ["cis-aws-3.0"] = {"4.1"},
  },
  check = function(snapshot, params)
    monitoring.judge(snapshot, params, spec)
  end,
}

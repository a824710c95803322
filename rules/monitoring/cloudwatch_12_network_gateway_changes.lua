-- Security Hub CloudWatch.12 / CIS AWS Foundations 1.2.0 3.12, 1.4.0 4.12, 3.0.0 4.12.
-- An active multi-region trail with all management events delivers to a log
-- group whose metric filter matches every event of the CIS pattern, and an
-- alarm on that filter's metric notifies a confirmed SNS subscriber
-- (lib/monitoring.lua; patterns are compared by meaning, lib/filter_pattern.lua).
local monitoring = require("monitoring")

local spec = {
  what = "network gateway changes",
  references = {
    -- Security Hub CloudWatch.12 / CIS: the pattern the fix installs.
    {source = "CIS", pattern = [[{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}]]},
  },
  filter_name = "CIS-NetworkGatewayChanges",
  metric_name = "NetworkGatewayChangesCount",
  alarm_name = "cis-network-gateway-changes",
}

return {
  id = "cis-alarm-network-gateway-changes",
  name = "NetworkGatewayChangesAlarm",
  title = "A metric filter and alarm exist for network gateway changes",
  severity = "low",
  description = "Internet and customer gateways are the ways in and out of a VPC. Without an "
    .. "alarm, a new way out for data goes unnoticed.",
  remediation = {
    console = "CloudWatch > Log groups > the log group of an active multi-region trail that "
      .. "logs all management events > Actions > Create metric filter with the CIS "
      .. "pattern (metric namespace CISBenchmark, metric name "
      .. "NetworkGatewayChangesCount, value 1); then create an alarm on that metric (Sum "
      .. ">= 1 over 5 minutes) whose action notifies an SNS topic with at least one "
      .. "confirmed subscription.",
    cli = "aws logs put-metric-filter --log-group-name <trail log group>"
      .. " --filter-name CIS-NetworkGatewayChanges --metric-transformations"
      .. " metricName=NetworkGatewayChangesCount,metricNamespace=CISBenchmark,metricValue=1"
      .. " --filter-pattern '" .. spec.references[1].pattern .. "'"
      .. " && aws cloudwatch put-metric-alarm --alarm-name cis-network-gateway-changes"
      .. " --metric-name NetworkGatewayChangesCount --namespace CISBenchmark --statistic Sum"
      .. " --period 300 --evaluation-periods 1 --threshold 1"
      .. " --comparison-operator GreaterThanOrEqualToThreshold"
      .. " --alarm-actions <SNS topic ARN with a confirmed subscription>",
    terraform = [=[
resource "aws_cloudwatch_log_metric_filter" "cis_network_gateway_changes" {
  name           = "CIS-NetworkGatewayChanges"
  log_group_name = "<trail log group>"
  pattern        = "{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}"
  metric_transformation {
    name      = "NetworkGatewayChangesCount"
    namespace = "CISBenchmark"
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "cis_network_gateway_changes" {
  alarm_name          = "cis-network-gateway-changes"
  metric_name         = aws_cloudwatch_log_metric_filter.cis_network_gateway_changes.metric_transformation[0].name
  namespace           = aws_cloudwatch_log_metric_filter.cis_network_gateway_changes.metric_transformation[0].namespace
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
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-12",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html",
  },
  compliance = {
    ["aws-securityhub"] = {"CloudWatch.12"},
    ["cis-aws-1.2"] = {"3.12"},
    ["cis-aws-1.4"] = {"4.12"},
    ["cis-aws-3.0"] = {"4.12"},
  },
  check = function(snapshot, params)
    monitoring.judge(snapshot, params, spec)
  end,
}

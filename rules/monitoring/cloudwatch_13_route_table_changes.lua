-- Security Hub CloudWatch.13 / CIS AWS Foundations 1.2.0 3.13, 1.4.0 4.13, 3.0.0 4.13.
-- An active multi-region trail with all management events delivers to a log
-- group whose metric filter matches every event of the CIS pattern, and an
-- alarm on that filter's metric notifies a confirmed SNS subscriber
-- (lib/monitoring.lua; patterns are compared by meaning, lib/filter_pattern.lua).
local monitoring = require("monitoring")

local spec = {
  what = "route table changes",
  references = {
    -- Security Hub CloudWatch.13 / CIS: the pattern the fix installs.
    {source = "CIS", pattern = [[{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}]]},
    -- CIS 1.4.0 4.13 publishes this text, with an eventSource condition that
    -- (&& binding tighter than ||) narrows the CreateRoute term only: it misses
    -- CreateRoute events from other sources (API Gateway v2 has one), so it does
    -- not cover the pattern above. A filter copied from the benchmark is still
    -- compliant: it is accepted as a reference in its own right.
    {source = "CIS 1.4.0 4.13", pattern = [[{($.eventSource = ec2.amazonaws.com) && ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) }]]},
  },
  filter_name = "CIS-RouteTableChanges",
  metric_name = "RouteTableChangesCount",
  alarm_name = "cis-route-table-changes",
}

return {
  id = "cis-alarm-route-table-changes",
  name = "RouteTableChangesAlarm",
  title = "A metric filter and alarm exist for route table changes",
  severity = "low",
  description = "Route tables decide where VPC traffic goes. Without an alarm, a route that "
    .. "sends traffic through an unexpected path goes unnoticed.",
  remediation = {
    console = "CloudWatch > Log groups > the log group of an active multi-region trail that "
      .. "logs all management events > Actions > Create metric filter with the CIS "
      .. "pattern (metric namespace CISBenchmark, metric name RouteTableChangesCount, "
      .. "value 1); then create an alarm on that metric (Sum >= 1 over 5 minutes) whose "
      .. "action notifies an SNS topic with at least one confirmed subscription.",
    cli = "aws logs put-metric-filter --log-group-name <trail log group>"
      .. " --filter-name CIS-RouteTableChanges --metric-transformations"
      .. " metricName=RouteTableChangesCount,metricNamespace=CISBenchmark,metricValue=1"
      .. " --filter-pattern '" .. spec.references[1].pattern .. "'"
      .. " && aws cloudwatch put-metric-alarm --alarm-name cis-route-table-changes"
      .. " --metric-name RouteTableChangesCount --namespace CISBenchmark --statistic Sum"
      .. " --period 300 --evaluation-periods 1 --threshold 1"
      .. " --comparison-operator GreaterThanOrEqualToThreshold"
      .. " --alarm-actions <SNS topic ARN with a confirmed subscription>",
    terraform = [=[
resource "aws_cloudwatch_log_metric_filter" "cis_route_table_changes" {
  name           = "CIS-RouteTableChanges"
  log_group_name = "<trail log group>"
  pattern        = "{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}"
  metric_transformation {
    name      = "RouteTableChangesCount"
    namespace = "CISBenchmark"
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "cis_route_table_changes" {
  alarm_name          = "cis-route-table-changes"
  metric_name         = aws_cloudwatch_log_metric_filter.cis_route_table_changes.metric_transformation[0].name
  namespace           = aws_cloudwatch_log_metric_filter.cis_route_table_changes.metric_transformation[0].namespace
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
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-13",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html",
  },
  compliance = {
    ["aws-securityhub"] = {"CloudWatch.13"},
    ["cis-aws-1.2"] = {"3.13"},
    ["cis-aws-1.4"] = {"4.13"},
    ["cis-aws-3.0"] = {"4.13"},
  },
  check = function(snapshot, params)
    monitoring.judge(snapshot, params, spec)
  end,
}

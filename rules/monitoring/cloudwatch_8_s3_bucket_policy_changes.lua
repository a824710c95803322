-- Security Hub CloudWatch.8 / CIS AWS Foundations 1.2.0 3.8, 1.4.0 4.8, 3.0.0 4.8.
-- An active multi-region trail with all management events delivers to a log
-- group whose metric filter matches every event of the CIS pattern, and an
-- alarm on that filter's metric notifies a confirmed SNS subscriber
-- (lib/monitoring.lua; patterns are compared by meaning, lib/filter_pattern.lua).
local monitoring = require("monitoring")

local spec = {
  what = "S3 bucket policy changes",
  references = {
    -- Security Hub CloudWatch.8 / CIS: the pattern the fix installs.
    {source = "CIS", pattern = [[{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}]]},
  },
  filter_name = "CIS-S3BucketPolicyChanges",
  metric_name = "S3BucketPolicyChangesCount",
  alarm_name = "cis-s3-bucket-policy-changes",
}

return {
  id = "cis-alarm-s3-bucket-policy-changes",
  name = "S3BucketPolicyChangesAlarm",
  title = "A metric filter and alarm exist for S3 bucket policy changes",
  severity = "low",
  description = "Bucket policy, ACL, CORS, lifecycle and replication changes can expose data or "
    .. "copy it elsewhere. Without an alarm, a bucket opened to the world or "
    .. "replicated out of the account goes unnoticed.",
  remediation = {
    console = "CloudWatch > Log groups > the log group of an active multi-region trail that "
      .. "logs all management events > Actions > Create metric filter with the CIS "
      .. "pattern (metric namespace CISBenchmark, metric name "
      .. "S3BucketPolicyChangesCount, value 1); then create an alarm on that metric (Sum "
      .. ">= 1 over 5 minutes) whose action notifies an SNS topic with at least one "
      .. "confirmed subscription.",
    cli = "aws logs put-metric-filter --log-group-name <trail log group>"
      .. " --filter-name CIS-S3BucketPolicyChanges --metric-transformations"
      .. " metricName=S3BucketPolicyChangesCount,metricNamespace=CISBenchmark,metricValue=1"
      .. " --filter-pattern '" .. spec.references[1].pattern .. "'"
      .. " && aws cloudwatch put-metric-alarm --alarm-name cis-s3-bucket-policy-changes"
      .. " --metric-name S3BucketPolicyChangesCount --namespace CISBenchmark --statistic Sum"
      .. " --period 300 --evaluation-periods 1 --threshold 1"
      .. " --comparison-operator GreaterThanOrEqualToThreshold"
      .. " --alarm-actions <SNS topic ARN with a confirmed subscription>",
    terraform = [=[
resource "aws_cloudwatch_log_metric_filter" "cis_s3_bucket_policy_changes" {
  name           = "CIS-S3BucketPolicyChanges"
  log_group_name = "<trail log group>"
  pattern        = "{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}"
  metric_transformation {
    name      = "S3BucketPolicyChangesCount"
    namespace = "CISBenchmark"
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "cis_s3_bucket_policy_changes" {
  alarm_name          = "cis-s3-bucket-policy-changes"
  metric_name         = aws_cloudwatch_log_metric_filter.cis_s3_bucket_policy_changes.metric_transformation[0].name
  namespace           = aws_cloudwatch_log_metric_filter.cis_s3_bucket_policy_changes.metric_transformation[0].namespace
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
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-8",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html",
  },
  compliance = {
    ["aws-securityhub"] = {"CloudWatch.8"},
    ["cis-aws-1.2"] = {"3.8"},
    ["cis-aws-1.4"] = {"4.8"},
    ["cis-aws-3.0"] = {"4.8"},
  },
  check = function(snapshot, params)
    monitoring.judge(snapshot, params, spec)
  end,
}

-- Security Hub CloudWatch.8 / CIS AWS Foundations 1.2.0 3.8, 1.4.0 4.8, 3.0.0 4.8.
-- An active multi-region trail with all management events delivers to a log
-- group whose metric filter matches every event of the CIS pattern, and an
-- alarm on that filter's metric notifies a confirmed SNS subscriber
-- (lib/monitoring.lua; patterns are compared by meaning, lib/filter_pattern.lua).
local monitoring = require("monitoring")

local spec = {
  what = "S3 bucket policy changes",
  what_ja = "S3 バケットポリシーの変更",
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
  remediation = monitoring.remediation(spec),
  texts = {
    ja = {
      title = "S3 バケットポリシーの変更を検知するメトリクスフィルターとアラームがある",
      description = "リスク: バケットポリシー、ACL、CORS、ライフサイクル、"
        .. "レプリケーションの変更は、データを公開したり、"
        .. "別の場所にコピーしたりすることがあります。アラームがないと、"
        .. "全世界に公開されたバケットや、"
        .. "アカウントの外にレプリケートされるバケットに気付けません。"
        .. "対策: すべての管理イベントを記録するログ記録中のマルチリージョン証跡のロググループに、"
        .. "S3 バケットポリシーの変更を検知するメトリクスフィルターを作成し、"
        .. "そのメトリクスのアラームから、"
        .. "確認済みのサブスクリプションがある SNS トピックに通知します。",
      remediation = monitoring.remediation_ja(spec),
    },
  },
  messages = monitoring.messages,
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-8",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html",
  },
  compliance = require("compliance").of("cis-alarm-s3-bucket-policy-changes"),
  check = function(snapshot, params)
    monitoring.judge(snapshot, params, spec)
  end,
}

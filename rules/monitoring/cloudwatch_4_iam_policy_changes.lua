-- Security Hub CloudWatch.4 / CIS AWS Foundations 1.2.0 3.4, 1.4.0 4.4, 3.0.0 4.4.
-- An active multi-region trail with all management events delivers to a log
-- group whose metric filter matches every event of the CIS pattern, and an
-- alarm on that filter's metric notifies a confirmed SNS subscriber
-- (lib/monitoring.lua; patterns are compared by meaning, lib/filter_pattern.lua).
local fp = require("filter_pattern")
local monitoring = require("monitoring")

-- The pattern the fix installs.
local CIS = [[{($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy)}]]

local spec = {
  what = "IAM policy changes",
  what_ja = "IAM ポリシーの変更",
  references = {
    -- Security Hub CloudWatch.4 / CIS: the pattern the fix installs.
    {source = "CIS", pattern = CIS},
    -- Every event it lists is IAM's (eventSource iam.amazonaws.com): a
    -- filter that also wants that eventSource, as AWS's own Security Hub
    -- remediation may, monitors the same events, however it is parenthesised.
    {source = "CIS (eventSource iam.amazonaws.com)",
     pattern = fp.within(CIS, "$.eventSource = iam.amazonaws.com")},
  },
  filter_name = "CIS-IAMPolicyChanges",
  metric_name = "IAMPolicyChangesCount",
  alarm_name = "cis-iam-policy-changes",
}

return {
  id = "cis-alarm-iam-policy-changes",
  name = "IamPolicyChangesAlarm",
  title = "A metric filter and alarm exist for IAM policy changes",
  severity = "low",
  description = "IAM policy changes grant and remove permissions. Without an alarm, a privilege "
    .. "escalation, or an unreviewed change that opens access, is noticed late or "
    .. "never.",
  remediation = monitoring.remediation(spec),
  texts = {
    ja = {
      title = "IAM ポリシーの変更を検知するメトリクスフィルターとアラームがある",
      description = "リスク: IAM ポリシーの変更は、権限を付与したり削除したりします。"
        .. "アラームがないと、権限昇格や、"
        .. "レビューされずにアクセスを広げる変更に気付くのが遅れるか、まったく気付けません。"
        .. "対策: すべての管理イベントを記録するログ記録中のマルチリージョン証跡のロググループに、"
        .. "IAM ポリシーの変更を検知するメトリクスフィルターを作成し、"
        .. "そのメトリクスのアラームから、"
        .. "確認済みのサブスクリプションがある SNS トピックに通知します。",
      remediation = monitoring.remediation_ja(spec),
    },
  },
  messages = monitoring.messages,
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-4",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html",
  },
  compliance = require("compliance").of("cis-alarm-iam-policy-changes"),
  check = function(snapshot, params)
    monitoring.judge(snapshot, params, spec)
  end,
}

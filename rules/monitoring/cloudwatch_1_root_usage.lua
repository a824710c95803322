-- Security Hub CloudWatch.1 / CIS AWS Foundations 1.2.0 1.1/3.3, 1.4.0 1.7/4.3, 3.0.0 4.3.
-- An active multi-region trail with all management events delivers to a log
-- group whose metric filter matches every event of the CIS pattern, and an
-- alarm on that filter's metric notifies a confirmed SNS subscriber
-- (lib/monitoring.lua; patterns are compared by meaning, lib/filter_pattern.lua).
local monitoring = require("monitoring")

local spec = {
  what = "usage of the root user",
  what_ja = "ルートユーザーの使用",
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
  remediation = monitoring.remediation(spec),
  texts = {
    ja = {
      title = "ルートユーザーの使用を検知するメトリクスフィルターとアラームがある",
      description = "リスク: ルートユーザーはアカウント内のあらゆる操作ができ、"
        .. "IAM ポリシーでは制限できません。使用をアラームで通知していないと、"
        .. "盗まれたルートユーザーのパスワードやアクセスキーが使われても気付けません。"
        .. "対策: すべての管理イベントを記録するログ記録中のマルチリージョン証跡のロググループに、"
        .. "ルートユーザーの使用を検知するメトリクスフィルターを作成し、"
        .. "そのメトリクスのアラームから、"
        .. "確認済みのサブスクリプションがある SNS トピックに通知します。",
      remediation = monitoring.remediation_ja(spec),
    },
  },
  messages = monitoring.messages,
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-1",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html",
  },
  compliance = require("compliance").of("cis-alarm-root-usage"),
  check = function(snapshot, params)
    monitoring.judge(snapshot, params, spec)
  end,
}

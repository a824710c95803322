-- Security Hub CloudWatch.7 / CIS AWS Foundations 1.2.0 3.7, 1.4.0 4.7, 3.0.0 4.7.
-- An active multi-region trail with all management events delivers to a log
-- group whose metric filter matches every event of the CIS pattern, and an
-- alarm on that filter's metric notifies a confirmed SNS subscriber
-- (lib/monitoring.lua; patterns are compared by meaning, lib/filter_pattern.lua).
local monitoring = require("monitoring")

local spec = {
  what = "disabling or scheduled deletion of KMS customer managed keys",
  what_ja = "KMS のカスタマーマネージドキーの無効化または削除のスケジュール",
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
  remediation = monitoring.remediation(spec),
  texts = {
    ja = {
      title = "カスタマーマネージド型のキーの無効化または削除のスケジュールを検知するメトリクスフィルターとアラームがある",
      description = "リスク: KMS のカスタマーマネージドキーを無効にしたり、"
        .. "削除をスケジュールしたりすると、そのキーで暗号化したデータは読めなくなり、"
        .. "キーが削除されると二度と読めません。アラームがないと、"
        .. "削除までの待機期間が気付かれないまま過ぎてしまいます。"
        .. "対策: すべての管理イベントを記録するログ記録中のマルチリージョン証跡のロググループに、"
        .. "KMS のカスタマーマネージドキーの無効化または削除のスケジュールを検知するメトリクスフィルターを作成し、"
        .. "そのメトリクスのアラームから、"
        .. "確認済みのサブスクリプションがある SNS トピックに通知します。",
      remediation = monitoring.remediation_ja(spec),
    },
  },
  messages = monitoring.messages,
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-7",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html",
  },
  compliance = require("compliance").of("cis-alarm-cmk-disable-or-deletion"),
  check = function(snapshot, params)
    monitoring.judge(snapshot, params, spec)
  end,
}

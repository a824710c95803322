-- CIS AWS Foundations 1.4.0 4.15, 3.0.0 4.15.
-- An active multi-region trail with all management events delivers to a log
-- group whose metric filter matches every event of the CIS pattern, and an
-- alarm on that filter's metric notifies a confirmed SNS subscriber
-- (lib/monitoring.lua; patterns are compared by meaning, lib/filter_pattern.lua).
local monitoring = require("monitoring")

local spec = {
  what = "AWS Organizations changes",
  what_ja = "AWS Organizations の変更",
  references = {
    -- CIS 1.4.0 / 3.0.0 4.15: the pattern the fix installs.
    {source = "CIS", pattern = [[{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }]]},
  },
  filter_name = "CIS-OrganizationsChanges",
  metric_name = "OrganizationsChangesCount",
  alarm_name = "cis-organizations-changes",
}

return {
  id = "cis-alarm-organizations-changes",
  name = "OrganizationsChangesAlarm",
  title = "A metric filter and alarm exist for AWS Organizations changes",
  severity = "low",
  description = "AWS Organizations changes (policies, accounts, organizational units) change "
    .. "the guardrails of every member account. Without an alarm, a detached service "
    .. "control policy or an account leaving the organization goes unnoticed.",
  remediation = monitoring.remediation(spec),
  texts = {
    ja = {
      title = "AWS Organizations の変更を検知するメトリクスフィルターとアラームがある",
      description = "リスク: AWS Organizations の変更 (ポリシー、アカウント、組織単位) は、"
        .. "すべてのメンバーアカウントのガードレールを変えます。アラームがないと、"
        .. "サービスコントロールポリシーのデタッチや、組織から離脱するアカウントに気付けません。"
        .. "対策: すべての管理イベントを記録するログ記録中のマルチリージョン証跡のロググループに、"
        .. "AWS Organizations の変更を検知するメトリクスフィルターを作成し、"
        .. "そのメトリクスのアラームから、"
        .. "確認済みのサブスクリプションがある SNS トピックに通知します。",
      remediation = monitoring.remediation_ja(spec),
    },
  },
  messages = monitoring.messages,
  references = {
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html",
  },
  compliance = require("compliance").of("cis-alarm-organizations-changes"),
  check = function(snapshot, params)
    monitoring.judge(snapshot, params, spec)
  end,
}

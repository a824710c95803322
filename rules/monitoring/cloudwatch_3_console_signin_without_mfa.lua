-- Security Hub CloudWatch.3 / CIS AWS Foundations 1.2.0 3.2, 1.4.0 4.2, 3.0.0 4.2.
-- An active multi-region trail with all management events delivers to a log
-- group whose metric filter matches every event of the CIS pattern, and an
-- alarm on that filter's metric notifies a confirmed SNS subscriber
-- (lib/monitoring.lua; patterns are compared by meaning, lib/filter_pattern.lua).
local fp = require("filter_pattern")
local monitoring = require("monitoring")

-- The pattern the fix installs.
local CIS = [[{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }]]

local spec = {
  what = "console sign-in without MFA",
  what_ja = "MFA なしのコンソールサインイン",
  references = {
    -- Security Hub CloudWatch.3 / CIS: the pattern the fix installs.
    {source = "CIS", pattern = CIS},
    -- ConsoleLogin is the sign-in service's (eventSource signin.amazonaws.com): a
    -- filter that also wants that eventSource, as AWS's own Security Hub
    -- remediation may, monitors the same events, however it is parenthesised.
    {source = "CIS (eventSource signin.amazonaws.com)",
     pattern = fp.within(CIS, "$.eventSource = signin.amazonaws.com")},
  },
  filter_name = "CIS-ConsoleSigninWithoutMFA",
  metric_name = "ConsoleSigninWithoutMFACount",
  alarm_name = "cis-console-signin-without-mfa",
}

return {
  id = "cis-alarm-console-signin-without-mfa",
  name = "ConsoleSignInWithoutMfaAlarm",
  title = "A metric filter and alarm exist for console sign-in without MFA",
  severity = "low",
  description = "A console sign-in without multi-factor authentication means a single stolen "
    .. "password was enough. Without an alarm, such sign-ins go unnoticed.",
  remediation = monitoring.remediation(spec),
  texts = {
    ja = {
      title = "MFA なしのコンソールサインインを検知するメトリクスフィルターとアラームがある",
      description = "リスク: 多要素認証 (MFA) なしでコンソールにサインインできるということは、"
        .. "パスワードを 1 つ盗むだけで足りるということです。アラームがないと、"
        .. "そのようなサインインに気付けません。"
        .. "対策: すべての管理イベントを記録するログ記録中のマルチリージョン証跡のロググループに、"
        .. "MFA なしのコンソールサインインを検知するメトリクスフィルターを作成し、"
        .. "そのメトリクスのアラームから、"
        .. "確認済みのサブスクリプションがある SNS トピックに通知します。",
      remediation = monitoring.remediation_ja(spec),
    },
  },
  messages = monitoring.messages,
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-3",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html",
  },
  compliance = require("compliance").of("cis-alarm-console-signin-without-mfa"),
  check = function(snapshot, params)
    monitoring.judge(snapshot, params, spec)
  end,
}

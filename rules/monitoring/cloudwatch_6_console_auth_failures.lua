-- Security Hub CloudWatch.6 / CIS AWS Foundations 1.2.0 3.6, 1.4.0 4.6, 3.0.0 4.6.
-- An active multi-region trail with all management events delivers to a log
-- group whose metric filter matches every event of the CIS pattern, and an
-- alarm on that filter's metric notifies a confirmed SNS subscriber
-- (lib/monitoring.lua; patterns are compared by meaning, lib/filter_pattern.lua).
local fp = require("filter_pattern")
local monitoring = require("monitoring")

-- The pattern the fix installs.
local CIS = [[{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}]]

local spec = {
  what = "console authentication failures",
  what_ja = "コンソール認証の失敗",
  references = {
    -- Security Hub CloudWatch.6 / CIS: the pattern the fix installs.
    {source = "CIS", pattern = CIS},
    -- ConsoleLogin is the sign-in service's (eventSource signin.amazonaws.com): a
    -- filter that also wants that eventSource, as AWS's own Security Hub
    -- remediation may, monitors the same events, however it is parenthesised.
    {source = "CIS (eventSource signin.amazonaws.com)",
     pattern = fp.within(CIS, "$.eventSource = signin.amazonaws.com")},
  },
  filter_name = "CIS-ConsoleAuthenticationFailures",
  metric_name = "ConsoleAuthenticationFailureCount",
  alarm_name = "cis-console-authentication-failures",
}

return {
  id = "cis-alarm-console-auth-failures",
  name = "ConsoleAuthFailuresAlarm",
  title = "A metric filter and alarm exist for console authentication failures",
  severity = "low",
  description = "Repeated failed console sign-ins point at password guessing. Without an alarm, "
    .. "a brute-force attempt and its source go unnoticed.",
  remediation = monitoring.remediation(spec),
  texts = {
    ja = {
      title = "コンソール認証の失敗を検知するメトリクスフィルターとアラームがある",
      description = "リスク: コンソールへのサインインの失敗が繰り返されるのは、"
        .. "パスワード推測の兆候です。アラームがないと、総当たり攻撃とその送信元に気付けません。"
        .. "対策: すべての管理イベントを記録するログ記録中のマルチリージョン証跡のロググループに、"
        .. "コンソール認証の失敗を検知するメトリクスフィルターを作成し、"
        .. "そのメトリクスのアラームから、"
        .. "確認済みのサブスクリプションがある SNS トピックに通知します。",
      remediation = monitoring.remediation_ja(spec),
    },
  },
  messages = monitoring.messages,
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-6",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html",
  },
  compliance = require("compliance").of("cis-alarm-console-auth-failures"),
  check = function(snapshot, params)
    monitoring.judge(snapshot, params, spec)
  end,
}

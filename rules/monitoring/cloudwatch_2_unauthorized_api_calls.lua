-- Security Hub CloudWatch.2 / CIS AWS Foundations 1.2.0 3.1, 1.4.0 4.1, 3.0.0 4.1.
-- An active multi-region trail with all management events delivers to a log
-- group whose metric filter matches every event of the CIS pattern, and an
-- alarm on that filter's metric notifies a confirmed SNS subscriber
-- (lib/monitoring.lua; patterns are compared by meaning, lib/filter_pattern.lua).
local monitoring = require("monitoring")

local spec = {
  what = "unauthorized API calls",
  what_ja = "権限のない API 呼び出し",
  references = {
    -- Security Hub CloudWatch.2 / CIS: the pattern the fix installs.
    {source = "CIS", pattern = [[{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}]]},
    -- CIS 3.0.0 4.1 publishes this narrower text (it leaves out AccessDenied from
    -- delivery.logs.amazonaws.com and HeadBucket); a filter copied from that
    -- benchmark is accepted as well.
    {source = "CIS 3.0.0 4.1", pattern = [[{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }]]},
  },
  filter_name = "CIS-UnauthorizedAPICalls",
  metric_name = "UnauthorizedAPICallsCount",
  alarm_name = "cis-unauthorized-api-calls",
}

return {
  id = "cis-alarm-unauthorized-api-calls",
  name = "UnauthorizedApiCallsAlarm",
  title = "A metric filter and alarm exist for unauthorized API calls",
  severity = "low",
  description = "Calls refused with AccessDenied or UnauthorizedOperation are often the first "
    .. "sign of stolen credentials probing for permissions, or of a broken "
    .. "application. Without an alarm, nobody looks until much later.",
  remediation = monitoring.remediation(spec),
  texts = {
    ja = {
      title = "権限のない API 呼び出しを検知するメトリクスフィルターとアラームがある",
      description = "リスク: AccessDenied や UnauthorizedOperation で拒否された呼び出しは、"
        .. "盗まれた認証情報で権限を探っている最初の兆候であることが多く、"
        .. "アプリケーションの不具合の兆候でもあります。アラームがないと、"
        .. "誰かが気付くのはずっと後になります。"
        .. "対策: すべての管理イベントを記録するログ記録中のマルチリージョン証跡のロググループに、"
        .. "権限のない API 呼び出しを検知するメトリクスフィルターを作成し、"
        .. "そのメトリクスのアラームから、"
        .. "確認済みのサブスクリプションがある SNS トピックに通知します。",
      remediation = monitoring.remediation_ja(spec),
    },
  },
  messages = monitoring.messages,
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-2",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html",
  },
  compliance = require("compliance").of("cis-alarm-unauthorized-api-calls"),
  check = function(snapshot, params)
    monitoring.judge(snapshot, params, spec)
  end,
}

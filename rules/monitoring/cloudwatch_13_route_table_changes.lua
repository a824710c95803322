-- Security Hub CloudWatch.13 / CIS AWS Foundations 1.2.0 3.13, 1.4.0 4.13, 3.0.0 4.13.
-- An active multi-region trail with all management events delivers to a log
-- group whose metric filter matches every event of the CIS pattern, and an
-- alarm on that filter's metric notifies a confirmed SNS subscriber
-- (lib/monitoring.lua; patterns are compared by meaning, lib/filter_pattern.lua).
local fp = require("filter_pattern")
local monitoring = require("monitoring")

-- The pattern the fix installs.
local CIS = [[{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}]]

local spec = {
  what = "route table changes",
  what_ja = "ルートテーブルの変更",
  references = {
    -- Security Hub CloudWatch.13 / CIS: the pattern the fix installs.
    {source = "CIS", pattern = CIS},
    -- CIS 1.4.0 4.13 publishes this text, with an eventSource condition that
    -- (&& binding tighter than ||) narrows the CreateRoute term only: it misses
    -- CreateRoute events from other sources (API Gateway v2 has one), so it does
    -- not cover the pattern above. A filter copied from the benchmark is still
    -- compliant: it is accepted as a reference in its own right.
    {source = "CIS 1.4.0 4.13", pattern = [[{($.eventSource = ec2.amazonaws.com) && ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) }]]},
    -- Every event it lists is EC2's (eventSource ec2.amazonaws.com): a
    -- filter that also wants that eventSource, as AWS's own Security Hub
    -- remediation may, monitors the same events, however it is parenthesised.
    -- (CreateRoute is also an API Gateway v2 call; this control is about
    -- EC2's route tables, as AWS's remediation says).
    {source = "CIS (eventSource ec2.amazonaws.com)",
     pattern = fp.within(CIS, "$.eventSource = ec2.amazonaws.com")},
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
  remediation = monitoring.remediation(spec),
  texts = {
    ja = {
      title = "ルートテーブルの変更を検知するメトリクスフィルターとアラームがある",
      description = "リスク: ルートテーブルは、VPC の通信の行き先を決めます。アラームがないと、"
        .. "想定外の経路に通信を流すルートに気付けません。"
        .. "対策: すべての管理イベントを記録するログ記録中のマルチリージョン証跡のロググループに、"
        .. "ルートテーブルの変更を検知するメトリクスフィルターを作成し、"
        .. "そのメトリクスのアラームから、"
        .. "確認済みのサブスクリプションがある SNS トピックに通知します。",
      remediation = monitoring.remediation_ja(spec),
    },
  },
  messages = monitoring.messages,
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-13",
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudwatch-alarms-for-cloudtrail.html",
  },
  compliance = require("compliance").of("cis-alarm-route-table-changes"),
  check = function(snapshot, params)
    monitoring.judge(snapshot, params, spec)
  end,
}

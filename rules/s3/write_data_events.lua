-- Security Hub S3.22 / CIS AWS Foundations 3.0 item 3.8.
local data_events = require("data_events")

return {
  id = "s3-write-data-events",
  name = "S3ObjectWriteDataEvents",
  title = "An active multi-region trail logs S3 object-level write events for all buckets",
  severity = "medium",
  description = "Without object-level write events, CloudTrail does not record who put,"
    .. " copied or deleted objects in S3 buckets. Investigations of data tampering,"
    .. " ransomware or accidental deletion then have no record to work from.",
  remediation = data_events.remediation("write"),
  texts = {
    ja = {
      title = "ログ記録中のマルチリージョン証跡が全バケットの S3 オブジェクトレベルの書き込みイベントを記録している",
      description = "リスク: オブジェクトレベルの書き込みイベント (データイベント) "
        .. "を記録していないと、S3 バケットのオブジェクトを誰が作成・コピー・削除したかが "
        .. "CloudTrail に残りません。データの改ざん、ランサムウェア、誤削除を調査するときに、"
        .. "手掛かりとなる記録がありません。対策: ログ記録中のマルチリージョン証跡で、"
        .. "現在および将来のすべてのバケットを対象に S3 の書き込みデータイベントを記録します。",
      remediation = data_events.remediation_ja("write"),
    },
  },
  messages = data_events.messages,
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-22",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html",
  },
  compliance = require("compliance").of("s3-write-data-events"),
  params = {
    accept_arn_exclusions = {
      default = false,
      description = "Count an advanced selector that excludes some buckets or prefixes"
        .. " (resources.ARN NotStartsWith/NotEquals/NotEndsWith), such as the trail's"
        .. " own log bucket, as logging all buckets.",
    },
  },
  check = function(snapshot, params)
    data_events.judge_s3(snapshot, params, "write")
  end,
}

-- Security Hub S3.23 / CIS AWS Foundations 3.0 item 3.9.
local data_events = require("data_events")

return {
  id = "s3-read-data-events",
  name = "S3ObjectReadDataEvents",
  title = "An active multi-region trail logs S3 object-level read events for all buckets",
  severity = "medium",
  description = "Without object-level read events, CloudTrail does not record who read"
    .. " or downloaded objects from S3 buckets. After a leak of credentials there is no"
    .. " way to tell which data was taken.",
  remediation = data_events.remediation("read"),
  texts = {
    ja = {
      title = "ログ記録中のマルチリージョン証跡が全バケットの S3 オブジェクトレベルの読み取りイベントを記録している",
      description = "リスク: オブジェクトレベルの読み取りイベント (データイベント) "
        .. "を記録していないと、S3 バケットのオブジェクトを誰が読み取り・ダウンロードしたかが "
        .. "CloudTrail に残りません。認証情報が漏えいした後、"
        .. "どのデータが持ち出されたかを特定する手段がありません。"
        .. "対策: ログ記録中のマルチリージョン証跡で、"
        .. "現在および将来のすべてのバケットを対象に S3 の読み取りデータイベントを記録します。",
      remediation = data_events.remediation_ja("read"),
    },
  },
  messages = data_events.messages,
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-23",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html",
  },
  compliance = require("compliance").of("s3-read-data-events"),
  params = {
    accept_arn_exclusions = {
      default = false,
      description = "Count an advanced selector that excludes some buckets or prefixes"
        .. " (resources.ARN NotStartsWith/NotEquals/NotEndsWith), such as the trail's"
        .. " own log bucket, as logging all buckets.",
    },
  },
  check = function(snapshot, params)
    data_events.judge_s3(snapshot, params, "read")
  end,
}

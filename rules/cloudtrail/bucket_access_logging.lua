-- Security Hub CloudTrail.7 / CIS AWS Foundations 1.4 item 3.6, 3.0 and 5.0
-- item 3.4: the bucket a trail delivers to has S3 server access logging.
local buckets = require("buckets")
local fixes = require("fixes")

-- The findings' messages, by language (rules/lib/i18n.lua).
local messages = {
  en = {
    what = "has server access logging",
    undecided = "Could not decide whether bucket {bucket} ({trails}) has server access logging:"
      .. " {why}.",
    logging = "Bucket {bucket} ({trails}) has server access logging to s3://{target}/{prefix}.",
    none = "Bucket {bucket} ({trails}) has no server access logging: GetBucketLogging shows no"
      .. " LoggingEnabled target, so reads and deletions of the log files leave no record.",
  },
  ja = {
    what = "サーバーアクセスのログ記録が有効になっている",
    undecided = "バケット「{bucket}」({trails}) について、"
      .. "サーバーアクセスのログ記録が有効になっているかどうかを判定できません: {why}。",
    logging = "バケット「{bucket}」({trails}) はサーバーアクセスログを s3://{target}/{prefix} "
      .. "に記録しています。",
    none = "バケット「{bucket}」({trails}) ではサーバーアクセスのログ記録が無効です。"
      .. "GetBucketLogging に LoggingEnabled の送信先がないため、"
      .. "ログファイルの読み取りや削除が記録に残りません。",
  },
}
local say = require("i18n").catalogue(messages)

local function ask(b)
  return "aws s3api get-bucket-logging --bucket " .. fixes.q(b.name)
end

local function judge(snapshot, b)
  local resp, why = buckets.response(snapshot, "GetBucketLogging", b.name)
  local result = buckets.result(b, resp)
  if not resp then
    result.fix = ask(b)
    result.message = say("undecided", {bucket = b.name, trails = b.label, why = why})
    return review(result)
  end
  local le = resp.LoggingEnabled
  local target = type(le) == "table" and le.TargetBucket
  if type(target) == "string" and target ~= "" then
    result.message = say("logging", {bucket = b.name, trails = b.label, target = target,
                                     prefix = type(le.TargetPrefix) == "string"
                                       and le.TargetPrefix or ""})
    return pass(result)
  end
  result.message = say("none", {bucket = b.name, trails = b.label})
  -- (concatenated: string.format is a sandboxed call costing several
  -- times more; b.name is a string, buckets.lua's)
  result.fix = "aws s3api put-bucket-logging --bucket " .. fixes.q(b.name)
    .. " --bucket-logging-status " .. fixes.q('{"LoggingEnabled":{"TargetBucket":"'
                                              .. fixes.placeholders("<access-log bucket>")
                                              .. '","TargetPrefix":"' .. b.name .. '/"}}')
  fail(result)
end

-- The remediation's AWS CLI, in both languages (texts.ja says its
-- <placeholders> in Japanese).
local CLI = "aws s3api put-bucket-logging --bucket <trail bucket> --bucket-logging-status"
  .. " '{\"LoggingEnabled\":{\"TargetBucket\":\"<access-log bucket>\","
  .. "\"TargetPrefix\":\"<trail bucket>/\"}}'"

return {
  id = "cloudtrail-bucket-access-logging",
  name = "CloudTrailBucketAccessLogging",
  title = "The S3 bucket a trail delivers to has server access logging enabled",
  severity = "low",
  description = "CloudTrail does not log reads of its own log files unless data events are"
    .. " on for that bucket. Server access logs record every request to the log bucket, so"
    .. " someone reading, copying or deleting the logs is itself on record.",
  remediation = {
    console = "S3 > Buckets > the trail's bucket > Properties > Server access logging > Edit >"
      .. " Enable, choose a separate target bucket (and a prefix) > Save changes.",
    cli = CLI,
    terraform = [[
resource "aws_s3_bucket_logging" "cloudtrail" {
  bucket        = aws_s3_bucket.cloudtrail.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "cloudtrail/"
}]],
  },
  texts = {
    ja = {
      title = "証跡の配信先 S3 バケットでサーバーアクセスのログ記録が有効になっている",
      description = "リスク: CloudTrail は、そのバケットのデータイベントを有効にしない限り、"
        .. "自身のログファイルの読み取りを記録しません。"
        .. "サーバーアクセスログはログバケットへのすべてのリクエストを記録するため、"
        .. "ログを読み取り、コピーし、削除した操作も記録に残ります。"
        .. "対策: 証跡の配信先バケットでサーバーアクセスのログ記録を有効にし、"
        .. "別のバケットに記録します。",
      remediation = {
        cli = fixes.placeholders_ja(CLI),
        console = "S3 > バケット > 証跡の配信先バケット > プロパティ > サーバーアクセスのログ記録 "
          .. "> 編集 > 有効にする > 別のバケットを送信先に選択 (プレフィックスは任意) > 変更の保存",
      },
    },
  },
  messages = messages,
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-7",
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html",
  },
  compliance = require("compliance").of("cloudtrail-bucket-access-logging"),
  check = function(snapshot)
    buckets.judge_each(snapshot, say("what"), ask,
                       function(b) judge(b.snapshot, b) end)
  end,
}

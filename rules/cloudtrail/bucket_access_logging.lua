-- Security Hub CloudTrail.7 / CIS AWS Foundations 1.4 item 3.6, 3.0 and 5.0
-- item 3.4: the bucket a trail delivers to has S3 server access logging.
local buckets = require("buckets")
local fixes = require("fixes")

local function ask(b)
  return "aws s3api get-bucket-logging --bucket " .. fixes.q(b.name)
end

local function judge(snapshot, b)
  local resp, why = buckets.response(snapshot, "GetBucketLogging", b.name)
  local result = {resource = b.arn, region = b.region, node = resp or b.node}
  if not resp then
    result.fix = ask(b)
    result.message = string.format("Could not decide whether bucket %s (%s) has server access"
                                   .. " logging: %s.", b.name, b.label, why)
    return review(result)
  end
  local le = resp.LoggingEnabled
  local target = type(le) == "table" and le.TargetBucket
  if type(target) == "string" and target ~= "" then
    result.message = string.format("Bucket %s (%s) has server access logging to s3://%s/%s.",
                                   b.name, b.label, target,
                                   type(le.TargetPrefix) == "string" and le.TargetPrefix or "")
    return pass(result)
  end
  result.message = string.format("Bucket %s (%s) has no server access logging: GetBucketLogging"
                                 .. " shows no LoggingEnabled target, so reads and deletions of"
                                 .. " the log files leave no record.", b.name, b.label)
  result.fix = string.format("aws s3api put-bucket-logging --bucket %s --bucket-logging-status %s",
                             fixes.q(b.name), fixes.q(string.format(
                               '{"LoggingEnabled":{"TargetBucket":"<access-log bucket>",'
                                 .. '"TargetPrefix":"%s/"}}', b.name)))
  fail(result)
end

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
    cli = "aws s3api put-bucket-logging --bucket <trail bucket> --bucket-logging-status"
      .. " '{\"LoggingEnabled\":{\"TargetBucket\":\"<access-log bucket>\","
      .. "\"TargetPrefix\":\"<trail bucket>/\"}}'",
    terraform = [[
resource "aws_s3_bucket_logging" "cloudtrail" {
  bucket        = aws_s3_bucket.cloudtrail.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "cloudtrail/"
}]],
  },
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-7",
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html",
  },
  compliance = require("compliance").of("cloudtrail-bucket-access-logging"),
  check = function(snapshot)
    buckets.judge_each(snapshot, "has server access logging", ask,
                       function(b) judge(snapshot, b) end)
  end,
}

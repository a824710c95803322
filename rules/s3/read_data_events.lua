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

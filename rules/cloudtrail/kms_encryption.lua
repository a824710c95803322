-- Security Hub CloudTrail.2 / CIS AWS Foundations 1.4 item 3.7, 3.0 and 5.0
-- item 3.5.  Judged per trail, from DescribeTrails alone.
local trails = require("trails")
local fixes = require("fixes")

return {
  id = "cloudtrail-kms-encryption",
  name = "CloudTrailKmsEncryption",
  title = "CloudTrail trails encrypt their log files with a KMS key (SSE-KMS)",
  severity = "medium",
  description = "Without SSE-KMS, anyone who can read the log bucket can read the trail's"
    .. " log files, which describe every API call in the account. With a KMS key, reading"
    .. " them also needs kms:Decrypt on that key, and each use of the key is itself logged.",
  remediation = {
    console = "CloudTrail > Trails > choose the trail > General details > Edit > Log file"
      .. " SSE-KMS encryption: Enabled, choose or create a KMS key in the bucket's Region"
      .. " whose key policy lets cloudtrail.amazonaws.com use it > Save changes.",
    cli = "aws cloudtrail update-trail --region <home region> --name <trail>"
      .. " --kms-key-id <KMS key ARN or alias>",
    terraform = [[
resource "aws_cloudtrail" "main" {
  # ...
  kms_key_id = aws_kms_key.cloudtrail.arn # its policy must allow cloudtrail.amazonaws.com
}]],
  },
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-2",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html",
  },
  compliance = require("compliance").of("cloudtrail-kms-encryption"),
  check = function(snapshot)
    for _, t in ipairs(trails.each_listed(snapshot, "encrypts its log files with a KMS key")) do
      local key = t.trail.KmsKeyId
      local result = {resource = t.arn, region = t.home, node = t.trail}
      if type(key) == "string" and key ~= "" then
        result.message = string.format("Trail %s encrypts its log files with KMS key %s.",
                                       trails.label(t), key)
        pass(result)
      else
        result.message = string.format("Trail %s does not encrypt its log files with a KMS"
                                       .. " key: DescribeTrails shows no KmsKeyId, so they"
                                       .. " only get S3's default encryption.", trails.label(t))
        result.fix = fixes.where(t, fixes.cloudtrail(t, "update-trail",
                                                     "--kms-key-id '<KMS key ARN or alias>'"))
        fail(result)
      end
    end
  end,
}

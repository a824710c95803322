-- Security Hub CloudTrail.4 / CIS AWS Foundations 1.4, 3.0 and 5.0 item 3.2.
-- Judged per trail, from DescribeTrails alone.
local trails = require("trails")
local fixes = require("fixes")

return {
  id = "cloudtrail-log-file-validation",
  name = "CloudTrailLogFileValidation",
  title = "CloudTrail trails have log file integrity validation enabled",
  severity = "low",
  description = "Without log file validation, CloudTrail writes no signed digest files, so"
    .. " nobody can prove that a log file was not changed or deleted after delivery. An"
    .. " intruder who reaches the log bucket could then edit out their own activity.",
  remediation = {
    console = "CloudTrail > Trails > choose the trail > General details > Edit > Additional"
      .. " settings > Log file validation: Enabled > Save changes.",
    cli = "aws cloudtrail update-trail --region <home region> --name <trail>"
      .. " --enable-log-file-validation",
    terraform = [[
resource "aws_cloudtrail" "main" {
  # ...
  enable_log_file_validation = true
}]],
  },
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-4",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html",
  },
  compliance = require("compliance").of("cloudtrail-log-file-validation"),
  check = function(snapshot)
    for _, t in ipairs(trails.each_listed(snapshot, "has log file validation enabled")) do
      local result = {resource = t.arn, region = t.home, node = t.trail}
      local v = t.trail.LogFileValidationEnabled
      if v == true then
        result.message = string.format("Trail %s has log file validation enabled.",
                                       trails.label(t))
        pass(result)
      else
        result.message = string.format("Trail %s does not validate its log files:"
                                       .. " LogFileValidationEnabled is %s, so no signed"
                                       .. " digests prove the logs unaltered.", trails.label(t),
                                       v == nil and "absent" or tostring(v))
        result.fix = fixes.where(t, fixes.cloudtrail(t, "update-trail",
                                                     "--enable-log-file-validation"))
        fail(result)
      end
    end
  end,
}

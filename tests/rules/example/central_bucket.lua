-- An example of a compliance team's own rule (README: "Writing your own rule").
-- Every trail of the account must deliver to the organisation's central bucket.
local trails = require("trails")        -- from the built-in helper library
local naming = require("naming")        -- from this folder's lib/

return {
  id = "acme-central-bucket",
  name = "AcmeCentralLogBucket",
  title = "Every trail delivers to the central log bucket",
  severity = "high",
  description = "Trails that deliver elsewhere escape the security team's retention,"
    .. " alerting and legal hold.",
  remediation = {
    cli = "aws cloudtrail update-trail --name <trail> --s3-bucket-name <central bucket>",
  },
  references = {"https://wiki.example.com/logging-standard"},
  compliance = {["acme-logging-standard"] = {"LOG-3"}},
  params = {
    bucket = {default = "acme-central-cloudtrail", description = "The central bucket."},
  },
  check = function(snapshot, params)
    for _, t in ipairs(trails.all(snapshot)) do
      local got = t.trail.S3BucketName
      local result = {resource = t.arn, region = t.home, node = t.trail}
      if got == params.bucket then
        result.message = naming.sentence(t.name, "delivers to " .. got)
        pass(result)
      else
        result.message = naming.sentence(t.name, "delivers to " .. tostring(got)
                                         .. ", not " .. params.bucket)
        fail(result)
      end
    end
  end,
}

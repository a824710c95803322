-- Security Hub CloudTrail.3 (PCI DSS): the account has at least one trail
-- and one of them is logging.  One result for the account; an organization
-- trail that logs for it counts.  Stricter controls (multi-region, both
-- read and write management events) are cloudtrail-management-events'.
local account = require("account")
local fixes = require("fixes")
local trails = require("trails")

local function create_fix(snapshot)
  return string.format("aws cloudtrail create-trail --name management-trail --s3-bucket-name"
                       .. " <bucket> --is-multi-region-trail && aws cloudtrail start-logging"
                       .. " --name management-trail  # account %s", snapshot.account_id)
end

return {
  id = "cloudtrail-trail-enabled",
  name = "CloudTrailTrailEnabled",
  title = "At least one CloudTrail trail exists and is logging",
  severity = "high",
  description = "Without a trail that is logging, no API activity of the account is kept"
    .. " beyond CloudTrail's 90-day event history: who did what, and when, cannot be shown"
    .. " to an assessor or an investigator.",
  remediation = {
    console = "CloudTrail > Trails > Create trail (multi-region, a log bucket) > Create; or"
      .. " choose a stopped trail > Start logging.",
    cli = "aws cloudtrail create-trail --name <trail> --s3-bucket-name <bucket>"
      .. " --is-multi-region-trail && aws cloudtrail start-logging --name <trail>",
    terraform = [[
resource "aws_cloudtrail" "main" {
  name                  = "management-trail"
  s3_bucket_name        = aws_s3_bucket.cloudtrail.id
  is_multi_region_trail = true
  enable_logging        = true
}]],
  },
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-3",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-create-a-trail-using-the-console-first-time.html",
  },
  compliance = require("compliance").of("cloudtrail-trail-enabled"),
  check = function(snapshot)
    local a = account.of(snapshot)
    local result = {resource = a.resource, node = snapshot.regions}
    local stopped, unknown = {}, {}
    for _, t in ipairs(trails.all(snapshot)) do
      if t.logging == true then
        result.region = t.home
        result.node = t.trail
        result.message = string.format("Account %s has trail %s logging (%s, home region %s).",
                                       a.id, trails.label(t), t.arn, tostring(t.home))
        return pass(result)
      elseif t.logging == false then
        stopped[#stopped + 1] = t
      else
        unknown[#unknown + 1] = t
      end
    end
    local reasons, region = trails.unlisted(snapshot)
    for _, t in ipairs(unknown) do
      reasons[#reasons + 1] = string.format("trail %s: %s", trails.label(t),
                                            tostring(t.status_missing))
    end
    if #reasons > 0 then
      result.fix = #unknown > 0
        and string.format("aws cloudtrail get-trail-status --region %s --name %s",
                          fixes.q(unknown[1].home), fixes.q(unknown[1].arn))
        or ("aws cloudtrail describe-trails --include-shadow-trails"
            .. (region and (" --region " .. fixes.q(region)) or ""))
      result.message = string.format("Could not decide whether account %s has a trail that is"
                                     .. " logging: %s.", a.id, table.concat(reasons, "; "))
      return review(result)
    end
    if #stopped == 0 then
      result.fix = create_fix(snapshot)
      result.message = string.format("Account %s has no CloudTrail trail: its API activity is"
                                     .. " not recorded beyond the 90-day event history.", a.id)
      return fail(result)
    end
    local names, fix = {}, {}
    for _, t in ipairs(stopped) do
      names[#names + 1] = trails.label(t)
      if not t.foreign then
        fix[#fix + 1] = fixes.cloudtrail(t, "start-logging")
      end
    end
    result.region = stopped[1].home
    result.node = stopped[1].trail
    result.fix = #fix > 0 and fixes.fit(fixes.chain(fix), fix[1]) or create_fix(snapshot)
    result.message = string.format("Account %s has trails but none is logging: %s %s stopped.",
                                   a.id, table.concat(names, ", "),
                                   #names == 1 and "is" or "are")
    fail(result)
  end,
}

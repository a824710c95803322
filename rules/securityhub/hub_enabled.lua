-- CIS 1.5-5.0 4.16, 6.0-7.0 5.16: AWS Security Hub is enabled in every
-- region of the snapshot.  DescribeHub answers with a HubArn where it is;
-- InvalidAccessException ("not subscribed") is the answer where it is not.
-- Any other failure says nothing about the hub: review.
local account = require("account")
local answers = require("answers")
local fixes = require("fixes")

local NOT_SUBSCRIBED = {InvalidAccessException = true}

local function hub_arn(snapshot, region)
  return string.format("arn:%s:securityhub:%s:%s:hub/default", snapshot.partition, region,
                       snapshot.account_id)
end

local function judge_region(snapshot, region)
  local result = {resource = hub_arn(snapshot, region), region = region,
                  node = snapshot.regions[region]}
  local e = account.error_for(snapshot, region, "securityhub", "DescribeHub")
  if e and NOT_SUBSCRIBED[e.code] then
    result.fix = "aws securityhub enable-security-hub --region " .. fixes.q(region)
      .. " --enable-default-standards"
    result.message = string.format("AWS Security Hub is not enabled in %s (DescribeHub: %s), so"
                                   .. " findings of GuardDuty, Inspector, Config and the"
                                   .. " security standards are not gathered there.", region,
                                   account.describe_error(e))
    return fail(result)
  end
  local hub, why = answers.get(snapshot, region, "securityhub", "DescribeHub")
  if hub and type(hub.HubArn) == "string" and hub.HubArn ~= "" then
    result.resource = hub.HubArn
    result.node = hub
    result.message = string.format("AWS Security Hub is enabled in %s (%s, subscribed %s).",
                                   region, hub.HubArn, tostring(hub.SubscribedAt or "at an"
                                                                .. " unknown time"))
    return pass(result)
  end
  result.fix = "aws securityhub describe-hub --region " .. fixes.q(region)
  result.message = string.format("Could not decide whether AWS Security Hub is enabled in %s:"
                                 .. " %s.", region, why or "DescribeHub shows no HubArn")
  review(result)
end

return {
  id = "securityhub-enabled",
  name = "SecurityHubEnabled",
  title = "AWS Security Hub is enabled in every region",
  severity = "medium",
  description = "Security Hub gathers the findings of AWS security services and runs the"
    .. " security standards' checks continuously. A region without it has no central view of"
    .. " what those services find there, so a finding can go unseen.",
  remediation = {
    console = "Security Hub (in each region) > Go to Security Hub > choose the security"
      .. " standards > Enable Security Hub; or, in an organization, the delegated"
      .. " administrator's central configuration for every region.",
    cli = "aws securityhub enable-security-hub --region <region> --enable-default-standards",
    terraform = [[
resource "aws_securityhub_account" "main" {
  # one per region (provider alias per region)
  enable_default_standards = true
}]],
  },
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-enable.html",
    "https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_DescribeHub.html",
  },
  compliance = require("compliance").of("securityhub-enabled"),
  check = function(snapshot)
    for _, region in ipairs(answers.regions(snapshot)) do
      judge_region(snapshot, region)
    end
  end,
}

-- Security Hub CloudWatch.16: every log group, in every region of the
-- snapshot, keeps its events for at least min_retention_days.
local answers = require("answers")
local loggroups = require("loggroups")

local function judge(snapshot, min_days, keeps_passes, region, g, name)
  local days = g.retentionInDays
  -- Most groups pass; when no report shows passes, only count them.
  if not keeps_passes and loggroups.verdict(days, min_days) == "pass" then
    return pass()
  end
  local verdict, phrase = loggroups.retention(days, min_days)
  local result = {resource = loggroups.arn(snapshot, region, g), region = region, node = g,
                  message = string.format("Log group %s %s.", name, phrase)}
  if verdict == "pass" then
    return pass(result)
  end
  result.fix = loggroups.fix(region, name, min_days)
  if verdict == "review" then
    result.message = string.format("Could not decide whether log group %s keeps events for %g"
                                   .. " days: it %s.", name, min_days, phrase)
    return review(result)
  end
  fail(result)
end

-- A region whose groups are unknown (or only partly known) gets one review.
local function review_region(snapshot, params, region, r, why)
  review{resource = string.format("arn:%s:logs:%s:%s:log-group:*", snapshot.partition, region,
                                  snapshot.account_id),
         region = region, node = r,
         fix = "aws logs describe-log-groups --region " .. region,
         message = string.format("Could not decide whether every log group in %s keeps events"
                                 .. " for %g days: %s.", region, params.min_retention_days, why)}
end

return {
  id = "logs-log-group-retention",
  name = "CloudWatchLogGroupRetention",
  title = "CloudWatch Logs log groups keep their events for at least a year",
  severity = "medium",
  description = "A log group with a short retention period deletes its events before an"
    .. " intrusion is usually found (months, on average), so the evidence needed to"
    .. " investigate it is gone. A log group without a retention period keeps its events"
    .. " forever.",
  remediation = {
    console = "CloudWatch > Logs > Log groups > choose the group > Actions > Edit retention"
      .. " setting > choose 1 year (365 days) or longer, or Never expire > Save.",
    cli = "aws logs put-retention-policy --region <region> --log-group-name <group>"
      .. " --retention-in-days 365",
    terraform = [[
resource "aws_cloudwatch_log_group" "example" {
  # ...
  retention_in_days = 365 # or 0: never expire
}]],
  },
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-16",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention",
    "https://docs.aws.amazon.com/config/latest/developerguide/cw-loggroup-retention-period-check.html",
  },
  compliance = require("compliance").of("logs-log-group-retention"),
  params = {
    min_retention_days = {
      default = 365,
      description = "The fewest days a log group must keep its events (Security Hub allows"
        .. " 365, 400, 545, 731, 1827 or 3653 for CloudWatch.16). No retention period (never"
        .. " expire) always passes.",
    },
  },
  check = function(snapshot, params)
    local min_days, keeps_passes = params.min_retention_days, trailscan.keeps_passes
    for _, region in ipairs(answers.regions(snapshot)) do
      local r = snapshot.regions[region]
      local groups, complete, why = loggroups.list(snapshot, region)
      if not groups then
        review_region(snapshot, params, region, r, complete)
      else
        for _, g in ipairs(groups) do
          local name = type(g) == "table" and g.logGroupName
          if type(name) == "string" then
            judge(snapshot, min_days, keeps_passes, region, g, name)
          end
        end
        if not complete then
          review_region(snapshot, params, region, r, why)
        end
      end
    end
  end,
}

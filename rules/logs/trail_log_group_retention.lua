-- The CloudWatch Logs log group each trail delivers to keeps its events for
-- at least min_retention_days (the CloudWatch.16 test, for the one group
-- that matters most).  Each group is judged once, however many trails use
-- it; trails without a log group are CloudTrail.5's business.
local arn = require("arn")
local trails = require("trails")
local fixes = require("fixes")
local loggroups = require("loggroups")
local org = require("org")

-- Each log group the trails name (CloudWatchLogsLogGroupArn ends in ":*"),
-- once, in ARN order, with the trails that deliver to it.
local function trail_groups(list, what)
  local by_arn, out = {}, {}
  for _, t in ipairs(list) do
    local raw = t.trail.CloudWatchLogsLogGroupArn
    if trails.unsettled(t, what) then
      -- reported: its owner's snapshot does not list it, so the member's
      -- copy does not say where it delivers
    elseif type(raw) == "string" and raw ~= "" then
      local g = arn.log_group(raw)
      local key = g and g.arn or raw
      if not by_arn[key] then
        by_arn[key] = {arn = key, raw = raw, parsed = g, trails = {}, node = t.listed or t.trail}
        out[#out + 1] = by_arn[key]
      end
      local names = by_arn[key].trails
      names[#names + 1] = trails.label(t)
    end
  end
  table.sort(out, function(x, y) return x.arn < y.arn end)
  return out
end

local function upper_first(s)
  return (s:gsub("^%l", string.upper))
end

local function find(groups, name)
  for _, g in ipairs(groups) do
    if type(g) == "table" and g.logGroupName == name then return g end
  end
  return nil
end

local function judge(snapshot, params, tg)
  local min = params.min_retention_days
  local g = tg.parsed
  local who = (#tg.trails == 1 and "trail " or "trails ") .. table.concat(tg.trails, ", ")
  local result = {resource = tg.arn, region = g and g.region, node = tg.node}
  local subject = g and string.format("log group %s (where %s %s)", g.name, who,
                                      #tg.trails == 1 and "delivers" or "deliver")
  if not g then
    result.message = string.format("Could not decide how long the log group of %s keeps"
                                   .. " events: CloudWatchLogsLogGroupArn %s is not a log group"
                                   .. " ARN.", who, tg.raw)
    result.fix = "aws cloudtrail describe-trails --include-shadow-trails"
    return review(result)
  end
  -- A group in another account: judged by that account's snapshot when
  -- the scan holds it (the organisation view), found in it or not.
  local data, elsewhere = snapshot, nil
  if g.account ~= snapshot.account_id then
    local file
    data, file = org.snapshot(g.account)
    elsewhere = data and string.format(" of account %s (%s)", g.account, file)
  end
  if not data then
    result.message = string.format("Could not decide whether %s keeps events for %g days: it"
                                   .. " is in account %s, not this one; judge it with that"
                                   .. " account's snapshot.", subject, min, g.account)
    result.fix = string.format("aws logs describe-log-groups --region %s"
                               .. " --log-group-name-prefix %s  # in account %s",
                               fixes.q(g.region), fixes.q(g.name), g.account)
    return review(result)
  end
  if elsewhere then
    subject = string.format("log group %s%s (where %s %s)", g.name, elsewhere, who,
                            #tg.trails == 1 and "delivers" or "deliver")
    result.evidence = data.regions and data.regions[g.region] or data
  end
  local groups, complete, partial = loggroups.list(data, g.region)
  local found = groups and find(groups, g.name)
  if found then
    local verdict, phrase = loggroups.retention(found.retentionInDays, min)
    if elsewhere then
      result.evidence = found
      subject = string.format("log group %s of %s (where %s %s)", g.name,
                              org.source(g.account, found), who,
                              #tg.trails == 1 and "delivers" or "deliver")
      if verdict ~= "pass" then
        result.fix = loggroups.fix(g.region, g.name, min) .. "  # in account " .. g.account
      end
    else
      result.node = found
    end
    result.message = string.format("%s %s.", upper_first(subject), phrase)
    if verdict == "pass" then return pass(result) end
    result.fix = result.fix or loggroups.fix(g.region, g.name, min)
    if verdict == "review" then
      result.message = string.format("Could not decide whether %s keeps events for %g days:"
                                     .. " it %s.", subject, min, phrase)
      return review(result)
    end
    return fail(result)
  end
  if groups and complete then
    -- The whole list is there and the group is not: CloudTrail has nowhere
    -- to deliver, so nothing is retained in CloudWatch Logs at all.
    result.message = string.format("%s does not exist: DescribeLogGroups in %s does not list"
                                   .. " it, so none of the trail's events are kept there.",
                                   upper_first(subject), g.region)
    result.fix = string.format("aws logs create-log-group --region %s --log-group-name %s && %s",
                               fixes.q(g.region), fixes.q(g.name),
                               loggroups.fix(g.region, g.name, min))
    return fail(result)
  end
  local why = groups and (partial .. "; the part stored does not list it") or complete
  result.message = string.format("Could not decide whether %s keeps events for %g days: %s.",
                                 subject, min, why)
  result.fix = string.format("aws logs describe-log-groups --region %s --log-group-name-prefix %s",
                             fixes.q(g.region), fixes.q(g.name))
  review(result)
end

return {
  id = "logs-trail-log-group-retention",
  name = "CloudTrailLogGroupRetention",
  title = "The CloudWatch Logs log group each trail delivers to keeps events for at least a year",
  severity = "medium",
  description = "The log group a trail delivers to is where its events are searched and"
    .. " alarmed on. If it keeps them only briefly, or does not exist, the account's recent"
    .. " API history vanishes from CloudWatch Logs long before an intrusion is usually found.",
  remediation = {
    console = "CloudWatch > Logs > Log groups > choose the trail's log group > Actions > Edit"
      .. " retention setting > 1 year (365 days) or longer, or Never expire > Save.",
    cli = "aws logs put-retention-policy --region <region> --log-group-name <trail's group>"
      .. " --retention-in-days 365",
    terraform = [[
resource "aws_cloudwatch_log_group" "cloudtrail" {
  name              = "aws-cloudtrail-logs"
  retention_in_days = 365 # or 0: never expire
}]],
  },
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-16",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention",
  },
  compliance = require("compliance").of("logs-trail-log-group-retention"),
  params = {
    min_retention_days = {
      default = 365,
      description = "The fewest days the trail's log group must keep its events. No"
        .. " retention period (never expire) always passes.",
    },
  },
  check = function(snapshot, params)
    local what = "delivers to a log group that keeps its events long enough"
    local list = trails.each_listed(snapshot, what)
    for _, tg in ipairs(trail_groups(list, what)) do
      judge(snapshot, params, tg)
    end
  end,
}

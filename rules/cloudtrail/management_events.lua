-- Security Hub CloudTrail.1 / CIS AWS Foundations 1.4, 3.0 and 5.0 item 3.1.
-- Account-level: one active multi-region trail must log read and write
-- management events from every event source.  Judged by what the selectors
-- log (selectors.management), never by a selector's Name.
local account = require("account")
local arn = require("arn")
local trails = require("trails")
local selectors = require("selectors")
local fixes = require("fixes")

local WHAT = "read and write management events"
local MANAGEMENT_SELECTOR = '{"Name":"All management events","FieldSelectors":'
  .. '[{"Field":"eventCategory","Equals":["Management"]}]}'

-- "a", "a and b", "a, b and c"
local function join_and(list)
  if #list <= 1 then return list[1] or "" end
  return table.concat(list, ", ", 1, #list - 1) .. " and " .. list[#list]
end

local function name_of(t, evidence)
  if t.organization and t.foreign and not t.source then
    return string.format("%s (organization trail of account %s)", trails.label(t),
                         arn.owner(t.arn))
  end
  return trails.label(t, evidence)
end

-- What the selectors miss: "logs only write management events: why".
local function lacking(m)
  local what = (not m.read and not m.write)
    and "logs neither read nor write management events from every event source"
    or (m.write and "logs only write management events" or "logs only read management events")
  if #m.notes > 0 then
    what = what .. ": " .. table.concat(m.notes, ", ")
  end
  return what
end

-- "pass", or "fail"/"review" and why, for one trail.
local function judge_trail(t)
  local no = {}
  if not t.multi_region then no[#no + 1] = "is not multi-region" end
  if t.logging == false then no[#no + 1] = "is not logging" end
  local m = t.selectors and selectors.management(t.selectors)
  if m and not (m.read and m.write) then no[#no + 1] = lacking(m) end
  if #no > 0 then
    return "fail", name_of(t) .. " " .. join_and(no)
  end
  if not t.selectors then
    return "review", string.format("%s: %s", name_of(t), t.selectors_missing)
  end
  if t.logging == nil then
    return "review", string.format("%s logs them, but whether it is logging is unknown: %s",
                                   name_of(t), t.status_missing)
  end
  return "pass"
end

local function is_management(sel)
  for _, fs in ipairs(sel.FieldSelectors or {}) do
    if fs.Field == "eventCategory" then
      for _, v in ipairs(fs.Equals or {}) do
        if v == "Management" then return true end
      end
    end
  end
  return false
end

-- put-event-selectors replaces every selector, so the trail's other
-- selectors (data events) are kept and only management events change.
local function selectors_arg(response)
  local keep = {}
  if response.AdvancedEventSelectors then
    for _, sel in ipairs(response.AdvancedEventSelectors) do
      if not is_management(sel) then keep[#keep + 1] = fixes.json(sel) end
    end
    keep[#keep + 1] = MANAGEMENT_SELECTOR
    return "--advanced-event-selectors " .. fixes.q("[" .. table.concat(keep, ",") .. "]")
  end
  for _, s in ipairs(response.EventSelectors or {}) do
    if s.DataResources and #s.DataResources > 0 then
      keep[#keep + 1] = string.format('{"ReadWriteType":%s,"IncludeManagementEvents":false,'
                                      .. '"DataResources":%s}',
                                      fixes.json(s.ReadWriteType or "All"),
                                      fixes.json(s.DataResources))
    end
  end
  keep[#keep + 1] = '{"ReadWriteType":"All","IncludeManagementEvents":true}'
  return "--event-selectors " .. fixes.q("[" .. table.concat(keep, ",") .. "]")
end

-- The account's own trail that is closest to passing: multi-region first,
-- then logging.
local function candidate(list)
  local best, best_score
  for _, t in ipairs(list) do
    if not t.foreign then
      local score = (t.multi_region and 2 or 0) + (t.logging and 1 or 0)
      if not best or score > best_score then best, best_score = t, score end
    end
  end
  return best
end

local function first_region(snapshot)
  for region in pairs(snapshot.regions or {}) do return region end
  return "us-east-1"
end

local function fix_for(snapshot, t)
  if not t then
    local region = fixes.q(first_region(snapshot))
    return "aws cloudtrail create-trail --region " .. region .. " --name management-events"
      .. " --s3-bucket-name '<log bucket>' --is-multi-region-trail && aws cloudtrail"
      .. " start-logging --region " .. region .. " --name management-events"
  end
  local cmds = {}
  if not t.multi_region then
    cmds[#cmds + 1] = fixes.cloudtrail(t, "update-trail", "--is-multi-region-trail")
  end
  if t.logging ~= true then
    cmds[#cmds + 1] = fixes.cloudtrail(t, "start-logging")
  end
  local m = t.selectors and selectors.management(t.selectors)
  if m and not (m.read and m.write) then
    local put = fixes.cloudtrail(t, "put-event-selectors", selectors_arg(t.selectors),
                                 "--trail-name")
    cmds[#cmds + 1] = fixes.fit(put, fixes.cloudtrail(t, "put-event-selectors",
      "--advanced-event-selectors " .. fixes.q("[" .. MANAGEMENT_SELECTOR .. ",<its other"
                                               .. " selectors>]"), "--trail-name"))
  end
  return fixes.chain(cmds)
end

-- The command that reads what was missing for the first undecided trail.
local function ask_for(list)
  for _, t in ipairs(list) do
    if t.multi_region and t.logging ~= false and not t.selectors then
      return fixes.cloudtrail(t, "get-event-selectors", nil, "--trail-name")
    end
  end
  for _, t in ipairs(list) do
    if t.multi_region and t.logging == nil then
      return fixes.cloudtrail(t, "get-trail-status")
    end
  end
  return "aws cloudtrail describe-trails --include-shadow-trails"
end

local function check(snapshot)
  local a = account.of(snapshot)
  if not trails.found(snapshot) then
    local reasons, region = trails.unlisted(snapshot)
    review{resource = a.resource, node = snapshot,
           fix = "aws cloudtrail describe-trails --include-shadow-trails"
             .. (region and (" --region " .. region) or ""),
           message = string.format("Could not decide whether account %s logs %s: %s.", a.id,
                                   WHAT, table.concat(reasons, "; "))}
    return
  end
  -- A multi-region trail is listed (as a shadow) in every region, so a
  -- region whose DescribeTrails failed hides no candidate.
  local list, against, undecided, first = trails.all(snapshot), {}, {}, nil
  for _, t in ipairs(list) do
    local verdict, note = judge_trail(t)
    if verdict == "pass" then
      local ev = trails.evidence(t, t.selectors, "event selectors", t.status, "status")
      pass{resource = a.resource, region = t.home, node = t.listed, evidence = ev,
           message = string.format("Account %s logs %s: multi-region trail %s is logging"
                                   .. " them from every event source.", a.id, WHAT,
                                   name_of(t, ev))}
      return
    elseif verdict == "review" then
      undecided[#undecided + 1] = note
      first = first or t
    else
      against[#against + 1] = note
    end
  end
  if #undecided > 0 then
    review{resource = a.resource, region = first.home, node = first.listed, fix = ask_for(list),
           message = string.format("Could not decide whether account %s logs %s: %s.",
                                   a.id, WHAT, table.concat(undecided, "; "))
             .. (#against > 0 and (" Other trails: " .. table.concat(against, "; ") .. ".") or "")}
    return
  end
  if #against == 0 then
    against[1] = "the account has no trails"
  end
  local t = candidate(list)
  local evidence -- the first trail its owner's snapshot settled (its name says where)
  for _, x in ipairs(list) do
    evidence = evidence or trails.evidence(x)
  end
  fail{resource = a.resource, region = t and t.home, node = t and t.trail or snapshot,
       evidence = evidence,
       fix = fix_for(snapshot, t),
       message = string.format("Account %s does not log all %s: no active multi-region"
                               .. " trail logs them (%s).", a.id, WHAT,
                               table.concat(against, "; "))}
end

return {
  id = "cloudtrail-management-events",
  name = "CloudTrailManagementEvents",
  title = "An active multi-region trail logs read and write management events",
  severity = "high",
  description = "Management events record who created, changed, deleted or read the"
    .. " account's resources and settings: IAM, security groups, trails, keys. Without an"
    .. " active multi-region trail that logs all of them, activity in an unused Region, read"
    .. " calls that map the account, or excluded sources (such as AWS KMS) leave no record to"
    .. " investigate.",
  remediation = {
    console = "CloudTrail > Trails > choose a multi-region trail (or create one: trails"
      .. " created in the console are multi-region) > Management events > Edit > API"
      .. " activity: Read and Write, no excluded event sources > Save changes; make sure"
      .. " the trail is logging.",
    cli = "aws cloudtrail put-event-selectors --region <home region> --trail-name <trail>"
      .. " --advanced-event-selectors '" .. "[" .. MANAGEMENT_SELECTOR .. "]'"
      .. " && aws cloudtrail start-logging --region <home region> --name <trail>"
      .. "  # put-event-selectors replaces the trail's selectors: add any others it has",
    terraform = [[
resource "aws_cloudtrail" "main" {
  # ...
  is_multi_region_trail = true
  enable_logging        = true
  # Every selector is listed: these replace the trail's existing ones.
  advanced_event_selector {
    name = "Management events"
    field_selector {
      field  = "eventCategory"
      equals = ["Management"]
    }
  }
}]],
  },
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-1",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html",
    "https://docs.aws.amazon.com/config/latest/developerguide/multi-region-cloudtrail-enabled.html",
  },
  compliance = require("compliance").of("cloudtrail-management-events"),
  check = check,
}

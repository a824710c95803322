-- Security Hub Config.1 / CIS 1.2 2.5, 1.4-2.0 3.5, 3.0-5.0 3.3, 6.0-7.0 4.3:
-- AWS Config records in every region of the snapshot.  Per region: a
-- recorder exists, is recording, records every supported resource type, its
-- last status is not FAILURE and a delivery channel exists.  Which role the
-- recorder uses (Config.1's includeConfigServiceLinkedRoleCheck, which CIS
-- does not ask) is config-service-linked-role's to judge.
-- Global resource types (IAM) must be recorded in at least one region: one
-- account-wide result.
local account = require("account")
local answers = require("answers")
local fixes = require("fixes")

local function recorder_arn(snapshot, region, name)
  return string.format("arn:%s:config:%s:%s:configuration-recorder/%s", snapshot.partition,
                       region, snapshot.account_id, name or "*")
end

-- rec: the region's recorder, nil when it has none.  The fix keeps the
-- recorder's role and its includeGlobalResourceTypes: global types belong
-- in one region, which the account-wide result judges.
local function fix_for(snapshot, region, rec, problems)
  local q = fixes.q(region)
  local name = rec and rec.name or "default"
  local cmds = {}
  if problems.recorder then
    local role = rec and type(rec.roleARN) == "string" and rec.roleARN ~= "" and rec.roleARN
      or string.format("arn:%s:iam::%s:role/aws-service-role/config.amazonaws.com"
                       .. "/AWSServiceRoleForConfig", snapshot.partition, snapshot.account_id)
    local g = rec and type(rec.recordingGroup) == "table" and rec.recordingGroup or {}
    cmds[#cmds + 1] = string.format("aws configservice put-configuration-recorder --region %s"
      .. " --configuration-recorder name=%s,roleARN=%s --recording-group"
      .. " allSupported=true,includeGlobalResourceTypes=%s", q, fixes.q(name), fixes.q(role),
      g.includeGlobalResourceTypes == true and "true" or "false")
  end
  if problems.channel then
    cmds[#cmds + 1] = string.format("aws configservice put-delivery-channel --region %s"
      .. " --delivery-channel name=default,s3BucketName=<config bucket>", q)
  end
  if problems.start then
    cmds[#cmds + 1] = string.format("aws configservice start-configuration-recorder --region %s"
      .. " --configuration-recorder-name %s", q, fixes.q(name))
  end
  return fixes.chain(cmds)
end

-- The recorder's status entry, by name.
local function status_of(statuses, name)
  for _, s in ipairs(statuses.ConfigurationRecordersStatus or {}) do
    if type(s) == "table" and s.name == name then return s end
  end
  return nil
end

local function records_all(rec, params)
  local g = type(rec.recordingGroup) == "table" and rec.recordingGroup or {}
  local strategy = type(g.recordingStrategy) == "table" and g.recordingStrategy.useOnly
  if g.allSupported == true or strategy == "ALL_SUPPORTED_RESOURCE_TYPES" then
    return true
  end
  if strategy == "EXCLUSION_BY_RESOURCE_TYPES" then
    local ex = type(g.exclusionByResourceTypes) == "table"
      and g.exclusionByResourceTypes.resourceTypes or {}
    local names = {}
    for _, t in ipairs(ex) do names[#names + 1] = tostring(t) end
    if params.allow_exclusions then return true end
    return false, "it excludes resource types (" .. table.concat(names, ", ") .. ")"
  end
  local n = type(g.resourceTypes) == "table" and #g.resourceTypes or 0
  return false, string.format("it records only %d chosen resource type%s, not all supported"
                              .. " ones", n, n == 1 and "" or "s")
end

-- Every problem of one recorder, in a fixed order, and which fixes apply.
local function recorder_problems(rec, status, params)
  local out, kinds = {}, {}
  local all, why = records_all(rec, params)
  if not all then out[#out + 1] = why; kinds.recorder = true end
  if status.recording ~= true then
    out[#out + 1] = "it is not recording (stopped)"; kinds.start = true
  end
  if status.lastStatus == "FAILURE" then
    out[#out + 1] = string.format("its last status is FAILURE (%s: %s)",
                                  tostring(status.lastErrorCode or "no code"),
                                  tostring(status.lastErrorMessage or "no message"))
  end
  return out, kinds
end

local function judge_region(snapshot, params, region, node)
  local recs, why = answers.get(snapshot, region, "config", "DescribeConfigurationRecorders")
  local statuses, why2 = answers.get(snapshot, region, "config",
                                     "DescribeConfigurationRecorderStatus")
  local channels, why3 = answers.get(snapshot, region, "config", "DescribeDeliveryChannels")
  local base = {region = region, node = recs or node}
  if not recs then
    base.resource = recorder_arn(snapshot, region)
    base.fix = "aws configservice describe-configuration-recorders --region " .. fixes.q(region)
    base.message = string.format("Could not decide whether AWS Config records in %s: %s.",
                                 region, why)
    return review(base), nil
  end
  local list = recs.ConfigurationRecorders or {}
  if #list == 0 then
    base.resource = recorder_arn(snapshot, region)
    base.message = string.format("AWS Config has no configuration recorder in %s, so resource"
                                 .. " changes there leave no configuration history.", region)
    base.fix = fix_for(snapshot, region, nil, {recorder = true, channel = not channels
      or #(channels.DeliveryChannels or {}) == 0, start = true})
    return fail(base), false
  end
  -- Judge the best recorder (a region has one customer recorder, and may
  -- have service-linked ones that count only for what they record).
  local best, best_problems, best_kinds, best_status, global = nil, nil, nil, nil, false
  for _, rec in ipairs(list) do
    if type(rec) == "table" then
      local g = type(rec.recordingGroup) == "table" and rec.recordingGroup or {}
      local status = statuses and status_of(statuses, rec.name)
      local problems, kinds = {}, {}
      if status then
        problems, kinds = recorder_problems(rec, status, params)
      end
      if status and status.recording == true and g.includeGlobalResourceTypes == true then
        global = true
      end
      if not best or (status and (not best_status or #problems < #best_problems)) then
        best, best_problems, best_kinds, best_status = rec, problems, kinds, status
      end
    end
  end
  if not best then
    base.resource = recorder_arn(snapshot, region)
    base.fix = "aws configservice describe-configuration-recorders --region " .. fixes.q(region)
    base.message = string.format("Could not decide whether AWS Config records in %s:"
                                 .. " DescribeConfigurationRecorders lists no readable recorder.",
                                 region)
    return review(base), nil
  end
  base.resource = recorder_arn(snapshot, region, best.name)
  base.node = best
  if not best_status then
    base.fix = "aws configservice describe-configuration-recorder-status --region "
      .. fixes.q(region)
    base.message = string.format("Could not decide whether AWS Config recorder %s in %s is"
                                 .. " recording: %s.", tostring(best.name), region,
                                 statuses and "its status is not in the snapshot" or why2)
    return review(base), global or nil
  end
  if not channels then
    base.fix = "aws configservice describe-delivery-channels --region " .. fixes.q(region)
    base.message = string.format("Could not decide whether AWS Config recorder %s in %s"
                                 .. " delivers its records: %s.", tostring(best.name), region,
                                 why3)
    return review(base), global
  end
  if #(channels.DeliveryChannels or {}) == 0 then
    best_problems[#best_problems + 1] = "the region has no delivery channel"
    best_kinds.channel = true
  end
  if #best_problems == 0 then
    base.message = string.format("AWS Config recorder %s in %s records every supported resource"
                                 .. " type and delivers its records.", tostring(best.name),
                                 region)
    return pass(base), global
  end
  base.message = string.format("AWS Config recorder %s in %s does not record every supported"
                               .. " resource type and deliver its records: %s.",
                               tostring(best.name), region, table.concat(best_problems, "; "))
  base.fix = fix_for(snapshot, region, best, best_kinds)
  if base.fix == "" then
    base.fix = string.format("aws configservice describe-configuration-recorder-status"
                             .. " --region %s  # find why delivery fails", fixes.q(region))
  end
  return fail(base), global
end

return {
  id = "config-recording-all-regions",
  name = "ConfigRecordingAllRegions",
  title = "AWS Config records every supported resource type in every region",
  severity = "medium",
  description = "AWS Config keeps the history of every resource's configuration. Without it"
    .. " in a region, nobody can tell what a security group, bucket policy or role looked"
    .. " like when an incident happened there, or who changed it.",
  remediation = {
    console = "AWS Config > Settings (in each region) > Edit: Recording strategy: All resource"
      .. " types with customizable overrides, include global resource types in one region,"
      .. " IAM role: the AWS Config service-linked role, a delivery S3 bucket > Save; then"
      .. " Recording is on.",
    cli = "aws configservice put-configuration-recorder --region <region>"
      .. " --configuration-recorder name=default,roleARN=<AWSServiceRoleForConfig ARN>"
      .. " --recording-group allSupported=true,includeGlobalResourceTypes=true &&"
      .. " aws configservice put-delivery-channel --region <region> --delivery-channel"
      .. " name=default,s3BucketName=<bucket> && aws configservice"
      .. " start-configuration-recorder --region <region> --configuration-recorder-name default"
      .. "  # includeGlobalResourceTypes=true in one region only, false in the others",
    terraform = [[
resource "aws_config_configuration_recorder" "main" {
  name     = "default"
  role_arn = aws_iam_service_linked_role.config.arn
  recording_group {
    all_supported                 = true
    include_global_resource_types = true # in one region
  }
}
resource "aws_config_delivery_channel" "main" {
  name           = "default"
  s3_bucket_name = aws_s3_bucket.config.id
  depends_on     = [aws_config_configuration_recorder.main]
}
resource "aws_config_configuration_recorder_status" "main" {
  name       = aws_config_configuration_recorder.main.name
  is_enabled = true
  depends_on = [aws_config_delivery_channel.main]
}]],
  },
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/config-controls.html#config-1",
    "https://docs.aws.amazon.com/config/latest/developerguide/stop-start-recorder.html",
  },
  compliance = require("compliance").of("config-recording-all-regions"),
  params = {
    allow_exclusions = {
      default = false,
      description = "Count a recorder that records all supported types except some it"
        .. " excludes (EXCLUSION_BY_RESOURCE_TYPES) as recording all of them.",
    },
  },
  check = function(snapshot, params)
    local regions = answers.regions(snapshot)
    local any_global, unknown, known = false, {}, 0
    for _, region in ipairs(regions) do
      local _, global = judge_region(snapshot, params, region, snapshot.regions[region])
      if global then any_global = true end
      if global == nil then unknown[#unknown + 1] = region else known = known + 1 end
    end
    local a = account.of(snapshot)
    local result = {resource = a.resource, node = snapshot.regions}
    if #regions == 0 then
      result.message = "Could not decide whether AWS Config records anywhere: the snapshot"
        .. " holds no region."
      return review(result)
    end
    -- Where no region answered, each region's review already says so.
    if known == 0 and not any_global then return end
    if any_global then
      result.message = "AWS Config records global resource types (IAM) in at least one region."
      return pass(result)
    end
    if #unknown > 0 then
      result.fix = "aws configservice describe-configuration-recorders --region "
        .. fixes.q(unknown[1])
      result.message = string.format("Could not decide whether AWS Config records global"
        .. " resource types (IAM) in some region: no region answered records them, and %s"
        .. " did not answer.", table.concat(unknown, ", "))
      return review(result)
    end
    result.fix = string.format("aws configservice put-configuration-recorder --region %s"
      .. " --configuration-recorder name=default,roleARN=arn:%s:iam::%s:role/aws-service-role/"
      .. "config.amazonaws.com/AWSServiceRoleForConfig --recording-group"
      .. " allSupported=true,includeGlobalResourceTypes=true", fixes.q(regions[1]),
      snapshot.partition, snapshot.account_id)
    result.message = "No region's AWS Config recorder records global resource types (IAM"
      .. " users, roles, policies), so changes to them leave no configuration history."
    fail(result)
  end,
}

-- Security Hub EC2.6 / CIS 1.2 2.9, 1.4-2.0 3.9, 3.0-5.0 3.7, 6.0-7.0 4.7:
-- every VPC in every region of the snapshot has an active flow log that
-- captures rejected traffic (REJECT or ALL) and is delivering.
local answers = require("answers")
local fixes = require("fixes")

local CAPTURES = {REJECT = true, ALL = true}

local function vpc_arn(snapshot, region, id)
  return string.format("arn:%s:ec2:%s:%s:vpc/%s", snapshot.partition, region,
                       snapshot.account_id, id)
end

-- The bucket's ARN is in the snapshot's partition (aws-us-gov, aws-cn, ...).
local function create_fix(partition, region, id)
  return string.format("aws ec2 create-flow-logs --region %s --resource-type VPC --resource-ids"
                       .. " %s --traffic-type ALL --log-destination-type s3 --log-destination"
                       .. " arn:%s:s3:::<flow-log bucket>/%s/", fixes.q(region), fixes.q(id),
                       partition, id)
end

-- Why one flow log does not count, or nil when it does.
local function why_not(fl)
  local id = tostring(fl.FlowLogId or "?")
  if fl.FlowLogStatus ~= "ACTIVE" then
    return string.format("%s is %s, not ACTIVE", id, tostring(fl.FlowLogStatus or "of no status"))
  end
  if not CAPTURES[fl.TrafficType] then
    return string.format("%s captures %s traffic only, not REJECT or ALL", id,
                         tostring(fl.TrafficType or "no"))
  end
  if fl.DeliverLogsStatus == "FAILED" then
    return string.format("%s fails to deliver (%s)", id,
                         tostring(fl.DeliverLogsErrorMessage or "no error message"))
  end
  return nil
end

local function judge_vpc(snapshot, region, vpc, flow_logs)
  local id = vpc.VpcId
  local result = {resource = vpc_arn(snapshot, region, id), region = region, node = vpc}
  local name = id
  for _, tag in ipairs(vpc.Tags or {}) do
    if type(tag) == "table" and tag.Key == "Name" and type(tag.Value) == "string" then
      name = string.format("%s (%s)", id, tag.Value)
    end
  end
  local notes, failing = {}, nil
  for _, fl in ipairs(flow_logs) do
    if type(fl) == "table" and fl.ResourceId == id then
      local why = why_not(fl)
      if not why then
        result.node = fl
        result.message = string.format("VPC %s in %s has flow log %s, active and delivering,"
                                       .. " capturing %s traffic.", name, region,
                                       tostring(fl.FlowLogId), fl.TrafficType)
        return pass(result)
      end
      notes[#notes + 1] = why
      if fl.DeliverLogsStatus == "FAILED" and fl.FlowLogStatus == "ACTIVE"
          and CAPTURES[fl.TrafficType] then
        failing = fl
      end
    end
  end
  result.fix = create_fix(snapshot.partition, region, id)
  if failing then
    -- The flow log is right; its destination refuses the logs.
    result.fix = string.format("aws ec2 describe-flow-logs --region %s --flow-log-ids %s  # grant"
                               .. " the delivery role or bucket policy access to %s",
                               fixes.q(region), fixes.q(tostring(failing.FlowLogId)),
                               tostring(failing.LogDestination or "its destination"))
  end
  if #notes == 0 then
    result.message = string.format("VPC %s in %s has no flow log, so rejected (and accepted)"
                                   .. " connections leave no record.", name, region)
  else
    result.message = string.format("VPC %s in %s has no flow log that counts: %s.", name, region,
                                   table.concat(notes, "; "))
  end
  fail(result)
end

local function review_region(snapshot, region, why, cmd)
  review{resource = vpc_arn(snapshot, region, "*"), region = region,
         node = snapshot.regions[region], fix = cmd .. " --region " .. fixes.q(region),
         message = string.format("Could not decide whether the VPCs of %s have flow logs: %s.",
                                 region, why)}
end

return {
  id = "vpc-flow-logs",
  name = "VpcFlowLogs",
  title = "Every VPC has an active flow log capturing rejected traffic",
  severity = "medium",
  description = "VPC flow logs record the connections made to and from network interfaces."
    .. " Without them, probing, blocked attacks and data leaving the network leave no trace,"
    .. " and an investigation cannot tell which hosts talked to which.",
  remediation = {
    console = "VPC > Your VPCs > choose the VPC > Flow logs > Create flow log: Filter All (or"
      .. " Reject), a destination (S3 bucket or CloudWatch Logs group with its IAM role) >"
      .. " Create flow log.",
    cli = "aws ec2 create-flow-logs --region <region> --resource-type VPC --resource-ids"
      .. " <vpc-id> --traffic-type ALL --log-destination-type s3 --log-destination"
      .. " arn:aws:s3:::<bucket>/<prefix>/",
    terraform = [[
resource "aws_flow_log" "vpc" {
  vpc_id               = aws_vpc.main.id
  traffic_type         = "ALL" # or "REJECT"
  log_destination_type = "s3"
  log_destination      = aws_s3_bucket.flow_logs.arn
}]],
  },
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-6",
    "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html",
  },
  compliance = require("compliance").of("vpc-flow-logs"),
  check = function(snapshot)
    for _, region in ipairs(answers.regions(snapshot)) do
      local vpcs, why = answers.get(snapshot, region, "ec2", "DescribeVpcs")
      local logs, why2 = answers.get(snapshot, region, "ec2", "DescribeFlowLogs")
      if not vpcs then
        review_region(snapshot, region, why, "aws ec2 describe-vpcs")
      else
        for _, vpc in ipairs(vpcs.Vpcs or {}) do
          if type(vpc) == "table" and type(vpc.VpcId) == "string" then
            if logs then
              judge_vpc(snapshot, region, vpc, logs.FlowLogs or {})
            else
              review{resource = vpc_arn(snapshot, region, vpc.VpcId), region = region,
                     node = vpc,
                     fix = string.format("aws ec2 describe-flow-logs --region %s --filter"
                                         .. " Name=resource-id,Values=%s", fixes.q(region),
                                         fixes.q(vpc.VpcId)),
                     message = string.format("Could not decide whether VPC %s in %s has a flow"
                                             .. " log: %s.", vpc.VpcId, region, why2)}
            end
          end
        end
      end
    end
  end,
}

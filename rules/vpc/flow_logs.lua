-- Security Hub EC2.6 / CIS 1.2 2.9, 1.4-2.0 3.9, 3.0-5.0 3.7, 6.0-7.0 4.7:
-- every VPC in every region of the snapshot has an active flow log that
-- captures rejected traffic (REJECT or ALL) and is delivering.
local answers = require("answers")
local fixes = require("fixes")

local CAPTURES = {REJECT = true, ALL = true}

-- The findings' messages, by language (rules/lib/i18n.lua).  {why} is
-- answers' phrase, in the same language.
local messages = {
  en = {
    not_active = "{id} is {status}, not ACTIVE",
    no_status = "{id} is of no status, not ACTIVE",
    traffic_only = "{id} captures {traffic} traffic only, not REJECT or ALL",
    no_traffic = "{id} captures no traffic only, not REJECT or ALL",
    fails_delivery = "{id} fails to deliver ({error})",
    fails_delivery_silently = "{id} fails to deliver (no error message)",
    grant = "grant the delivery role or bucket policy access to {destination}",
    grant_unnamed = "grant the delivery role or bucket policy access to its destination",
    passes = "VPC {vpc} in {region} has flow log {flow_log}, active and delivering, capturing"
      .. " {traffic} traffic.",
    none = "VPC {vpc} in {region} has no flow log, so rejected (and accepted) connections leave"
      .. " no record.",
    none_counts = "VPC {vpc} in {region} has no flow log that counts: {notes}.",
    undecided_region = "Could not decide whether the VPCs of {region} have flow logs: {why}.",
    undecided_vpc = "Could not decide whether VPC {vpc} in {region} has a flow log: {why}.",
  },
  ja = {
    not_active = "{id} の状態は {status} で、ACTIVE ではありません",
    no_status = "{id} には状態がなく、ACTIVE ではありません",
    traffic_only = "{id} が記録するのは {traffic} のトラフィックのみで、"
      .. "REJECT または ALL ではありません",
    no_traffic = "{id} には記録するトラフィックの種類がなく、REJECT または ALL ではありません",
    fails_delivery = "{id} は配信に失敗しています ({error})",
    fails_delivery_silently = "{id} は配信に失敗しています (エラーメッセージなし)",
    grant = "配信ロールまたはバケットポリシーで {destination} へのアクセスを許可してください",
    grant_unnamed = "配信ロールまたはバケットポリシーで配信先へのアクセスを許可してください",
    passes = "{region} の VPC {vpc} にはフローログ {flow_log} があり、"
      .. "有効で配信中です ({traffic} のトラフィックを記録)。",
    none = "{region} の VPC {vpc} にはフローログがないため、"
      .. "拒否された (および許可された) 接続の記録が残りません。",
    none_counts = "{region} の VPC {vpc} には条件を満たすフローログがありません: {notes}。",
    undecided_region = "{region} の VPC にフローログがあるかどうかを判定できません: {why}。",
    undecided_vpc = "{region} の VPC {vpc} にフローログがあるかどうかを判定できません: {why}。",
  },
}
local i18n = require("i18n")
local say = i18n.catalogue(messages)

-- (Concatenated: string.format is a sandboxed call costing several times
-- more.  The partition and account id are strings (the loader checked),
-- region a region's name, id a VpcId the callers checked is a string.)
local function vpc_arn(snapshot, region, id)
  return "arn:" .. snapshot.partition .. ":ec2:" .. region .. ":" .. snapshot.account_id
    .. ":vpc/" .. id
end

-- The bucket's ARN is in the snapshot's partition (aws-us-gov, aws-cn, ...).
-- (Concatenated, as vpc_arn.)
local function create_fix(partition, region, id)
  return "aws ec2 create-flow-logs --region " .. fixes.q(region) .. " --resource-type VPC"
    .. " --resource-ids " .. fixes.q(id) .. " --traffic-type ALL --log-destination-type s3"
    .. " --log-destination arn:" .. partition .. ":s3:::<flow-log bucket>/" .. id .. "/"
end

-- Why one flow log does not count, or nil when it does.
local function why_not(fl)
  local id = tostring(fl.FlowLogId or "?")
  if fl.FlowLogStatus ~= "ACTIVE" then
    if fl.FlowLogStatus == nil then return say("no_status", {id = id}) end
    return say("not_active", {id = id, status = fl.FlowLogStatus})
  end
  if not CAPTURES[fl.TrafficType] then
    if fl.TrafficType == nil then return say("no_traffic", {id = id}) end
    return say("traffic_only", {id = id, traffic = fl.TrafficType})
  end
  if fl.DeliverLogsStatus == "FAILED" then
    if fl.DeliverLogsErrorMessage == nil then
      return say("fails_delivery_silently", {id = id})
    end
    return say("fails_delivery", {id = id, error = fl.DeliverLogsErrorMessage})
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
        result.message = say("passes", {vpc = name, region = region,
                                        flow_log = tostring(fl.FlowLogId),
                                        traffic = fl.TrafficType})
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
    local dest = failing.LogDestination
    result.fix = fixes.note("aws ec2 describe-flow-logs --region " .. fixes.q(region)
                              .. " --flow-log-ids " .. fixes.q(tostring(failing.FlowLogId)),
                            dest == nil and say("grant_unnamed")
                              or say("grant", {destination = dest}))
  end
  if #notes == 0 then
    result.message = say("none", {vpc = name, region = region})
  else
    result.message = say("none_counts", {vpc = name, region = region,
                                         notes = i18n.clauses(notes)})
  end
  fail(result)
end

-- A region whose VPCs are unknown: the same review for every account that
-- lacks them alike (answers.said_once).
local undecided_region = answers.said_once(function(region, why)
  return say("undecided_region", {region = region, why = why})
end)
local ask_vpcs = answers.said_once(function(region)
  return "aws ec2 describe-vpcs --region " .. fixes.q(region)
end)

local function review_region(snapshot, region, why)
  -- (only counted when no report shows it: trailscan.keeps_reviews)
  if not trailscan.keeps_reviews then return review() end
  review{resource = vpc_arn(snapshot, region, "*"), region = region,
         node = snapshot.regions[region], fix = ask_vpcs(region),
         message = undecided_region(region, why)}
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
  texts = {
    ja = {
      title = "すべての VPC に、拒否されたトラフィックを記録する有効なフローログがある",
      description = "リスク: VPC フローログは、"
        .. "ネットワークインターフェイスとの間で行われた接続を記録します。フローログがないと、"
        .. "偵察のための探索、ブロックされた攻撃、"
        .. "ネットワーク外へのデータの持ち出しの痕跡が残らず、"
        .. "調査の際にどのホストがどのホストと通信したかを特定できません。対策: すべての VPC で、"
        .. "拒否されたトラフィック (REJECT) またはすべてのトラフィック (ALL) "
        .. "を記録するフローログを作成します。",
      remediation = {
        console = "VPC > お使いの VPC > VPC を選択 > フローログ > フローログを作成: "
          .. "フィルター「すべて」(または「拒否」)、送信先 (S3 バケット、"
          .. "または IAM ロールを指定した CloudWatch Logs のロググループ) > フローログを作成",
        terraform = [[
resource "aws_flow_log" "vpc" {
  vpc_id               = aws_vpc.main.id
  traffic_type         = "ALL" # または "REJECT"
  log_destination_type = "s3"
  log_destination      = aws_s3_bucket.flow_logs.arn
}]],
      },
    },
  },
  messages = messages,
  compliance = require("compliance").of("vpc-flow-logs"),
  check = function(snapshot)
    local regions = answers.regions(snapshot) -- (by index: no C call per step)
    for i = 1, #regions do
      local region = regions[i]
      local vpcs, why = answers.get(snapshot, region, "ec2", "DescribeVpcs")
      if not vpcs then
        review_region(snapshot, region, why)
      else
        local logs, why2 = answers.get(snapshot, region, "ec2", "DescribeFlowLogs")
        for _, vpc in ipairs(vpcs.Vpcs or {}) do
          if type(vpc) == "table" and type(vpc.VpcId) == "string" then
            if logs then
              judge_vpc(snapshot, region, vpc, logs.FlowLogs or {})
            else
              review{resource = vpc_arn(snapshot, region, vpc.VpcId), region = region,
                     node = vpc,
                     fix = "aws ec2 describe-flow-logs --region " .. fixes.q(region)
                       .. " --filter Name=resource-id,Values=" .. fixes.q(vpc.VpcId),
                     message = say("undecided_vpc", {vpc = vpc.VpcId, region = region,
                                                     why = why2})}
            end
          end
        end
      end
    end
  end,
}

-- Security Hub CloudTrail.5 / CIS AWS Foundations 1.4 item 3.4.  Stricter
-- than Security Hub on purpose: a log group that is set but receives nothing
-- feeds no metric filter and no alarm, so delivery must also be recent and
-- must not be failing.
local account = require("account")
local arn = require("arn")
local trails = require("trails")
local fixes = require("fixes")

local function set(v)
  return type(v) == "string" and v ~= "" and v or nil
end

-- "2 min", "72.4 h": how long before the snapshot something happened.
local function ago(seconds)
  if seconds < 120 then return string.format("%d s", math.floor(seconds)) end
  if seconds < 7200 then return string.format("%d min", math.floor(seconds / 60)) end
  if seconds < 172800 then return string.format("%.1f h", seconds / 3600) end
  return string.format("%.1f days", seconds / 86400)
end

-- Creates a log group in the trail's home region and points the trail at it.
local function fix_no_group(snapshot, t)
  local owner = arn.owner(t.arn) or snapshot.account_id
  local group = "aws-cloudtrail-logs-" .. owner .. "-" .. t.name
  local create = string.format("aws logs create-log-group --region %s --log-group-name %s",
                               fixes.q(t.home), fixes.q(group))
  local point = fixes.cloudtrail(t, "update-trail", string.format(
    "--cloud-watch-logs-log-group-arn %s --cloud-watch-logs-role-arn %s",
    fixes.q(string.format("arn:%s:logs:%s:%s:log-group:%s:*", snapshot.partition, t.home,
                          owner, group)),
    fixes.q(string.format("arn:%s:iam::%s:role/<role CloudTrail assumes to write there>",
                          snapshot.partition, owner))))
  return fixes.where(t, fixes.chain({create, point}))
end

-- The name of an IAM role from its ARN (arn:PARTITION:iam::ACCOUNT:role/PATH/NAME),
-- or nil for anything else.  The value comes from the snapshot and may be
-- any length: IAM's limit (2048) is checked first, and the pattern is
-- anchored, so it is one pass over the text.
local function role_name(role_arn)
  local f = role_arn and #role_arn <= 2048 and arn.parse(role_arn)
  if not (f and f.service == "iam" and not f.region and f.resource:sub(1, 5) == "role/") then
    return nil
  end
  local name = f.resource:reverse():match("^([^/]+)/")
  return name and name:reverse()
end

-- Delivery fails or stopped: recreate a missing group, or give the trail's
-- role the two permissions CloudTrail needs on it; start a stopped trail.
local function fix_delivery(t, group_arn, err)
  local cmds = {}
  local role = role_name(set(t.trail.CloudWatchLogsRoleArn))
  local g = arn.log_group(group_arn)
  if g and err and err:find("NotFound", 1, true) then
    cmds[#cmds + 1] = string.format("aws logs create-log-group --region %s --log-group-name %s",
                                    fixes.q(g.region), fixes.q(g.name))
  elseif role and g then
    local policy = string.format('{"Version":"2012-10-17","Statement":[{"Effect":"Allow",'
      .. '"Action":["logs:CreateLogStream","logs:PutLogEvents"],"Resource":"%s:log-stream:*"}]}',
      g.arn)
    cmds[#cmds + 1] = string.format("aws iam put-role-policy --role-name %s --policy-name"
                                    .. " CloudTrailToCloudWatchLogs --policy-document %s",
                                    fixes.q(role), fixes.q(policy))
  else
    -- No role, one that is not an IAM role ARN, or an unreadable group ARN:
    -- name both again.
    cmds[#cmds + 1] = fixes.cloudtrail(t, "update-trail", "--cloud-watch-logs-log-group-arn "
                                       .. fixes.q(group_arn) .. " --cloud-watch-logs-role-arn"
                                       .. " '<role ARN>'")
  end
  if t.logging == false then
    cmds[#cmds + 1] = fixes.cloudtrail(t, "start-logging")
  end
  return fixes.where(t, fixes.chain(cmds))
end

-- What is wrong with the delivery (an empty list when nothing), or nil and
-- why when the snapshot cannot tell.
local function delivery_problems(status, now, max_hours)
  local max_age = max_hours * 3600
  local problems = {}
  local err = set(status.LatestCloudWatchLogsDeliveryError)
  local raw = status.LatestCloudWatchLogsDeliveryTime
  if raw == nil or raw == "" then
    problems[#problems + 1] = "CloudTrail has never delivered to it"
  else
    local when = trailscan.timestamp(raw)
    if not when then
      return nil, string.format("LatestCloudWatchLogsDeliveryTime %s is not a timestamp",
                                tostring(raw))
    end
    local age = now - when
    if age > max_age then
      problems[#problems + 1] = string.format("the last delivery was %s before the snapshot,"
                                              .. " more than %g h", ago(age), max_hours)
    end
  end
  if err then
    problems[#problems + 1] = "the last delivery failed with " .. err
  end
  return problems
end

local function judge(snapshot, params, t)
  local a = account.of(snapshot)
  local result = trails.result(t)
  if trails.unsettled(t, "delivers to CloudWatch Logs") then return end
  local group = set(t.trail.CloudWatchLogsLogGroupArn)
  local name = group and (arn.log_group(group) or {}).name or group
  if not group then
    result.message = string.format("Trail %s does not send its events to CloudWatch Logs:"
                                    .. " it has no CloudWatchLogsLogGroupArn, so no metric"
                                    .. " filter or alarm sees them.", trails.label(t))
    result.fix = fix_no_group(snapshot, t)
    return fail(result)
  end
  if not t.status then
    result.message = string.format("Could not decide whether trail %s delivers to CloudWatch"
                                   .. " Logs log group %s on time: %s.", trails.label(t), name,
                                   t.status_missing)
    result.fix = fixes.where(t, fixes.cloudtrail(t, "get-trail-status"))
    return review(result)
  end
  if t.owner then
    result.evidence = trails.evidence(t, t.status, "status") -- the message names each place
  else
    result.node = t.status
  end
  local label = trails.label(t, result.evidence)
  local problems, why = delivery_problems(t.status, a.now, params.max_delivery_age_hours)
  if not problems then
    result.message = string.format("Could not decide whether trail %s delivers to CloudWatch"
                                   .. " Logs log group %s on time: %s.", label, name, why)
    result.fix = fixes.where(t, fixes.cloudtrail(t, "get-trail-status"))
    return review(result)
  end
  if #problems == 0 then
    local when = trailscan.timestamp(t.status.LatestCloudWatchLogsDeliveryTime)
    result.message = string.format("Trail %s delivers to CloudWatch Logs log group %s: last"
                                   .. " delivery %s before the snapshot, no delivery error.",
                                   label, name, ago(math.max(0, a.now - when)))
    return pass(result)
  end
  if t.logging == false then
    problems[#problems + 1] = "the trail is not logging"
  end
  local role = set(t.trail.CloudWatchLogsRoleArn)
  if role and not role_name(role) then
    problems[#problems + 1] = string.format("its CloudWatchLogsRoleArn (%d characters) is not an"
                                            .. " IAM role ARN", #role)
  end
  result.message = string.format("Trail %s is not delivering to CloudWatch Logs log group %s:"
                                 .. " %s.", label, name, table.concat(problems, "; "))
  result.fix = fix_delivery(t, group, set(t.status.LatestCloudWatchLogsDeliveryError))
  fail(result)
end

return {
  id = "cloudtrail-cloudwatch-logs-delivery",
  name = "CloudTrailCloudWatchLogsDelivery",
  title = "CloudTrail trails deliver to CloudWatch Logs, recently and without errors",
  severity = "low",
  description = "CloudWatch Logs is where CloudTrail events meet metric filters and alarms."
    .. " A trail with no log group, or one whose deliveries stopped or fail (a deleted role,"
    .. " a changed policy), leaves the account's alarms silent while everything looks"
    .. " configured.",
  remediation = {
    console = "CloudTrail > Trails > choose the trail > CloudWatch Logs > Edit > Enabled,"
      .. " choose a log group and an IAM role that may call logs:CreateLogStream and"
      .. " logs:PutLogEvents on it > Save changes. If deliveries fail, check that role's"
      .. " policy and trust policy; if the trail is stopped, start logging.",
    cli = "aws cloudtrail update-trail --region <home region> --name <trail>"
      .. " --cloud-watch-logs-log-group-arn arn:aws:logs:<region>:<account>:log-group:<group>:*"
      .. " --cloud-watch-logs-role-arn arn:aws:iam::<account>:role/<role>",
    terraform = [[
resource "aws_cloudtrail" "main" {
  # ...
  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.cloudtrail.arn}:*"
  cloud_watch_logs_role_arn  = aws_iam_role.cloudtrail_to_cloudwatch.arn
}]],
  },
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-5",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetTrailStatus.html",
  },
  compliance = require("compliance").of("cloudtrail-cloudwatch-logs-delivery"),
  params = {
    max_delivery_age_hours = {
      default = 24,
      description = "The last delivery to CloudWatch Logs (LatestCloudWatchLogsDeliveryTime)"
        .. " must be at most this many hours before the snapshot was collected.",
    },
  },
  check = function(snapshot, params)
    for _, t in ipairs(trails.each_listed(snapshot, "delivers to CloudWatch Logs")) do
      judge(snapshot, params, t)
    end
  end,
}

-- Amazon Resource Names: the one place an ARN is taken apart.
--
--   local arn = require("arn")
--   local f = arn.parse("arn:aws:logs:us-east-1:123456789012:log-group:x:*")
--   f.partition, f.service    never empty
--   f.region                  nil when empty (IAM, S3)
--   f.account                 the owner's account id (digits), or nil when
--                             the field is empty or not an id ("aws" in an
--                             AWS managed policy): no account is named
--   f.resource                everything after the fifth ':' (may hold ':')
--   arn.parse(x) -> nil for anything else: not a string, no "arn:", fewer
--                   than six fields, an empty partition or service
--   arn.owner(x)     -> f.account, or nil
--   arn.log_group(x) -> {partition, region, account, name, arn} for
--                   "...:logs:REGION:ACCOUNT:log-group:NAME[:*]" (region
--                   and account required, NAME without ':'; arn without
--                   ":*"), or nil
--   arn.log_group_arn(x) -> log_group(x).arn without building the table
--                   (every log group of every account comes through it)

local arn = {}

-- Anchored, so one pass over the text whatever its length.
local FIELDS = "^arn:([^:]+):([^:]+):([^:]*):([^:]*):(.*)$"

function arn.parse(s)
  if type(s) ~= "string" then return nil end
  local partition, service, region, account, resource = s:match(FIELDS)
  if not partition then return nil end
  return {partition = partition, service = service,
          region = region ~= "" and region or nil,
          account = account:match("^%d+$"),
          resource = resource}
end

function arn.owner(s)
  local f = arn.parse(s)
  return f and f.account
end

-- What follows a log group's name: nothing, or ":*" (CloudTrail's form).
local function name_end(rest)
  return rest == "" or rest == ":*"
end

function arn.log_group(s)
  local f = arn.parse(s)
  if not (f and f.service == "logs" and f.region and f.account) then return nil end
  local name, rest = f.resource:match("^log%-group:([^:]+)(.*)$")
  if not (name and name_end(rest)) then return nil end
  return {partition = f.partition, region = f.region, account = f.account, name = name,
          arn = string.format("arn:%s:logs:%s:%s:log-group:%s", f.partition, f.region,
                              f.account, name)}
end

-- The same rules as log_group, in one match.
function arn.log_group_arn(s)
  if type(s) ~= "string" then return nil end
  local head, rest = s:match("^(arn:[^:]+:logs:[^:]+:%d+:log%-group:[^:]+)(.*)$")
  if head and name_end(rest) then return head end
  return nil
end

return arn

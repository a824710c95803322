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
--   arn.split(x)     -> f.partition, f.service, f.region, f.account,
--                   f.resource as values (no table), or nil as parse
--   arn.owner(x)     -> f.account, or nil
--   arn.log_group(x) -> {partition, region, account, name, arn} for
--                   "...:logs:REGION:ACCOUNT:log-group:NAME[:*]" (region
--                   and account required, NAME without ':'; arn without
--                   ":*"), or nil; read-only (shared by its callers)
--   arn.log_group_arn(x [, head]) -> log_group(x).arn without building the
--                   table (every log group of every account comes through
--                   it); head, from arn.log_group_head: an x that starts
--                   with it is split with one plain find, no pattern
--   arn.log_group_head(partition, region, account) -> the start of the
--                   ARNs of that account's log groups in region
--                   ("arn:P:logs:R:A:log-group:"), or nil when no log
--                   group ARN could start so

local arn = {}

-- Anchored, and every repeated item stops at a ':' or at the end, so one
-- pass over the text whatever its length (sandbox: what a pattern may cost
-- is charged before it runs).
local FIELDS = "^arn:([^:]+):([^:]+):([^:]*):([^:]*):(.*)"

-- parse's fields of s (region and account false when parse has none), or
-- false: two patterns.
local function fields(s)
  local partition, service, region, account, resource = s:match(FIELDS)
  if not partition then return false end
  return partition, service, region ~= "" and region or false, account:match("^%d+$") or false,
         resource
end

-- An account's trails are parsed by each rule that reads them, in every
-- region that lists them (an organisation trail's ARN is the same text in
-- every account): the fields of a few texts are kept, as arn.log_group's
-- parsed groups below (at most KEPT, through `memo` when the scan counts
-- exactly: see there), and each caller gets a table of its own.
local memo, freeze, exact = memo, freeze, counts_exactly
local MEMO_MAX_TEXT = 2048 -- (an ARN is at most 2,048 bytes)
local KEPT = 64
local fields_kept, nfields, fields_memo = {}, 0, {}

local function fields_of(s)
  if not memo or #s > MEMO_MAX_TEXT then return fields(s) end
  if exact then return memo(fields_memo, s, fields, s) end
  local f = fields_kept[s]
  if f == nil then
    if nfields >= KEPT then fields_kept, nfields = {}, 0 end
    f = {fields(s)} -- {false}: not an ARN
    fields_kept[s], nfields = f, nfields + 1
  end
  return f[1], f[2], f[3], f[4], f[5]
end

function arn.parse(s)
  if type(s) ~= "string" then return nil end
  local partition, service, region, account, resource = fields_of(s)
  if not partition then return nil end
  return {partition = partition, service = service, region = region or nil,
          account = account or nil, resource = resource}
end

-- parse's fields as values, without a table: every trail of every account
-- comes through here.
function arn.split(s)
  if type(s) ~= "string" then return nil end
  local partition, service, region, account, resource = fields_of(s)
  if not partition then return nil end
  return partition, service, region or nil, account or nil, resource
end

function arn.owner(s)
  if type(s) ~= "string" then return nil end
  local partition, _, _, account = fields_of(s)
  return partition and account or nil
end

-- Whether s ends after its first `len` bytes, or goes on with ":*" only
-- (CloudTrail's form of a log group ARN).
local function ends_at(s, len)
  return #s == len or (#s == len + 2 and s:sub(len + 1) == ":*")
end

-- parse's fields, for the one service and resource type: every trail's
-- log group comes through here, so in one match.
local LOG_GROUP = "^(arn:([^:]+):logs:([^:]+):(%d+):log%-group:([^:]+))"

local function log_group(s)
  local head, partition, region, account, name = s:match(LOG_GROUP)
  if not (head and ends_at(s, #head)) then return nil end
  return {partition = partition, region = region, account = account, name = name, arn = head}
end

-- Each rule of an account that follows a trail to its log group parses the
-- group's ARN (its retention, its delivery, the CIS alarms), and an
-- organisation trail's is the same text in every account: parsed once and
-- kept by text, the parsed tables shared, so handed out read-only (freeze).
-- A few are kept (at most KEPT, then the cache starts afresh): an account
-- names only a few, and a cache that grew with the organisation would
-- raise the scan's peak memory with every account.  When the scan counts
-- exactly (`counts_exactly`), what a rule is charged must not depend on the
-- accounts judged before, so they are kept through `memo` (sandbox.h)
-- instead, which charges what the parse cost whether it had the answer or
-- not.  (memo and freeze come with the built-in rules' shared instance of
-- this module; another rule's own instance parses each time.)
local log_groups, kept, nkept = {}, {}, 0

local function frozen_log_group(s)
  local g = log_group(s)
  return g and freeze(g)
end

function arn.log_group(s)
  if type(s) ~= "string" then return nil end
  if not (memo and freeze and #s <= MEMO_MAX_TEXT) then return log_group(s) end
  if exact then return (memo(log_groups, s, frozen_log_group, s)) end
  local g = kept[s]
  if g == nil then
    if nkept >= KEPT then kept, nkept = {}, 0 end
    g = frozen_log_group(s) or false
    kept[s], nkept = g, nkept + 1
  end
  return g or nil
end

local find, sub = string.find, string.sub

-- A field of an ARN a pattern would take for [^:]+: not empty, no ':'.
local function plain_field(s)
  return s ~= "" and not find(s, ":", 1, true)
end

-- Every region of an account asks with the same account and partition:
-- they are checked once for them (the account's digits: the one pattern
-- here).
local last_account, last_partition, last_ok = nil, nil, false

function arn.log_group_head(partition, region, account)
  local p, r, a = tostring(partition), tostring(region), tostring(account)
  if a ~= last_account or p ~= last_partition then
    last_account, last_partition = a, p
    last_ok = a:match("^%d+$") ~= nil and plain_field(p)
  end
  -- As the head matching "^arn:[^:]+:logs:[^:]+:%d+:log%-group:$", field
  -- by field: one plain find each, no pattern over the whole.
  if last_ok and plain_field(r) then
    return "arn:" .. p .. ":logs:" .. r .. ":" .. a .. ":log-group:"
  end
  return nil
end

function arn.log_group_arn(s, head)
  if type(s) ~= "string" then return nil end
  if head and sub(s, 1, #head) == head then
    -- The rest is NAME (no ':', not empty), then ":*" or nothing.
    local colon = find(s, ":", #head + 1, true)
    if not colon then return #s > #head and s or nil end
    if colon > #head + 1 and ends_at(s, colon - 1) then return sub(s, 1, colon - 1) end
    return nil
  end
  local whole = s:match("^(arn:[^:]+:logs:[^:]+:%d+:log%-group:[^:]+)")
  if whole and ends_at(s, #whole) then return whole end
  return nil
end

return arn

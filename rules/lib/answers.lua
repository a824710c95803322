-- What a snapshot holds for one regional or global operation stored as a
-- single answer (not keyed by resource): the answer, or nil and why not.
-- Missing data is never a pass: a caller turns `why` into a review.
--
--   local answers = require("answers")
--   answers.regions(snapshot)   sorted names of the regions the snapshot
--                               collected (not one holding only a trail's
--                               home-region answers)
--   answers.get(snapshot, region, service, operation)
--     -> answer | nil, why   (region nil = the snapshot's `global`)
--   answers.keyed(snapshot, region, service, operation, key)
--     -> answer | nil, why   (per-resource operations, e.g. DescribeKey)
--   answers.said_once(fn) -> a function(region [, why]) that gives
--                               fn(region, why), said once per region, why
--                               and language (fn: a pure function of them
--                               and the scan's language giving a string:
--                               a region's review message or command)

local account = require("account")
local facts = require("facts")

local answers = {}

-- Why an answer is missing, inside finding messages (rules/lib/i18n.lua).
local say = require("i18n").catalogue{
  en = {
    region = "region {region}",
    global = "global",
    failed = "{operation} failed: {error}",
    absent = "{service} {operation} is not in the snapshot ({where}; a snapshot collected"
      .. " before trailscan read {service} has none)",
    -- The service as a message names it: English keeps the API prefix.
    service_cloudtrail = "cloudtrail",
    service_cloudwatch = "cloudwatch",
    service_config = "config",
    service_ec2 = "ec2",
    service_kms = "kms",
    service_logs = "logs",
    service_s3 = "s3",
    service_securityhub = "securityhub",
    service_sns = "sns",
  },
  ja = {
    region = " {region} の",
    global = "グローバルの",
    failed = "{operation} が失敗しました: {error}",
    absent = "スナップショットに{where} {operation} ({service}) がありません。"
      .. "trailscan がこのサービスを読み取るようになる前に収集したスナップショットには含まれません",
    service_cloudtrail = "AWS CloudTrail",
    service_cloudwatch = "Amazon CloudWatch",
    service_config = "AWS Config",
    service_ec2 = "Amazon EC2",
    service_kms = "AWS KMS",
    service_logs = "Amazon CloudWatch Logs",
    service_s3 = "Amazon S3",
    service_securityhub = "AWS Security Hub",
    service_sns = "Amazon SNS",
  },
}

-- Services whose display name the catalogue holds (service_<id>).
local NAMED = {cloudtrail = true, cloudwatch = true, config = true, ec2 = true, kms = true,
               logs = true, s3 = true, securityhub = true, sns = true}

-- collect reads a trail's GetTrailStatus and GetEventSelectors in its home
-- region even when --region leaves that region out, and stores them there:
-- such a region holds those two answers and nothing else (a collected
-- region's trails come from its own DescribeTrails, present or listed in
-- errors).  No "every region" judgment covers it.
local HOME_ONLY = {GetTrailStatus = true, GetEventSelectors = true}

local function home_only(snapshot, name, r)
  -- Nearly every rule reads the region's services: its table is converted
  -- now, in one call (pairs converts: core/lua/lua_json.c; # would only
  -- count as a read), not after seven reads from the tree, each a call.
  local _ = pairs(r)
  -- A collected region holds no cloudtrail answers, or DescribeTrails among
  -- them (most regions): two reads say so, where the walk below converts
  -- each of the region's services (pairs: a C call a key).
  local ct = r.cloudtrail
  if ct == nil or (type(ct) == "table" and ct.DescribeTrails ~= nil) then return false end
  local n = 0
  for service, ops in pairs(r) do
    if service ~= "cloudtrail" or type(ops) ~= "table" then return false end
    for op in pairs(ops) do
      if not HOME_ONLY[op] then return false end
      n = n + 1
    end
  end
  return n > 0 and not account.error_for(snapshot, name, "cloudtrail", "DescribeTrails")
end

local function regions_of(snapshot)
  local names = {}
  for name, r in pairs(snapshot.regions or {}) do
    if type(r) ~= "table" or not home_only(snapshot, name, r) then
      names[#names + 1] = name
    end
  end
  table.sort(names)
  return names
end

function answers.regions(snapshot)
  -- Most rules ask, each walking every region's services: worked out once
  -- per account (lib/facts.lua); each caller gets its own copy of the list.
  local known = facts.get(snapshot, "regions", snapshot, regions_of, snapshot)
  -- One table, made at its size for the few regions most snapshots hold
  -- (no table.unpack: a sandboxed call); the rest copied by index.
  local n = #known
  if n <= 8 then
    return {known[1], known[2], known[3], known[4], known[5], known[6], known[7], known[8]}
  end
  local out = {}
  for i = 1, n do out[i] = known[i] end
  return out
end

local function where(region)
  return region and say("region", {region = region}) or say("global")
end

local function absent(region, service, operation)
  local named = NAMED[service] and say("service_" .. service) or service
  return say("absent", {service = named, operation = operation, where = where(region)})
end

-- Absence is said the same for every account (a pure function of the
-- region, service, operation and language), and each rule of each account
-- that judges every region says it for each region: said once, kept
-- across accounts (at most 512 phrases; the global scope under `true`).
-- When the scan counts exactly (`counts_exactly`: --profile, or a budget
-- under 20 million) they are kept through `memo` instead, which charges
-- every call what saying it cost, kept or not: a phrase kept by an earlier
-- account of the same worker must not make this one cheaper, or --jobs
-- would change --profile's counts and where a budget stops a rule.  (A
-- rule folder's own instance of this module has no `memo`: it says each
-- phrase each time then.)  One flat key per phrase: a table made on first
-- use would cost the account that made it a few instructions more.
local absent_said, absent_lang, nabsent = {}, trailscan.lang, 0

local function absent_phrase_kept(region, service, operation)
  if trailscan.lang ~= absent_lang then
    absent_said, absent_lang, nabsent = {}, trailscan.lang, 0
  end
  -- Only strings are kept (below), so a hit needs no type() calls.
  local by_op = absent_said[service]
  local by_region = by_op and by_op[operation]
  local said = by_region and by_region[region or true]
  if said then return said end
  said = absent(region, service, operation)
  if type(service) ~= "string" or type(operation) ~= "string"
     or (type(region) ~= "string" and region ~= nil) then
    return said
  end
  if nabsent >= 512 then absent_said, nabsent = {}, 0 end
  by_op = absent_said[service] or {}
  absent_said[service] = by_op
  by_region = by_op[operation] or {}
  by_op[operation] = by_region
  by_region[region or true] = said
  nabsent = nabsent + 1
  return said
end

local memo = memo

local function absent_phrase_charged(region, service, operation)
  if not memo or type(service) ~= "string" or type(operation) ~= "string"
     or (type(region) ~= "string" and region ~= nil) then
    return absent(region, service, operation)
  end
  if trailscan.lang ~= absent_lang then
    absent_said, absent_lang = {}, trailscan.lang
  end
  return memo(absent_said, service .. " " .. operation .. " " .. (region or ""), absent,
              region, service, operation)
end

local absent_phrase = counts_exactly and absent_phrase_charged or absent_phrase_kept

-- A region's review says the same for every account whose answer is missing
-- alike (a snapshot collected before trailscan read a service lacks it in
-- every region): its message, a pure function of the region, why and the
-- language, and its command, of the region, are said once and kept across
-- accounts, at most 512 each (then started afresh).  Only strings are
-- kept: other arguments say it each time.  Through `memo` when the scan
-- counts exactly, as absent_phrase above (a rule folder's own instance of
-- this module says each text each time then).
local NO_WHY = {} -- the key of a text said without a why

function answers.said_once(fn)
  if counts_exactly then
    -- (the language set now: a first call that set it would cost more)
    local kept, lang = {}, trailscan.lang
    return function(region, why)
      if not memo or type(region) ~= "string" or (why ~= nil and type(why) ~= "string") then
        return fn(region, why)
      end
      if trailscan.lang ~= lang then kept, lang = {}, trailscan.lang end
      -- (the region's length first, then whether a why follows: no two
      -- pairs make one key)
      local key = why and #region .. ":" .. region .. why or #region .. ";" .. region
      return memo(kept, key, fn, region, why)
    end
  end
  local kept, lang, n = {}, nil, 0
  return function(region, why)
    if type(region) ~= "string" or (why ~= nil and type(why) ~= "string") then
      return fn(region, why)
    end
    if trailscan.lang ~= lang or n >= 512 then kept, lang, n = {}, trailscan.lang, 0 end
    local by_why = kept[region]
    local said = by_why and by_why[why or NO_WHY]
    if said then return said end
    said = fn(region, why)
    if not by_why then
      by_why = {}
      kept[region] = by_why
    end
    by_why[why or NO_WHY] = said
    n = n + 1
    return said
  end
end

-- The `errors` entry of a failed call wins over absence: it says why.
local function missing(snapshot, region, service, operation, key)
  local e = account.error_for(snapshot, region, service, operation, key)
  if e then
    return say("failed", {operation = operation, error = account.describe_error(e)})
  end
  return absent_phrase(region, service, operation)
end

-- The loader checked a snapshot's shapes (snapshot_check.c): its regions,
-- each region, the global scope, each service and each answer are objects
-- when present (a null service reads as nil), so no type() calls here.
local function service_of(snapshot, region, service)
  local scope
  if region then
    local regions = snapshot.regions
    scope = regions and regions[region]
  else
    scope = snapshot.global
  end
  return scope and scope[service]
end

function answers.get(snapshot, region, service, operation)
  local svc = service_of(snapshot, region, service)
  local resp = svc and svc[operation]
  if resp and not account.error_for(snapshot, region, service, operation) then
    return resp
  end
  return nil, missing(snapshot, region, service, operation)
end

function answers.keyed(snapshot, region, service, operation, key)
  local svc = service_of(snapshot, region, service)
  local op = svc and svc[operation]
  -- (an operation the shapes do not know may hold anything under a key)
  local resp = op and op[key]
  if type(resp) == "table" then
    return resp
  end
  return nil, missing(snapshot, region, service, operation, key)
end

return answers

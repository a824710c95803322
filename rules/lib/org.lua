-- The organisation view: what another account's snapshot in the same scan
-- says about a resource this account shares (an organisation trail, a
-- log-archive bucket, a central log group or SNS topic).  Read-only; when
-- the owner's snapshot is not in the scan the answer is nil and a reason
-- that names the account whose snapshot would settle it.
--
--   local org = require("org")
--   org.snapshot(id)         -> snapshot, file | nil, why
--   org.where(node)          -> "file:line" of a table of another account's
--                               snapshot, or nil
--   org.source(id, node)     -> "account 111111111111 (mgmt.json:14)"
--   org.trail(trail_arn)     -> {snapshot, file, account, entry, home,
--                               status, status_missing, selectors,
--                               selectors_missing} | nil, why, kind (the
--                               trail's owner is the account its ARN names)
--   org.bucket(name)         -> {snapshot, file, account, entry} | nil, why, kind
--       kind: "absent" (the owner's snapshot is not in the scan) or
--       "contradicts" (it is, and does not hold the resource)
--   org.settles(id)          -> "account N's snapshot would settle it"

local account = require("account")
local arn = require("arn")
local i18n = require("i18n")

local org = {}

-- Where the organisation view looked, inside finding messages
-- (rules/lib/i18n.lua).
local say = i18n.catalogue{
  en = {
    not_in_scan = "the snapshot of account {account} is not in this scan",
    not_loaded = "the snapshot of account {account} ({file}) could not be loaded",
    source_at = "account {account} ({at})",
    source = "account {account}",
    settles = "account {account}'s snapshot would settle it",
    unsettled = "{why}; {settles}",
    no_account = "trail {trail} names no account",
    not_listed = "the snapshot of account {account} ({file}), which owns it, does not list"
      .. " trail {trail} in DescribeTrails",
    of_owner = "{why} of account {account} ({file})",
    no_bucket = "no snapshot in this scan lists bucket {bucket} in ListBuckets; the"
      .. " snapshot of the account that owns it would settle it",
  },
  ja = {
    not_in_scan = "アカウント {account} のスナップショットはこのスキャンに含まれていません",
    not_loaded = "アカウント {account} のスナップショット ({file}) を読み込めませんでした",
    source_at = "アカウント {account}、{at}",
    source = "アカウント {account}",
    settles = "アカウント {account} のスナップショットがあれば判定できます",
    unsettled = "{why}。{settles}",
    no_account = "証跡 {trail} の ARN にアカウント ID がありません",
    not_listed = "この証跡を所有するアカウント {account} のスナップショット ({file}) の "
      .. "DescribeTrails に証跡 {trail} がありません",
    of_owner = "{why} (アカウント {account}、{file})",
    no_bucket = "このスキャンには、"
      .. "ListBuckets にバケット「{bucket}」を含むスナップショットがありません。"
      .. "バケットを所有するアカウントのスナップショットがあれば判定できます",
  },
}

-- The engine says why in English: the same reasons in the scan's language.
local function why_not(id, why)
  local file = type(why) == "string"
    and why:match("^the snapshot of account %S+ %((.*)%) could not be loaded$")
  if file then
    return say("not_loaded", {account = tostring(id), file = file})
  end
  return say("not_in_scan", {account = tostring(id)})
end

-- trailscan.org is the engine's; a rule run by an older engine has none.
local api = trailscan.org

-- Why an account is not in the scan, said once per account id and
-- language: every control of every member asks about the same owners
-- (a pure function of the id, the engine's reason and the language).
-- Through `memo` when the scan counts exactly (answers.lua's absence says
-- why; a rule folder's own instance of this module says it each time).
local whys, whys_lang, nwhys = {}, trailscan.lang, 0

local function why_not_kept(id, why)
  if type(id) ~= "string" then return why_not(id, why) end
  if trailscan.lang ~= whys_lang or nwhys >= 256 then
    whys, whys_lang, nwhys = {}, trailscan.lang, 0
  end
  local hit = whys[id]
  if hit and hit[1] == why then return hit[2] end
  local text = why_not(id, why)
  whys[id] = {why, text}
  nwhys = nwhys + 1
  return text
end

local memo = memo

local function why_not_charged(id, why)
  if not memo or type(id) ~= "string" or (why ~= nil and type(why) ~= "string") then
    return why_not(id, why)
  end
  if trailscan.lang ~= whys_lang then
    whys, whys_lang = {}, trailscan.lang
  end
  return memo(whys, why and id .. "\n" .. why or id, why_not, id, why)
end

local why_not_said = counts_exactly and why_not_charged or why_not_kept

function org.snapshot(id)
  if not api then
    return nil, say("not_in_scan", {account = tostring(id)})
  end
  local snap, file = api.snapshot(id)
  if not snap then
    return nil, why_not_said(id, file)
  end
  return snap, file
end

function org.where(node)
  if not api or type(node) ~= "table" then return nil end
  local file, line = api.where(node)
  if not file then return nil end
  -- (file a string and line an integer (rule_org.c): concatenated, as
  -- string.format is a sandboxed call costing several times more)
  return file .. ":" .. line
end

function org.source(id, node, file)
  local at = org.where(node) or file
  return at and say("source_at", {account = id, at = at}) or say("source", {account = id})
end

function org.settles(id)
  return say("settles", {account = id})
end

-- The entry of trail_arn in DescribeTrails of its home region, or of any
-- region (a snapshot made by hand may list it elsewhere).
local function listed(snapshot, trail_arn, home)
  local function find(region)
    local r = snapshot.regions and snapshot.regions[region]
    local dt = r and r.cloudtrail and r.cloudtrail.DescribeTrails
    for _, e in ipairs(dt and dt.trailList or {}) do
      if type(e) == "table" and e.TrailARN == trail_arn then return e end
    end
    return nil
  end
  local e = home and find(home)
  if e then return e, home end
  for region in pairs(snapshot.regions or {}) do
    e = find(region)
    if e then return e, type(e.HomeRegion) == "string" and e.HomeRegion or region end
  end
  return nil
end

function org.trail(trail_arn)
  local f = arn.parse(trail_arn)
  local id = f and f.account
  if not id then
    return nil, say("no_account", {trail = tostring(trail_arn)})
  end
  local snap, file = org.snapshot(id)
  if not snap then
    return nil, say("unsettled", {why = file, settles = org.settles(id)}), "absent"
  end
  local entry, home = listed(snap, trail_arn, f.region)
  if not entry then
    return nil, say("not_listed", {account = id, file = file, trail = trail_arn}),
      "contradicts"
  end
  local v = {snapshot = snap, file = file, account = id, entry = entry, home = home}
  v.status, v.status_missing =
    account.response(snap, home, "cloudtrail", "GetTrailStatus", trail_arn)
  v.selectors, v.selectors_missing =
    account.response(snap, home, "cloudtrail", "GetEventSelectors", trail_arn)
  local where = {account = id, file = file}
  if v.status_missing then
    where.why = v.status_missing
    v.status_missing = say("of_owner", where)
  end
  if v.selectors_missing then
    where.why = v.selectors_missing
    v.selectors_missing = say("of_owner", where)
  end
  return v
end

-- That no snapshot lists a bucket is said the same for every member that
-- delivers there (a pure function of the name and language, the scan's
-- snapshots being fixed): said once per name.
local no_bucket = i18n.said_once(say, "no_bucket", "bucket", 256)

function org.bucket(name)
  local id = api and api.bucket_owner(name)
  if not id then
    return nil, no_bucket(name), "absent"
  end
  local snap, file = org.snapshot(id)
  if not snap then
    return nil, say("unsettled", {why = file, settles = org.settles(id)}), "absent"
  end
  local entry
  local lb = snap.global and snap.global.s3 and snap.global.s3.ListBuckets
  for _, b in ipairs(lb and lb.Buckets or {}) do
    if type(b) == "table" and b.Name == name then entry = b end
  end
  return {snapshot = snap, file = file, account = id, entry = entry}
end

return org

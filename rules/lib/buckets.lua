-- The S3 buckets trails deliver to, each judged once, and what the snapshot
-- holds about them (global.s3.<Operation>.<bucket name>).
--
--   local buckets = require("buckets")
--   buckets.judge_each(snapshot, what, ask, judge)
--       judge(b) for every trail bucket in this account's ListBuckets, or
--       in another's whose snapshot is in the scan (the organisation view:
--       b.owner is org.bucket's view, b.label says where); a review for
--       the others ("could not decide whether bucket X <what>"), and for
--       each trail whose owner's snapshot does not list it (trails.unsettled).
--       ask(b) is the CLI command that reads what the rule needs.
--       b.name, b.arn, b.region (or nil), b.trails, b.label, b.node,
--       b.snapshot (the snapshot that holds the bucket: read it there)
--       `what` is in the scan's language (trails.lua says how): in Japanese
--       a plain-form clause that also reads before バケット.
--   buckets.result(b, resp) -> {resource, region, node, evidence}: a result
--       on b at this account's trail, with the owner's resp as evidence;
--       b.label then names that place (call it before writing the message)
--   buckets.response(snapshot, operation, name) -> response | nil, why, code
--   buckets.listed(snapshot) -> entries, names: ListBuckets' entries that
--       name a bucket and those names (entries[i].Name == names[i]), in the
--       snapshot's order, read once per account; empty without ListBuckets
--   buckets.log_locations(b) -> {{trail = t, prefix = "AWSLogs/"}, ...}

local account = require("account")
local facts = require("facts")
local org = require("org")
local trails = require("trails")

local fixes = require("fixes")
local i18n = require("i18n")

local buckets = {}

-- The phrases of buckets in finding messages (rules/lib/i18n.lua).
local say = i18n.catalogue{
  en = {
    failed = "{operation} failed: {error}",
    absent = "{operation} for it is not in the snapshot",
    unlisted = "ListBuckets is not in the snapshot",
    trail = "trail {trails}",
    trails = "trails {trails}",
    owned_by = "{trails}; owned by {source}",
    -- Japanese only (review round 3, N3).
    delivered_owned = "where {trails} delivers; owned by account {account}",
    delivered = "where {trails} delivers",
    delivers = "delivers to a bucket that {what}",
    in_owner = "in the account that owns {bucket}",
    owner_snapshot = "the owner's snapshot",
    undecided = "Could not decide whether bucket {bucket} ({trails}) {what}: {why}.",
  },
  ja = {
    failed = "{operation} が失敗しました: {error}",
    absent = "スナップショットにこのバケットの {operation} がありません",
    unlisted = "スナップショットに ListBuckets がありません",
    trail = "証跡{trails}",
    trails = "証跡{trails}",
    owned_by = "{trails}、所有者は{source}",
    delivered_owned = "{trails}の配信先、所有者: アカウント {account}",
    delivered = "{trails}の配信先",
    delivers = "{what}バケットに配信している",
    in_owner = "バケット「{bucket}」を所有するアカウントで実行してください",
    owner_snapshot = "所有アカウントのスナップショット",
    undecided = "バケット「{bucket}」({trails}) について、{what}かどうかを判定できません: {why}。",
  },
}

-- The stored response alone (no why-not said).
local function stored(snapshot, operation, name)
  local s3 = snapshot.global and snapshot.global.s3
  local op = s3 and s3[operation]
  return op and op[name]
end

-- The stored response, or nil, why not, and the error code when the
-- snapshot's `errors` lists the call (codes like NoSuchLifecycleConfiguration
-- mean "none configured", which the rule decides).
function buckets.response(snapshot, operation, name)
  local resp = stored(snapshot, operation, name)
  if resp then
    return resp
  end
  local e = account.error_for(snapshot, nil, "s3", operation, name)
  if e then
    return nil, say("failed", {operation = operation, error = account.describe_error(e)}), e.code
  end
  return nil, say("absent", {operation = operation})
end

local columns = trailscan.columns

-- ListBuckets' entries that name a bucket, in the snapshot's order, with
-- their names and the set of them: read once per account (lib/facts.lua)
-- by every rule that judges buckets (each read of a snapshot table costs).
-- The loader checked ListBuckets against the AWS model (snapshot_shapes.c):
-- Buckets is a list of objects (none null) and a Name a string when set,
-- so no type() calls; walked by index (no C call per step).
local function listed_of(snapshot)
  local s3 = snapshot.global and snapshot.global.s3
  -- The bucket rules read global.s3's answers many times an account (more
  -- than core/lua/lua_json.c serves from the tree before it converts a
  -- table): converted now, at the first (pairs converts; the iterator is
  -- not needed), so none of those reads is a call.
  if s3 then local _ = pairs(s3) end
  local lb = s3 and s3.ListBuckets
  local entries, names, set, n = {}, {}, {}, 0
  local all = lb and lb.Buckets
  -- (every bucket's name in one call: a read of each bucket's own table
  -- is a call each)
  local named = all and columns(all, "Name")
  for i = 1, all and #all or 0 do
    local bkt, name = all[i], named[i]
    if name then
      n = n + 1
      entries[n], names[n] = bkt, name
      set[name] = true
    end
  end
  return {entries = entries, names = names, set = set}
end

local function listed(snapshot)
  return facts.get(snapshot, "listed buckets", snapshot, listed_of, snapshot)
end

-- Built-in rules share this module (loaded once, frozen): what they get of
-- a fact is read-only (freeze) there, a copy elsewhere.
local freeze = freeze

local function copy(list)
  local out = {}
  for i, v in ipairs(list) do out[i] = v end
  return out
end

-- buckets.listed(snapshot) -> entries, names: ListBuckets' entries that
-- name a bucket and their names (entries[i].Name == names[i]), in the
-- snapshot's order; empty when ListBuckets is not in the snapshot (the
-- caller says why).  Read-only.
function buckets.listed(snapshot)
  local known = listed(snapshot)
  if freeze then return freeze(known.entries), freeze(known.names) end
  return copy(known.entries), copy(known.names)
end

-- The bucket names of this account (ListBuckets), or nil and why not.
local function owned_of(snapshot)
  local s3 = snapshot.global and snapshot.global.s3
  local lb = s3 and s3.ListBuckets
  if not (lb and lb.Buckets) then
    local e = account.error_for(snapshot, nil, "s3", "ListBuckets", nil)
    if e then
      return nil, say("failed", {operation = "ListBuckets", error = account.describe_error(e)})
    end
    return nil, say("unlisted")
  end
  return listed(snapshot).set
end

-- Each bucket rule asks: once per account (lib/facts.lua).  The names stay
-- in this module (judge_each reads them, no rule sees them).
local function owned_pair(snapshot)
  return {owned_of(snapshot)}
end

local function owned(snapshot)
  local known = facts.get(snapshot, "owned buckets", snapshot, owned_pair, snapshot)
  return known[1], known[2]
end

-- GetBucketLocation, when stored: null or "" is us-east-1, "EU" eu-west-1.
-- (Only a stored answer counts: no why-not is said for one that is not.)
-- s3: the snapshot's global.s3.  LocationConstraint is a string when set
-- (the loader checked it), so no type() call.
local function region_of(s3, name)
  local op = s3 and s3.GetBucketLocation
  local resp = op and op[name]
  if not resp then return nil end
  local c = resp.LocationConstraint
  if c == nil or c == "" then return "us-east-1" end
  if c == "EU" then return "eu-west-1" end
  return c
end

-- A bucket of one plain trail (most) is labelled by the trail's quoted
-- name alone: said once per name.
local one_trail = i18n.said_once(say, "trail", "trails", 256)

local function label(list)
  if #list == 1 and not list[1].source then return one_trail(trails.label(list[1])) end
  local names = {}
  if i18n.lang() == "ja" then
    -- Another account's trail is named by kind, not by a nested label
    -- with its owner's file positions (review round 3, N3).
    for _, t in ipairs(list) do
      if t.source and t.owner then
        for i, u in ipairs(list) do names[i] = trails.named(u) end
        return say("delivered", {trails = i18n.list(names)})
      end
    end
  end
  for i, t in ipairs(list) do names[i] = trails.label(t) end
  return say(#names == 1 and "trail" or "trails", {trails = i18n.list(names)})
end

-- The label of a bucket judged in its owner's snapshot.  Japanese names
-- the trails and the owner without nesting their labels or file positions
-- (根拠 lists those; review round 3, N3).
local function owned_label(b, node)
  if i18n.lang() == "ja" then
    local names = {}
    for i, t in ipairs(b.trails) do names[i] = trails.named(t) end
    return say("delivered_owned", {trails = i18n.list(names), account = b.owner.account})
  end
  return say("owned_by", {trails = b.trails_label,
                          source = org.source(b.owner.account, node, b.owner.file)})
end

-- Where a bucket is judged, the same for every rule: in this account's
-- snapshot (b.mine), in its owner's (b.view: org.bucket's view, with the
-- region and label judging there gives), or nowhere (b.elsewhere says why,
-- b.in_owner where to ask).
local function place(snapshot, b, mine, why)
  if mine and mine[b.name] then
    b.mine = true
    return
  end
  local v, elsewhere = org.bucket(b.name)
  if v then
    if freeze then v = freeze(v) end -- every rule's b.owner
    local vg = v.snapshot.global
    b.view, b.view_region = v, b.region or region_of(vg and vg.s3, b.name)
    b.view_label = owned_label({trails = b.trails, trails_label = b.label, owner = v}, v.entry)
  elseif mine then
    b.elsewhere, b.in_owner = elsewhere, say("in_owner", {bucket = b.name})
  else
    b.elsewhere = why
  end
end

-- Every bucket a trail delivers to, once, in name order, and the trails
-- whose owner's snapshot does not list them, worked out once per account
-- (lib/facts.lua) for every rule.  No rule sees these tables (judged makes
-- each rule its own), so they are not frozen: only what a rule is handed
-- is (b.owner), or copied (b.trails: a copy of one or two trails costs
-- less than a read-only wrapper).
local function by_name_order(x, y) return x.name < y.name end

local function trail_buckets(snapshot)
  local by_name, list, unsettled = {}, {}, {}
  local all = trails.all(snapshot)
  local global = snapshot.global
  local s3 = global and global.s3
  for i = 1, #all do
    local t = all[i]
    -- (a string when set: the loader checked the trail's entry)
    local name = t.trail.S3BucketName
    if t.unsettled then
      unsettled[#unsettled + 1] = t -- judge_each reports it
    elseif name and name ~= "" then
      local b = by_name[name]
      if not b then
        b = {name = name, arn = "arn:" .. snapshot.partition .. ":s3:::" .. name,
             trails = {}, node = t.listed or t.trail, region = region_of(s3, name)}
        by_name[name] = b
        list[#list + 1] = b
      end
      b.trails[#b.trails + 1] = t
    end
  end
  local n = #list
  if n > 8 then
    table.sort(list, by_name_order)
  else
    -- A few (most accounts): sorted in place by insertion, without the
    -- library's sort (a C call that calls back for each comparison).
    -- Names are distinct, so the order is the one table.sort gives.
    for i = 2, n do
      local b, j = list[i], i - 1
      while j > 0 and b.name < list[j].name do
        list[j + 1] = list[j]
        j = j - 1
      end
      list[j + 1] = b
    end
  end
  local mine, why = owned(snapshot)
  for i = 1, #list do
    local b = list[i]
    b.label = label(b.trails)
    place(snapshot, b, mine, why)
  end
  return {list = list, unsettled = unsettled}
end

-- A copy of a list of trails (most buckets have one): by index, with no
-- call (table.unpack is a sandboxed one).
local function trails_copy(ts)
  local n = #ts
  if n == 1 then return {ts[1]} end
  local out = {}
  for i = 1, n do out[i] = ts[i] end
  return out
end

-- A rule's own copy of bucket b to judge (judge_each and result write to
-- it), with its own list of the trails.
local function judged(snapshot, b)
  local ts = trails_copy(b.trails)
  if b.mine then
    return {name = b.name, arn = b.arn, trails = ts, node = b.node, region = b.region,
            label = b.label, snapshot = snapshot}
  end
  local v = b.view
  return {name = b.name, arn = b.arn, trails = ts, node = b.node, region = b.view_region,
          label = b.view_label, trails_label = b.label, snapshot = v.snapshot, owner = v}
end

-- A rule's own copy of a bucket no snapshot in the scan holds, for its
-- ask (the fields judge_each documents).
local function asked(b)
  return {name = b.name, arn = b.arn, trails = trails_copy(b.trails), node = b.node,
          region = b.region, label = b.label}
end

-- The phrase "delivers to a bucket that <what>": the same for every account.
local delivers_to = i18n.said_once(say, "delivers", "what", 64)

-- A trail whose owner's snapshot does not list it gets its review here
-- (what) and names no bucket: the member's copy says where it delivered,
-- not where it does.
function buckets.judge_each(snapshot, what, ask, judge)
  local delivers = delivers_to(what)
  -- each_listed's review when some region's trails are unknown, without
  -- the copy of the trails it returns (trail_buckets reads them).
  if account.error_for(snapshot, nil, "cloudtrail", "DescribeTrails")
      or not trails.found(snapshot) then
    trails.each_listed(snapshot, delivers)
  end
  local known = facts.get(snapshot, "trail buckets", snapshot, trail_buckets, snapshot)
  local unsettled, list = known.unsettled, known.list
  for i = 1, #unsettled do trails.unsettled(unsettled[i], delivers) end
  for i = 1, #list do
    local b = list[i]
    if b.mine or b.view then
      judge(judged(snapshot, b))
    elseif not trailscan.keeps_reviews then
      review() -- only counted: no report shows it
    else
      -- Not this account's: org.bucket says which snapshot would settle it
      -- (a trail's owner need not be the bucket's).
      -- ask gets its own copy too: the shared record is not read-only.
      local in_owner = b.in_owner
      review{resource = b.arn, region = b.region, node = b.node,
             fix = in_owner and fixes.note(ask(asked(b)), in_owner) or "aws s3api list-buckets",
             message = say("undecided", {bucket = b.name, trails = b.label, what = what,
                                         why = b.elsewhere})}
    end
  end
end

function buckets.result(b, resp)
  if b.owner then
    -- The message names the place the evidence points at (the response
    -- that decides, else the owner's ListBuckets entry): one place, not two.
    local evidence = resp or b.owner.entry
    b.label = owned_label(b, evidence)
    return {resource = b.arn, region = b.region, node = b.node,
            evidence = {{node = evidence, what = say("owner_snapshot")}},
            message = nil, fix = nil}
  end
  -- (Sized for the message and fix the caller adds: not grown for them.)
  return {resource = b.arn, region = b.region, node = resp or b.node, message = nil, fix = nil}
end

-- Where each trail writes in the bucket: "<S3KeyPrefix>/AWSLogs/", or
-- "AWSLogs/" without a prefix (log files and digests both live below it).
function buckets.log_locations(b)
  local out = {}
  for _, t in ipairs(b.trails) do
    local p = t.trail.S3KeyPrefix
    local prefix = (type(p) == "string" and p ~= "") and (p .. "/AWSLogs/") or "AWSLogs/"
    out[#out + 1] = {trail = t, prefix = prefix}
  end
  return out
end

return buckets

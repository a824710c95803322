-- Trails, once each.  DescribeTrails is stored with shadow trails, so a
-- multi-region trail appears in every region; it is judged once, with the
-- GetTrailStatus and GetEventSelectors stored for its home region.
--
--   local trails = require("trails")
--   for _, t in ipairs(trails.all(snapshot)) do
--     t.arn, t.name, t.home, t.multi_region, t.organization
--     t.foreign      its ARN names another account (arn.owner)
--     t.owner        for a foreign trail whose owner's snapshot is in the
--                    scan: org.trail's view; t.trail, t.status and
--                    t.selectors are then the owner's, and t.source says
--                    where ("account N (file:line)")
--     t.unsettled    why a foreign trail cannot be judged: its owner's
--                    snapshot is in the scan but does not list it
--     t.trail        the DescribeTrails entry (home region's copy if there)
--     t.status       GetTrailStatus response, or nil and t.status_missing
--     t.selectors    GetEventSelectors response, or nil and t.selectors_missing
--     t.logging      true / false / nil (unknown)
--   end
--   trails.found(snapshot) -> false and a reason when no region has DescribeTrails
--   trails.unlisted(snapshot) -> why some trails are unknown (a list; empty
--                  when DescribeTrails answered), and a region to ask again
--   trails.each_listed(snapshot, what) -> trails.all, after a review of the
--                  account when some region's trails could not be listed
--   trails.label(t [, evidence]) -> "'name'" for messages; a trail its
--                  owner's snapshot settled names where, and each further
--                  place of evidence (trails.evidence)
--   trails.evidence(t [, node, what, ...]) -> for result.evidence: the
--                  owner's entry of trail t and each node given (with what
--                  it is: "event selectors"), or nil for this account's own
--   trails.result(t [, node]) -> {resource, region, node, evidence}: a
--                  result on trail t at this account's listing of it, with
--                  the owner's node (default t.trail) as evidence when the
--                  owner's snapshot settled it
--   trails.unsettled(t, what) -> true after a review of t when its owner's
--                  snapshot contradicts this one (t.unsettled)
--
-- `what` (each_listed, unsettled) is in the scan's language, from the
-- caller's catalogue: in English a predicate ("has log file validation
-- enabled"), in Japanese a plain-form clause that reads before かどうか
-- ("ログファイルの検証が有効になっている").

local account = require("account")
local arn = require("arn")
local facts = require("facts")
local org = require("org")

local i18n = require("i18n")

local trails = {}

-- The phrases of trails in finding messages and evidence (rules/lib/i18n.lua).
local say = i18n.catalogue{
  en = {
    not_found = "no region of the snapshot has DescribeTrails (the account's trails are"
      .. " unknown)",
    settles = "{why}; {settles}",
    quoted = "'{name}'",
    labelled = "'{name}' ({kind} of {source}{more})",
    more = "; {places}",
    -- Japanese only (review round 3, N3): the owner, not its file and line.
    labelled_org = "'{name}' (organisation trail of the management account {account})",
    labelled_owner = "'{name}' (owned by account {account})",
    named_org = "organisation trail '{name}'",
    named = "trail '{name}'",
    place = "its {what} at {at}",
    organisation_trail = "organisation trail",
    trail = "trail",
    owner_snapshot = "the owner's snapshot",
    unsettled = "Could not decide whether trail {trail} {what}: {why}.",
    failed_in = "DescribeTrails failed in {region}: {error}",
    failed_everywhere = "DescribeTrails failed in every region: {error}",
    unlisted = "Could not decide whether every trail of account {account} {what}: {why}.",
  },
  ja = {
    not_found = "スナップショットのどのリージョンにも DescribeTrails がありません "
      .. "(アカウントの証跡が不明です)",
    settles = "{why}。{settles}",
    quoted = "「{name}」",
    labelled = "「{name}」({kind}、{source}{more})",
    more = "、{places}",
    labelled_org = "「{name}」(組織の証跡、管理アカウント {account})",
    labelled_owner = "「{name}」(所有者: アカウント {account})",
    named_org = "組織の証跡「{name}」",
    named = "証跡「{name}」",
    place = "{what}は {at}",
    organisation_trail = "組織の証跡",
    trail = "証跡",
    owner_snapshot = "所有アカウントのスナップショット",
    unsettled = "証跡{trail}について、{what}かどうかを判定できません: {why}。",
    failed_in = "リージョン {region} で DescribeTrails が失敗しました: {error}",
    failed_everywhere = "すべてのリージョンで DescribeTrails が失敗しました: {error}",
    unlisted = "アカウント {account} のすべての証跡について、"
      .. "{what}かどうかを判定できません: {why}。",
  },
}

-- Whether some region lists trails (DescribeTrails with a trailList) is
-- found by the walk that makes them (all_of, below): once per account.
local all_known

function trails.found(snapshot)
  if all_known(snapshot).found then return true end
  return false, say("not_found")
end

-- A trail of another account: its owner's snapshot, when the scan holds
-- it, says what the trail is (the organisation view); when it holds it but
-- does not list the trail, nothing about it is known; when it is not in
-- the scan, the member's own copies stand and what they lack names the
-- account whose snapshot would settle it.
local function settle(t, owner)
  -- (most foreign trails are an organisation's whose management account
  -- is not in the scan: no view of the trail, nor why not, is made then,
  -- as org.trail would, only to be left unread)
  local v, why, kind
  if org.snapshot(owner) then
    v, why, kind = org.trail(t.arn)
  end
  if v then
    t.owner, t.trail, t.home = v, v.entry, v.home
    t.multi_region = v.entry.IsMultiRegionTrail == true
    t.organization = v.entry.IsOrganizationTrail == true
    t.status, t.status_missing = v.status, v.status_missing
    t.selectors, t.selectors_missing = v.selectors, v.selectors_missing
    t.source = org.source(v.account, v.entry, v.file)
  elseif kind == "contradicts" then
    t.unsettled = why
    t.status, t.status_missing, t.selectors, t.selectors_missing = nil, why, nil, why
  elseif t.status_missing or t.selectors_missing then
    local settles = org.settles(owner)
    if t.status_missing then
      t.status_missing = say("settles", {why = t.status_missing, settles = settles})
    end
    if t.selectors_missing then
      t.selectors_missing = say("settles", {why = t.selectors_missing, settles = settles})
    end
  end
end

-- listed_in: the region whose DescribeTrails listed it.  Without a
-- HomeRegion (a snapshot made by hand) the ARN says the home region; failing
-- that, the region that listed the trail is the one asked about it.  A
-- trail is another account's only when its ARN names that account.
-- The loader checked the entry against the AWS model (snapshot_shapes.c):
-- HomeRegion is a string when set, so no type() call for it.
local function make(snapshot, entry, listed_in, trail_arn)
  local _, _, region, owner = arn.split(trail_arn)
  local home = entry.HomeRegion or region or listed_in
  -- The home region's cloudtrail answers are read once for both (each read
  -- of a snapshot table not yet converted is a call); account.response
  -- says why one is missing.
  local regions = snapshot.regions
  local r = regions and regions[home]
  local ct = r and r.cloudtrail
  local op = ct and ct.GetTrailStatus
  local status, status_missing = op and op[trail_arn], nil
  if not status then
    status, status_missing =
      account.response(snapshot, home, "cloudtrail", "GetTrailStatus", trail_arn)
  end
  op = ct and ct.GetEventSelectors
  local sels, selectors_missing = op and op[trail_arn], nil
  if not sels then
    sels, selectors_missing =
      account.response(snapshot, home, "cloudtrail", "GetEventSelectors", trail_arn)
  end
  -- Made whole (sized for every field, those settle adds included: at
  -- most 16), not grown field by field.
  local t = {
    arn = trail_arn,
    name = entry.Name or trail_arn,
    home = home,
    trail = entry,
    listed = entry,
    multi_region = entry.IsMultiRegionTrail == true,
    organization = entry.IsOrganizationTrail == true,
    foreign = owner ~= nil and owner ~= snapshot.account_id,
    status = status, status_missing = status_missing,
    selectors = sels, selectors_missing = selectors_missing,
    logging = nil, seen_in = listed_in,
  }
  if t.foreign then
    settle(t, owner)
  end
  local st = t.status -- (settle's, for a trail its owner's snapshot settled)
  if st then
    t.logging = st.IsLogging == true
  end
  return t
end

-- Each trail is made once, from the copy chosen among every region's
-- (a multi-region trail is listed in all of them).  A list is walked by
-- index (ipairs makes a C call per step); what is not a table is walked by
-- ipairs as before (nothing, or the error it raises).
local function by_arn(a, b) return a.arn < b.arn end

-- An account has a few trails: sorted in place by insertion (the library's
-- sort, a C call that calls back for each comparison, costs more for so
-- few).  ARNs are distinct, so the order is the one table.sort gives.
local function sort_by_arn(list, n)
  if n > 8 then return table.sort(list, by_arn) end
  for i = 2, n do
    local t, j = list[i], i - 1
    while j > 0 and t.arn < list[j].arn do
      list[j + 1] = list[j]
      j = j - 1
    end
    list[j + 1] = t
  end
end

local function all_of(snapshot)
  local entry_of, region_of, arns, n, found = {}, {}, {}, 0, false
  for region, r in pairs(snapshot.regions or {}) do
    -- The rules read each region's services many times an account (far
    -- more than the few reads core/lua/lua_json.c serves from the tree
    -- before it converts a table): converted now, at the first, so that
    -- none of those reads is a call (pairs converts; the iterator is not
    -- needed).
    local _ = pairs(r)
    local ct = r.cloudtrail
    local dt = ct and ct.DescribeTrails
    local tl = dt and dt.trailList
    -- (the loader checked it: a list when set, its items objects, none null)
    if tl then
      found = true
      for i = 1, #tl do
        local entry = tl[i]
        local trail_arn = entry.TrailARN
        if trail_arn then
          local prev = region_of[trail_arn]
          -- Prefer the home region's copy: it is the trail itself.
          if not prev then
            entry_of[trail_arn], region_of[trail_arn] = entry, region
            n = n + 1
            arns[n] = trail_arn
          elseif region == entry.HomeRegion and prev ~= region then
            entry_of[trail_arn], region_of[trail_arn] = entry, region
          end
        end
      end
    end
  end
  local list = {}
  for i = 1, n do
    local trail_arn = arns[i]
    list[i] = make(snapshot, entry_of[trail_arn], region_of[trail_arn], trail_arn)
  end
  sort_by_arn(list, n)
  return list, found
end

-- Every rule of an account asks for its trails, and built-in rules share
-- this module (loaded once, frozen): the trails are worked out once per
-- account.  No rule may change what the next one sees: where this module
-- is shared, its environment has `freeze` and every caller gets the same
-- read-only trails; elsewhere each caller gets copies.  lib/facts.lua
-- keeps them for the account: a limit hit while working them out leaves
-- nothing half built.
local freeze = freeze

-- (known.found: whether some region lists trails, for trails.found; no
-- caller sees this list, only its trails.)
local function frozen_all(snapshot)
  local known, found = all_of(snapshot)
  if freeze then
    for i = 1, #known do known[i] = freeze(known[i]) end
  end
  known.found = found
  return known
end

function all_known(snapshot)
  return facts.get(snapshot, "trails", snapshot, frozen_all, snapshot)
end

function trails.all(snapshot)
  local known = all_known(snapshot)
  if freeze then
    -- One table, made at its size; most accounts have a few trails: no
    -- library call for them.
    local n = #known
    if n <= 4 then return {known[1], known[2], known[3], known[4]} end
    return {table.unpack(known, 1, n)}
  end
  local list = {}
  for i, t in ipairs(known) do
    list[i] = {arn = t.arn, name = t.name, home = t.home, trail = t.trail,
               multi_region = t.multi_region, organization = t.organization,
               listed = t.listed, foreign = t.foreign, owner = t.owner, source = t.source,
               unsettled = t.unsettled, status = t.status,
               status_missing = t.status_missing, selectors = t.selectors,
               selectors_missing = t.selectors_missing, logging = t.logging,
               seen_in = t.seen_in}
  end
  return list
end

-- A plain trail's label is a pure function of its name and the language,
-- asked by most rules for each trail: said once per name (at most 512).
local quoted_name = i18n.said_once(say, "quoted", "name", 512)

-- "'management-trail'" for messages; a trail judged by its owner's
-- snapshot says so: "'org' (organisation trail of account N (file:line))".
-- "'org' (organisation trail of account N (file:line); its event selectors
-- at file:line)": the message names every place of the evidence.
function trails.label(t, evidence)
  if t.source and t.owner and i18n.lang() == "ja" then
    -- Japanese names whose trail it is and leaves the file positions to
    -- 根拠, which lists them (review round 3, N3): no positions mid-sentence.
    return say(t.organization and "labelled_org" or "labelled_owner",
               {name = t.name, account = t.owner.account})
  end
  if t.source then
    local more = {}
    for i = 2, evidence and #evidence or 0 do
      local at = org.where(evidence[i].node)
      if at then more[#more + 1] = say("place", {what = evidence[i].what, at = at}) end
    end
    return say("labelled", {name = t.name, source = t.source,
                            kind = say(t.organization and "organisation_trail" or "trail"),
                            more = #more > 0 and say("more", {places = i18n.list(more)}) or ""})
  end
  return quoted_name(t.name)
end

-- "organisation trail 'org'" / "trail 'x'": a trail named with its kind,
-- for labels that nest it (a bucket's).
function trails.named(t)
  return say(t.organization and "named_org" or "named", {name = t.name})
end

function trails.evidence(t, ...)
  if not t.owner then return nil end
  local list = {{node = t.trail, what = say(t.organization and "organisation_trail" or "trail")}}
  local args = table.pack(...)
  for i = 1, args.n, 2 do
    if type(args[i]) == "table" then
      list[#list + 1] = {node = args[i], what = args[i + 1]}
    end
  end
  return list
end

function trails.result(t, node)
  -- (Sized for the message and fix the caller adds: not grown for them.)
  if t.owner then
    return {resource = t.arn, region = t.home, node = t.listed,
            evidence = {{node = node or t.trail, what = say("owner_snapshot")}},
            message = nil, fix = nil}
  end
  return {resource = t.arn, region = t.home, node = node or t.trail, message = nil, fix = nil}
end

function trails.unsettled(t, what)
  if not t.unsettled then return false end
  review{resource = t.arn, region = t.home, node = t.listed,
         message = say("unsettled", {trail = trails.label(t), what = what, why = t.unsettled})}
  return true
end

-- Why the account's trails are not all known: a list of reasons (empty
-- when DescribeTrails answered everywhere it was asked), and a region to
-- ask again.
function trails.unlisted(snapshot)
  local reasons, region = {}, nil
  -- (most snapshots list no DescribeTrails error: no walk of `errors`)
  local failed = account.error_for(snapshot, nil, "cloudtrail", "DescribeTrails")
  for _, e in ipairs(failed and snapshot.errors or {}) do
    if e.service == "cloudtrail" and e.operation == "DescribeTrails" then
      reasons[#reasons + 1] = say(e.region and "failed_in" or "failed_everywhere",
                                  {region = e.region, error = account.describe_error(e)})
      region = region or e.region
    end
  end
  local found, why = trails.found(snapshot)
  if not found and #reasons == 0 then
    reasons[1] = why
  end
  return reasons, region
end

-- For rules that judge each trail: when the account's trails cannot all be
-- listed (no region has DescribeTrails, or DescribeTrails failed in some
-- region), reports one review for the account, saying "whether every trail
-- <what>" could not be decided.  Returns the trails that can be judged.
function trails.each_listed(snapshot, what)
  -- Most accounts list their trails everywhere: no reasons made for them
  -- (unlisted has some exactly when DescribeTrails failed or is nowhere).
  if not account.error_for(snapshot, nil, "cloudtrail", "DescribeTrails")
      and trails.found(snapshot) then
    return trails.all(snapshot)
  end
  local reasons, region = trails.unlisted(snapshot)
  if #reasons > 0 then
    local a = account.of(snapshot)
    review{resource = a.resource, node = snapshot,
           fix = "aws cloudtrail describe-trails --include-shadow-trails"
             .. (region and (" --region " .. region) or ""),
           message = say("unlisted", {account = a.id, what = what,
                                      why = i18n.clauses(reasons)})}
  end
  return trails.all(snapshot)
end

return trails

-- The account a snapshot describes, and what the collector could not read.
--
--   local account = require("account")
--   local a = account.of(snapshot)
--   a.id, a.partition, a.now (epoch seconds of collected_at), a.resource
--   account.error_for(snapshot, region, service, operation, key)
--     -> the snapshot's `errors` entry for that call, or nil
--   account.describe_error(e) -> "Code (message)"
--   account.response(snapshot, region, service, operation, key)
--     -> the stored per-resource response, or nil and why not
--   account.length(list) -> how many items a numeric walk of a snapshot list
--     takes (0 for what is not a table)

local account = {}

local facts = require("facts")

-- Phrases other modules put inside finding messages (rules/lib/i18n.lua).
local say = require("i18n").catalogue{
  en = {
    error = "{code} ({message})",
    failed = "{operation} failed: {error}",
    absent = "{operation} for it is not in the snapshot (region {region})",
  },
  ja = {
    error = "{code} ({message})",
    failed = "{operation} が失敗しました: {error}",
    absent = "スナップショットにこのリソースの {operation} がありません (リージョン {region})",
  },
}

-- How Security Hub names an account as a resource.
local function account_resource(id)
  return "AWS::::Account:" .. id
end

local function of(snapshot)
  return {
    id = snapshot.account_id,
    partition = snapshot.partition,
    now = trailscan.timestamp(snapshot.collected_at),
    resource = account_resource(snapshot.account_id),
  }
end

-- Every rule asks, several times per account: where this module is shared
-- (its environment has `freeze`), worked out once per account
-- (lib/facts.lua) and handed out read-only; elsewhere a new table each time.
local freeze = freeze

local function frozen_of(snapshot)
  return freeze(of(snapshot))
end

function account.of(snapshot)
  if not freeze then return of(snapshot) end
  return facts.get(snapshot, "account", snapshot, frozen_of, snapshot)
end

-- The `errors` list of the last snapshot asked about, or false when it has
-- none (most snapshots): every answer a rule reads asks, and a snapshot's
-- errors do not change while it is judged.  By identity, as facts.get (and
-- with no shortcut for a worker's first account, as there: the first
-- holds a table that is no snapshot).
-- The snapshot is found as a table key ([snapshot] = true): by identity
-- too, without a C call (rawequal) on every answer read.
local errors_of, errors_list = {}, false

local function errors_in(snapshot)
  if errors_of[snapshot] then return errors_list end
  local errors = snapshot.errors
  if not errors or (type(errors) == "table" and errors[1] == nil) then errors = false end
  errors_of, errors_list = {[snapshot] = true}, errors
  return errors
end

-- An `errors` entry matches when every field the caller names is equal;
-- entries without a key apply to every key of that operation.
function account.error_for(snapshot, region, service, operation, key)
  -- Most snapshots list no errors: no empty table, no iterator, for them.
  local errors = errors_in(snapshot)
  if not errors then return nil end
  for _, e in ipairs(errors) do
    if e.service == service and e.operation == operation
        and (region == nil or e.region == nil or e.region == region)
        and (key == nil or e.key == nil or e.key == key) then
      return e
    end
  end
  return nil
end

-- "AccessDeniedException (User is not authorized ...)" for messages.
-- How many items a numeric walk of a snapshot list takes: #list for a
-- table (the loader checked it is an array), else 0, after walking it with
-- ipairs as a loop over it did (nothing, or the error ipairs raises).  A
-- numeric walk makes no C call per step, where ipairs makes one.
function account.length(list)
  if type(list) == "table" then return #list end
  for _ in ipairs(list) do end
  return 0
end

function account.describe_error(e)
  if e.message and e.message ~= "" then
    return say("error", {code = tostring(e.code), message = e.message})
  end
  return e.code
end

-- The response stored for a per-resource operation, or nil and why not.
function account.response(snapshot, region, service, operation, key)
  local r = snapshot.regions and snapshot.regions[region]
  local svc = r and r[service]
  local op = svc and svc[operation]
  local resp = op and op[key]
  if resp then
    return resp
  end
  local e = account.error_for(snapshot, region, service, operation, key)
  if e then
    return nil, say("failed", {operation = operation, error = account.describe_error(e)})
  end
  return nil, say("absent", {operation = operation, region = tostring(region)})
end

return account

-- Facts about the account being judged that several rules read (its
-- trails, the CIS alarm chain's listings and indexes of them),
-- worked out once per account and reused by every rule of it.
--
--   local facts = require("facts")
--   facts.get(judged, kind, key, build, ...) -> build(...)'s result, kept
--       for the account whose snapshot `judged` is (the snapshot the rule
--       was given: check's argument), under kind and key (key: any value
--       but nil and NaN; a table key is found by identity)
--
-- The memo lasts one account: it starts afresh when `judged` is another
-- snapshot, so memory does not grow with the accounts, and what a rule is
-- charged never depends on which accounts the same worker judged before
-- (the same for any --jobs).  Facts about another account's snapshot that
-- this one's judgment reads (the organisation view) are kept under the
-- judged account too, with that snapshot in the key.
-- build must not report (no pass, fail or review): a later rule would not
-- see what it reported.  Its result is stored only once it returns, so
-- a rule stopped while it runs (a limit, an error) leaves nothing half
-- built: the next rule builds them again.
-- Built-in rules share this module (loaded once per Lua state, frozen), so
-- its callers hand out facts read-only (freeze) or copies: no rule may
-- change what the next one sees.  A rule with its own instance of a module
-- (a rule folder's lib) has its own memo.

local facts = {}

local judging = {}   -- [the snapshot of the account being judged] = true
local store = {}     -- kind -> key -> result (NIL for nil)
local NIL = {}       -- never handed out

function facts.get(judged, kind, key, build, ...)
  -- By identity: a table key is found by identity, so a table with an __eq
  -- of its own cannot pass for the snapshot (and no C call, as rawequal
  -- would be, on every read of a fact).  A nil or NaN `judged` keeps
  -- nothing.  (No shortcut for a worker's first account: it would cost
  -- less than the others, and what a rule is charged would depend on --jobs.)
  if not judging[judged] then
    store = {} -- the old account's facts go at once
    if judged == judged and judged ~= nil then judging = {[judged] = true} end
  end
  local by_key = store[kind]
  if not by_key then
    by_key = {}
    store[kind] = by_key
  end
  local hit = by_key[key]
  if hit == nil then
    hit = build(...)
    if hit == nil then hit = NIL end
    by_key[key] = hit
  end
  if hit == NIL then return nil end
  return hit
end

return facts

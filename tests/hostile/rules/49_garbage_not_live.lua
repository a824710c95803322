-- expect: instruction limit
-- Garbage is not memory in use.  Under --max-memory 64 (what run.sh uses) a
-- single build(600000) fits (measured), and this rule never holds more than one
-- build(500000) at a time -- each is dropped before the next is built -- so its
-- live memory stays under the cap and what stops it is the endless loop at the
-- end.  A "memory limit" here means the sandbox counted garbage the collector
-- had not yet reclaimed against the rule (no collection is attempted before
-- the limit is declared).
return {
  id = "H-49", name = "GarbageNotLive", title = "Hostile: big garbage, small live set",
  severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local function build(n)
      local t = {}
      for i = 1, n do t[i] = { i } end
      return t
    end
    local a = build(500000)
    a = nil
    local b = build(500000)
    b = nil
    local c = build(500000)
    c = nil
    while true do end
  end,
}

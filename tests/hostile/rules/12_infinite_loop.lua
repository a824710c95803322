-- expect: instruction limit
-- The count hook stops it once the instruction budget is spent.
return {
  id = "H-12", name = "InfiniteLoop", title = "Hostile: infinite loop", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local n = 0
    while true do n = n + 1 end
  end,
}

-- expect: blocked by the sandbox
-- Clearing the count hook would defeat the instruction limit; debug is blocked.
return {
  id = "H-11", name = "DebugSethook", title = "Hostile: debug.sethook", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    debug.sethook()
    while true do end
  end,
}

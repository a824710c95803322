-- expect: blocked by the sandbox
-- debug is not in the allow-list: reading it is a sandbox violation.
return {
  id = "H-10", name = "DebugGetinfo", title = "Hostile: debug.getinfo", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local info = debug.getinfo(1, "S")
    fail{ resource = "escaped", message = "ESCAPED: the hostile call returned normally" }
  end,
}

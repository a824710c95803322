-- expect: blocked by the sandbox
-- Stopping the collector would let memory grow unaccounted; it is blocked.
return {
  id = "H-37", name = "CollectgarbageStop", title = "Hostile: collectgarbage('stop')", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    collectgarbage("stop")
    fail{ resource = "escaped", message = "ESCAPED: the hostile call returned normally" }
  end,
}

-- expect: blocked by the sandbox
-- A finalizer would run later, outside any budget: __gc is refused.
return {
  id = "H-35", name = "SetmetatableGc", title = "Hostile: __gc finalizer", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    setmetatable({}, { __gc = function() while true do end end })
    fail{ resource = "escaped", message = "ESCAPED: the hostile call returned normally" }
  end,
}

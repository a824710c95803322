-- expect: script error
-- getmetatable(snapshot) is the guard string "trailscan: read-only", not the real
-- metatable: writing a field of it is an ordinary Lua type error.
return {
  id = "H-45", name = "SnapshotMetatableEdit", title = "Hostile: editing a snapshot metatable", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local mt = getmetatable(snapshot)
    mt.__newindex = nil
    fail{ resource = "escaped", message = "ESCAPED: the hostile call returned normally" }
  end,
}

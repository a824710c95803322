-- expect: memory limit
-- The guarded string.rep refuses a result that cannot fit in the memory cap.
return {
  id = "H-17", name = "StringRepHuge", title = "Hostile: huge string.rep", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local s = string.rep("x", 2^40)
    fail{ resource = "escaped", message = "ESCAPED: got " .. #s .. " bytes" }
  end,
}

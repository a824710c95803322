-- expect: instruction limit
-- An empty string repeated 2^27 times allocates nothing, so the memory guard lets
-- it through, but it is 134M iterations of a C loop -- far beyond the 20M
-- instruction budget.  (With math.maxinteger instead it would never end.)
return {
  id = "H-42", name = "RepEmptyString", title = "Hostile: string.rep('', huge)", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local s = string.rep("", 2^27)
    fail{ resource = "escaped", message = "ESCAPED: 2^27 C iterations ran outside the instruction budget" }
  end,
}

-- expect: blocked by the sandbox
-- The string library is a read-only proxy shared by all rules; a write would
-- poison every later rule (zz_canary_after checks string.format still works).
return {
  id = "H-26", name = "ReplaceStringFormat", title = "Hostile: replacing string.format", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    string.format = function() return "forged" end
    fail{ resource = "escaped", message = "ESCAPED: the hostile call returned normally" }
  end,
}

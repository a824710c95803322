-- expect: blocked by the sandbox
-- The table library is a read-only proxy shared by all rules; a write would
-- poison every later rule (zz_canary_after checks table.insert still works).
return {
  id = "H-27", name = "ReplaceTableInsert", title = "Hostile: replacing table.insert", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    table.insert = function() end
    fail{ resource = "escaped", message = "ESCAPED: the hostile call returned normally" }
  end,
}

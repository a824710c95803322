-- expect: blocked by the sandbox
-- Writes to snapshot tables raise from __newindex as a sandbox violation.
return {
  id = "H-23", name = "SnapshotAccountId", title = "Hostile: snapshot.account_id = 'x'", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    snapshot.account_id = "x"
    fail{ resource = "escaped", message = "ESCAPED: the hostile call returned normally" }
  end,
}

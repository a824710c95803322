-- expect: blocked by the sandbox
-- Writes to snapshot tables raise from __newindex as a sandbox violation.
return {
  id = "H-22", name = "SnapshotRegionsNil", title = "Hostile: snapshot.regions = nil", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    snapshot.regions = nil
    fail{ resource = "escaped", message = "ESCAPED: the hostile call returned normally" }
  end,
}

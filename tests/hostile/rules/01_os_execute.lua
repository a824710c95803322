-- expect: blocked by the sandbox
-- os is not in the allow-list: reading it is a sandbox violation.
return {
  id = "H-01", name = "OsExecute", title = "Hostile: os.execute", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    os.execute("touch pwned-by-H-01")
    fail{ resource = "escaped", message = "ESCAPED: the hostile call returned normally" }
  end,
}

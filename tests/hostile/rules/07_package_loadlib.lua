-- expect: blocked by the sandbox
-- package is not in the allow-list: reading it is a sandbox violation.
return {
  id = "H-07", name = "PackageLoadlib", title = "Hostile: package.loadlib", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local system = package.loadlib("libc.so.6", "system")
    if system then system("touch pwned-by-H-07") end
    fail{ resource = "escaped", message = "ESCAPED: the hostile call returned normally" }
  end,
}

-- expect: blocked by the sandbox
-- io is not in the allow-list: reading it is a sandbox violation.
return {
  id = "H-02", name = "IoOpen", title = "Hostile: io.open", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local f = io.open("pwned-by-H-02", "w")
    if f then f:write("pwned") f:close() end
    fail{ resource = "escaped", message = "ESCAPED: the hostile call returned normally" }
  end,
}

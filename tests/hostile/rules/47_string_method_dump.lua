-- expect: blocked by the sandbox
-- String methods come from the same filtered library: dump is blocked there too.
return {
  id = "H-47", name = "StringMethodDump", title = "Hostile: ('').dump", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local dump = ("").dump
    dump(function() end)
    fail{ resource = "escaped", message = "ESCAPED: the hostile call returned normally" }
  end,
}

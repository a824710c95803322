-- expect: blocked by the sandbox
-- string.dump is removed from the string library copy; reading it is a violation.
return {
  id = "H-09", name = "StringDump", title = "Hostile: string.dump", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local bytes = string.dump(function() return 1 end)
    fail{ resource = "escaped", message = "ESCAPED: dumped " .. #bytes .. " bytes" }
  end,
}

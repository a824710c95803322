-- expect: script error
-- A huge message is cut to a bounded length; it is still a script error.
return {
  id = "H-31", name = "ErrorHugeString", title = "Hostile: a 1 MB error message", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    error(string.rep("x", 10^6))
  end,
}

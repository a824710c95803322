-- expect: script error
-- Terminal escapes and a carriage return in an error message: still a script
-- error, and the failure line must not carry raw control characters (run.sh
-- checks every failure line for them).
return {
  id = "H-41", name = "ErrorControlChars", title = "Hostile: control characters in the error", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    error("\27[2J\27[31mred\rtrailscan: all rules passed\7")
  end,
}

-- expect: script error
-- A nil error value: still a script error, located by the traceback.
return {
  id = "H-32", name = "ErrorNil", title = "Hostile: error(nil)", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    error(nil)
  end,
}

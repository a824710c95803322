-- expect: script error
-- A rule may drop the metatable of its own environment; that only turns "blocked"
-- reads into nil: os is simply not there, so calling into it is a type error.
return {
  id = "H-46", name = "EnvMetatableRemoved", title = "Hostile: removing the environment guard", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    setmetatable(_ENV, nil)
    os.execute("touch pwned-by-H-46")
    fail{ resource = "escaped", message = "ESCAPED: the hostile call returned normally" }
  end,
}

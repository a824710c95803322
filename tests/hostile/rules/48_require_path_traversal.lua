-- expect: script error
-- Module names are lowercase words joined by dots: a path is refused as a plain
-- error (nothing outside lib/ is opened).
return {
  id = "H-48", name = "RequirePathTraversal", title = "Hostile: require with a path", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    require("../../../../etc/passwd")
    fail{ resource = "escaped", message = "ESCAPED: the hostile call returned normally" }
  end,
}

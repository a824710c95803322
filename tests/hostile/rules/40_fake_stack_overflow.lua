-- expect: script error
-- An ordinary error whose text merely mentions a "stack overflow" must stay a
-- script error: the cause may not be guessed from the message text.
return {
  id = "H-40", name = "FakeStackOverflow", title = "Hostile: error text mentioning a stack overflow", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    error("parsing failed: no stack overflow here, just a bad value")
  end,
}

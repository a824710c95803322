-- expect: instruction limit
-- "[^/]+$" over 200,000 "x"s and a final "/": at every start [^/]+ runs to
-- the "/" and "$" fails at each step back: 2e10 steps in one C call (the
-- shape of the built-in rule's role-name match that a long ARN hung).
return {
  id = "H-62", name = "MatchEndAnchor", title = "Hostile: unanchored match with '$'", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local name = (("x"):rep(2e5) .. "/"):match("[^/]+$")
    fail{ resource = "escaped", message = "ESCAPED: a quadratic match ran outside the instruction budget" }
  end,
}

-- expect: instruction limit
-- "a*b" over 200,000 "a"s: at every start a* expands to the end, then
-- backtracks looking for "b": 2e10 steps in one C call.  The pattern cost
-- counted the start positions but not those rescans (b is disjoint from a).
return {
  id = "H-61", name = "FindRescan", title = "Hostile: unanchored find rescans", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local at = ("a"):rep(2e5):find("a*b")
    fail{ resource = "escaped", message = "ESCAPED: a quadratic find ran outside the instruction budget" }
  end,
}

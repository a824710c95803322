-- expect: instruction limit
-- The pattern-cost estimate reads at most 256 items; quantifiers hidden
-- behind a 256-character prefix must still count (assumed worst), or this
-- backtracks for hours inside the C matcher, out of the hook's reach.
return {
  id = "H-57", name = "PatternLongPrefix", title = "Hostile: backtracking behind a long prefix", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local subject = ("x"):rep(256) .. ("a"):rep(100)
    local found = subject:find(("x"):rep(256) .. ("a*"):rep(8) .. "b")
    fail{ resource = "escaped", message = "ESCAPED: backtracking ran outside the instruction budget" }
  end,
}

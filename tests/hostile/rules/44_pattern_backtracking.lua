-- expect: instruction limit
-- (".-"):rep(3) .. "b" over 250 "a"s backtracks ~1.6e8 steps inside the C matcher,
-- far beyond the 20M instruction budget.  (Longer subjects: hours.)
return {
  id = "H-44", name = "PatternBacktracking", title = "Hostile: catastrophic pattern backtracking", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local found = string.rep("a", 250):find(".-.-.-b")
    fail{ resource = "escaped", message = "ESCAPED: backtracking ran outside the instruction budget" }
  end,
}

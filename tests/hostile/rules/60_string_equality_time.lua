-- expect: time limit
-- Comparing two equal 4 MiB strings is one instruction that runs a 4 MiB
-- memcmp: a loop of them spends minutes within the instruction budget.  The
-- wall-clock limit (--max-seconds) stops it.
return {
  id = "H-60", name = "StringEqualityTime", title = "Hostile: == on huge strings", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local a = ("x"):rep(2^22)
    local b = ("x"):rep(2^22 - 1) .. "x"
    local same = 0
    for _ = 1, 1e6 do
      if a == b then same = same + 1 end
    end
    fail{ resource = "escaped", message = "ESCAPED: a minute of string comparisons within the budget" }
  end,
}

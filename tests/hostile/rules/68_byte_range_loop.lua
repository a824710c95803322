-- expect: instruction limit
-- s:byte(1, -1) pushes one value per byte in one call: 100,000 calls on a
-- 100,000-byte string push 10^10 values within the budget.  string.byte is
-- charged by the bytes of its range.
return {
  id = "H-68", name = "ByteRangeLoop", title = "Hostile: string.byte over a whole string", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local s = ("x"):rep(1e5)
    for _ = 1, 1e5 do s:byte(1, -1) end
    fail{ resource = "escaped", message = "ESCAPED: string.byte ran outside the instruction budget" }
  end,
}

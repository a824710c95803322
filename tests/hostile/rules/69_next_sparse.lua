-- expect: time limit
-- next() on a table whose array part is a million empty slots and one
-- value at the end scans them all in C, for one instruction: a loop of
-- such calls runs for minutes within the budget.  The wall-clock limit
-- (--max-seconds) stops it.
return {
  id = "H-69", name = "NextSparse", title = "Hostile: next on a sparse array", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local n = 2^20
    local t = {}
    for i = 1, n do t[i] = true end
    for i = 1, n - 1 do t[i] = nil end
    for _ = 1, 1e6 do next(t) end
    fail{ resource = "escaped", message = "ESCAPED: a million scans of a sparse array within the budget" }
  end,
}

-- expect: stack overflow
-- Not a tail call, so every level keeps a frame until the Lua stack overflows.
return {
  id = "H-14", name = "DeepRecursion", title = "Hostile: deep non-tail recursion", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local function depth(n) return 1 + depth(n + 1) end
    depth(1)
    fail{ resource = "escaped", message = "ESCAPED: the hostile call returned normally" }
  end,
}

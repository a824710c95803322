-- expect: blocked by the sandbox
-- A weak-keyed (ephemeron) table whose entries chain key to key: Lua's
-- collector re-traverses it until nothing changes, in one atomic step no
-- budget counts (quadratic in the entries).  Weak keys are refused.
return {
  id = "H-66", name = "WeakKeys", title = "Hostile: ephemeron chain", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local t = setmetatable({}, {__mode = "k"})
    local first = {}
    local k = first
    for _ = 1, 2e5 do
      local nk = {}
      t[k] = nk
      k = nk
    end
    for _ = 1, 50 do local _ = {("x"):rep(1e5)} end
    fail{ resource = "escaped", message = "ESCAPED: a weak-keyed table was allowed" }
  end,
}

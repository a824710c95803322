-- expect: blocked by the sandbox
-- Two tables whose __call is the other: Lua 5.4 resolves __call links in C
-- (luaD_tryfuncTM), shifting the arguments once per link, until the stack
-- holds a million slots: minutes inside one call, no instruction counted.
-- setmetatable refuses a __call that is not a function.
return {
  id = "H-64", name = "CallChain", title = "Hostile: __call chain", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local a, b = {}, {}
    setmetatable(a, {__call = b})
    setmetatable(b, {__call = a})
    pcall(a)
    fail{ resource = "escaped", message = "ESCAPED: a __call chain was allowed" }
  end,
}

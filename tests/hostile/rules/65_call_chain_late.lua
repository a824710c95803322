-- expect: script error
-- The same chain, made after setmetatable checked the metatable: each table
-- keeps the metatable it was given (a copy), so the later edits reach
-- nothing and a() calls the function it had.  The rule then ends with its
-- own error; before, a() ran for minutes.
return {
  id = "H-65", name = "CallChainLate", title = "Hostile: __call chain made late", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local ma, mb = {__call = function() return "called" end}, {__call = function() end}
    local a, b = setmetatable({}, ma), setmetatable({}, mb)
    ma.__call, mb.__call = b, a
    local ok, got = pcall(a)
    assert(getmetatable(a) == ma, "getmetatable must still return the rule's table")
    error("the chain was not followed: " .. tostring(ok) .. " " .. tostring(got))
  end,
}

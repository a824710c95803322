-- expect: stack overflow
-- Each t[k] re-enters the VM through a metamethod: the C stack limit trips
-- ("C stack overflow"), which is a stack overflow.
return {
  id = "H-38", name = "IndexRecursion", title = "Hostile: __index recursing through C", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    -- (The metatable is complete when set: setmetatable takes a copy.)
    local t = setmetatable({}, {__index = function(self, k) return self[k] end})
    return t.anything
  end,
}

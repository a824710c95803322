-- expect: script error
-- getmetatable("") returns the __metatable guard (a string), never the real
-- metatable, so nothing is reachable to block: writing a field of that string is
-- an ordinary Lua type error ("attempt to index a string value").
return {
  id = "H-20", name = "StringMetatableIndex", title = "Hostile: getmetatable('').__index", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local mt = getmetatable("")
    mt.__index = { upper = function() return "forged" end }
    fail{ resource = "escaped", message = "ESCAPED: the hostile call returned normally" }
  end,
}

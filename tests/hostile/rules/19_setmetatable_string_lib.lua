-- expect: blocked by the sandbox
-- The string library table rules see is a protected proxy shared by all rules.
return {
  id = "H-19", name = "SetmetatableStringLib", title = "Hostile: setmetatable on the string library", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    setmetatable(string, { __index = function() return function() return "forged" end end })
    fail{ resource = "escaped", message = "ESCAPED: the hostile call returned normally" }
  end,
}

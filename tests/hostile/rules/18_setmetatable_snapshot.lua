-- expect: blocked by the sandbox
-- Snapshot tables are protected proxies: setmetatable on them is refused.
return {
  id = "H-18", name = "SetmetatableSnapshot", title = "Hostile: setmetatable on the snapshot", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    setmetatable(snapshot, { __index = function() return "forged" end })
    fail{ resource = "escaped", message = "ESCAPED: the hostile call returned normally" }
  end,
}

-- expect: blocked by the sandbox
-- require refuses host modules as a sandbox violation, not as "module not found".
return {
  id = "H-05", name = "RequireDebug", title = "Hostile: require 'debug'", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local debug = require("debug")
    debug.sethook()
    fail{ resource = "escaped", message = "ESCAPED: the hostile call returned normally" }
  end,
}

-- expect: blocked by the sandbox
-- require refuses host modules as a sandbox violation, not as "module not found".
return {
  id = "H-03", name = "RequireIo", title = "Hostile: require 'io'", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local io = require("io")
    io.open("pwned-by-H-03", "w")
    fail{ resource = "escaped", message = "ESCAPED: the hostile call returned normally" }
  end,
}

-- expect: blocked by the sandbox
-- require refuses host modules as a sandbox violation, not as "module not found".
return {
  id = "H-04", name = "RequireOs", title = "Hostile: require 'os'", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local os = require("os")
    os.execute("touch pwned-by-H-04")
    fail{ resource = "escaped", message = "ESCAPED: the hostile call returned normally" }
  end,
}

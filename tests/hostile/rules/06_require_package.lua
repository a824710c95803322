-- expect: blocked by the sandbox
-- require refuses host modules as a sandbox violation, not as "module not found".
return {
  id = "H-06", name = "RequirePackage", title = "Hostile: require 'package'", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local package = require("package")
    package.loadlib("libc.so.6", "system")
    fail{ resource = "escaped", message = "ESCAPED: the hostile call returned normally" }
  end,
}

-- expect: blocked by the sandbox
-- phase: load
-- Top-level code runs once while the file loads, under the same sandbox: os.exit
-- would end the whole scan.  The file still returns a valid rule table.
os.exit(1)
return {
  id = "H-36", name = "LoadTimeOsExit", title = "Hostile: os.exit at load time", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    fail{ resource = "escaped", message = "ESCAPED: loaded despite os.exit" }
  end,
}

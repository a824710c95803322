-- expect: blocked by the sandbox
-- Reports results in an endless loop.  The result limit (100000 per rule per
-- snapshot) is reached after ~1.5M instructions, long before the 20M instruction
-- budget the suite uses (or the 200M default), and is a sandbox refusal.
return {
  id = "H-33", name = "ResultFlood", title = "Hostile: endless results", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local i = 0
    while true do
      i = i + 1
      fail{ resource = "flood-" .. i, message = "flood", region = "us-east-1" }
    end
  end,
}

-- expect: instruction limit
-- print is budgeted (bounded stderr) but never fails, so the endless loop is
-- what stops the rule: instruction limit.  run.sh also checks stderr stays small
-- and that zz_canary_after's own print still appears afterwards.
return {
  id = "H-34", name = "PrintFlood", title = "Hostile: print flood", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local line = "spam spam spam spam spam spam spam spam spam spam spam spam spam spam spam"
    while true do print(line, line, line, line, line, line, line, line) end
  end,
}

-- expect: memory limit
-- s = s .. s doubles the string each turn: the memory cap stops it in ~26 turns.
return {
  id = "H-16", name = "StringDoubling", title = "Hostile: string doubling", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local s = "x"
    while true do s = s .. s end
  end,
}

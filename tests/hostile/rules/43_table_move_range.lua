-- expect: instruction limit
-- table.move of nils over 2^26 indices allocates nothing and runs no Lua
-- instruction: 67M C iterations, far beyond the 20M instruction budget.
-- (With math.maxinteger - 1 instead it would never end.)
return {
  id = "H-43", name = "TableMoveRange", title = "Hostile: table.move over a huge empty range", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    table.move({}, 1, 2^26, 1)
    fail{ resource = "escaped", message = "ESCAPED: 2^26 C iterations ran outside the instruction budget" }
  end,
}

-- expect: instruction limit
-- table.insert(t, 1, x) and table.remove(t, 1) shift all 500,000 elements in
-- C: 100 pairs move 100M elements for ~3M instructions, far beyond the budget.
return {
  id = "H-55", name = "InsertShift", title = "Hostile: table.insert/remove at the front of a big table", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local t = {}
    for i = 1, 500000 do t[i] = i end
    for i = 1, 100 do
      table.insert(t, 1, 0)
      table.remove(t, 1)
    end
    fail{ resource = "escaped", message = "ESCAPED: 100M elements shifted outside the instruction budget" }
  end,
}

-- expect: instruction limit
-- table.sort without a comparator compares in C: sorting 500,000 numbers six
-- times is ~60M comparisons for ~3M instructions, beyond the 20M budget.
return {
  id = "H-56", name = "SortBig", title = "Hostile: table.sort of a big table", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local t = {}
    for i = 1, 500000 do t[i] = (i * 7919) % 500009 end
    for i = 1, 6 do table.sort(t) end
    fail{ resource = "escaped", message = "ESCAPED: ~60M comparisons ran outside the instruction budget" }
  end,
}

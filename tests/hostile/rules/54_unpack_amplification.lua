-- expect: instruction limit
-- Each table.unpack(t) pushes 500,000 values in C: 400 calls move 200M values
-- for ~3M instructions (building t included), far beyond the 20M budget.
return {
  id = "H-54", name = "UnpackAmplification", title = "Hostile: table.unpack of a big table", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local t = {}
    for i = 1, 500000 do t[i] = i end
    for i = 1, 400 do
      local n = select("#", table.unpack(t))
    end
    fail{ resource = "escaped", message = "ESCAPED: 200M values unpacked outside the instruction budget" }
  end,
}

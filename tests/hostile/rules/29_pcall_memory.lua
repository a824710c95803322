-- expect: memory limit
-- Once the cap is reached the hook raises on every instruction, so a pcall that
-- catches the memory error cannot carry on allocating.
return {
  id = "H-29", name = "PcallMemory", title = "Hostile: pcall swallowing the memory limit", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local survived = 0
    while true do
      pcall(function()
        local t = {}
        for i = 1, math.maxinteger do t[i] = { i } end
      end)
      survived = survived + 1
    end
  end,
}

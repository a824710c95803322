-- expect: instruction limit
-- Once the budget is spent the hook raises on every instruction, so catching the
-- error with pcall/xpcall and carrying on cannot work: the next instruction raises.
return {
  id = "H-13", name = "PcallLoop", title = "Hostile: pcall swallowing the instruction limit", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local caught = 0
    while true do
      local ok = pcall(function() while true do end end)
      if not ok then caught = caught + 1 end
      xpcall(function() while true do end end, function(e) while true do end end)
    end
  end,
}

-- expect: instruction limit
-- A to-be-closed variable whose __close loops forever runs while the error
-- unwinds, still under the hook: instruction limit.
return {
  id = "H-39", name = "CloseLoop", title = "Hostile: looping __close during unwinding", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local guard <close> = setmetatable({}, { __close = function() while true do end end })
    error("unwinding")
  end,
}

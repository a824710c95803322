-- expect: script error
-- The message handler never calls a rule's __tostring: the error stays a plain
-- script error ("error object is a table value") instead of hanging.
return {
  id = "H-30", name = "ErrorTostringLoop", title = "Hostile: error object with a looping __tostring", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    error(setmetatable({}, { __tostring = function() while true do end end }))
  end,
}

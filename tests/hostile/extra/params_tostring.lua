-- A parameter default whose __tostring is the rule's own code: 'trailscan rules
-- show H-P1' must not run it outside the sandbox (run.sh, case
-- extra_rules_show_params).  If it runs unguarded, the error it raises is an
-- unprotected Lua error (abort).
local evil = setmetatable({}, {
  __tostring = function()
    print("HOSTILE-TOSTRING-RAN")
    error("HOSTILE-TOSTRING-RAN: rule code ran outside the sandbox")
  end,
})
return {
  id = "H-P1", name = "ParamsTostring", title = "A parameter default with a hostile __tostring",
  severity = "low",
  description = "Its parameter default runs code when converted to text (tests/hostile).",
  remediation = "Nothing to do: test fixture.",
  params = { limit = { default = evil, description = "a table with a hostile __tostring" } },
  check = function(snapshot, params) end,
}

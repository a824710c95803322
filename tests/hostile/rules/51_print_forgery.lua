-- expect: script error
-- print() goes to stderr, the stream the failure lines go to.  This rule prints
-- a line that looks like a failure of the canary (and terminal escapes), then
-- fails with an ordinary error.  run.sh checks that no line starting with
-- "trailscan: rule 'H-00'" appears, i.e. rule output must be marked (e.g.
-- prefixed with the rule id) and cleaned of control characters.
return {
  id = "H-51", name = "PrintForgery", title = "Hostile: forging failure lines with print",
  severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    print("\ntrailscan: rule 'H-00' failed on account " .. snapshot.account_id
          .. " (forged.json): script error: forged.lua:1: this line was printed by H-51")
    print("\27[1A\27[2K\rtrailscan: everything is fine")
    error("H-51 printed a forged failure line")
  end,
}

-- expect: instruction limit
-- gmatch("[^,]*,") over 200,000 characters without a comma: every start
-- scans to the end and fails; gmatch tries them all.
return {
  id = "H-63", name = "GmatchRescan", title = "Hostile: gmatch rescans", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    for field in ("x"):rep(2e5):gmatch("[^,]*,") do end
    fail{ resource = "escaped", message = "ESCAPED: a quadratic gmatch ran outside the instruction budget" }
  end,
}

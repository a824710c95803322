-- expect: instruction limit
-- Reports results in an endless loop.  Past the listing limit (10000 per rule
-- per snapshot) results are only counted, which costs no memory: the loop runs
-- until the instruction budget stops it, and nothing it reported is kept.
return {
  id = "H-33", name = "ResultFlood", title = "Hostile: endless results", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local i = 0
    while true do
      i = i + 1
      fail{ resource = "flood-" .. i, message = "flood", region = "us-east-1" }
    end
  end,
}

-- expect: blocked by the sandbox
-- rawset would bypass __newindex; it is not in the allow-list.
return {
  id = "H-21", name = "RawsetSnapshot", title = "Hostile: rawset into the snapshot", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    rawset(snapshot, "account_id", "000000000000")
    fail{ resource = "escaped", message = "ESCAPED: the hostile call returned normally" }
  end,
}

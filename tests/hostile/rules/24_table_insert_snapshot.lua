-- expect: blocked by the sandbox
-- table.insert writes through lua_seti, so the proxy's __newindex refuses it.
return {
  id = "H-24", name = "TableInsertSnapshot", title = "Hostile: table.insert on a snapshot array", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local arr = type(snapshot.errors) == "table" and snapshot.errors or snapshot.regions
    table.insert(arr, { region = "forged" })
    fail{ resource = "escaped", message = "ESCAPED: the hostile call returned normally" }
  end,
}

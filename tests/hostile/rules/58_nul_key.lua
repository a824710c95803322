-- expect: script error
-- A member name with a NUL byte is no JSON key: reading it must give nil
-- (cJSON compares C strings, so "account_id\0x" would find account_id) and
-- must not leave the key behind for the next rule's next()/pairs.
return {
  id = "H-58", name = "NulKey", title = "Hostile: a NUL byte in a member name", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    if snapshot["account_id\0evil"] ~= nil then
      fail{ resource = "escaped", message = "ESCAPED: a NUL-key read matched account_id" }
    end
    error("NUL key read as nil, as it should")
  end,
}

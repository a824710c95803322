-- expect: blocked by the sandbox
-- A precompiled chunk can corrupt the VM; load itself is not in the allow-list.
return {
  id = "H-08", name = "LoadBinaryChunk", title = "Hostile: load of a binary chunk", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local chunk = "\27Lua\84\0\25\147\13\10\26\10\4\8\8\120\86\0\0\0\0\0\0\0\0\0\0\0\40\119\64"
    local f = load(chunk, "=evil", "b")
    if f then f() end
    fail{ resource = "escaped", message = "ESCAPED: the hostile call returned normally" }
  end,
}

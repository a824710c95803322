-- expect: instruction limit
-- utf8.len of a 4 MiB string decodes every byte in one call (milliseconds
-- for one instruction): 100,000 of them took minutes within the budget.
-- utf8 calls are charged by the bytes they decode.
return {
  id = "H-67", name = "Utf8LenLoop", title = "Hostile: utf8.len on a huge string", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local s = ("x"):rep(2^22)
    for _ = 1, 1e5 do utf8.len(s) end
    fail{ resource = "escaped", message = "ESCAPED: utf8.len ran outside the instruction budget" }
  end,
}

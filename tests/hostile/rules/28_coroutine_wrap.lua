-- expect: blocked by the sandbox
-- A coroutine is a new thread without the count hook; coroutine is blocked.
return {
  id = "H-28", name = "CoroutineWrap", title = "Hostile: coroutine dodging the hook", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local co = coroutine.wrap(function() while true do end end)
    co()
    fail{ resource = "escaped", message = "ESCAPED: the hostile call returned normally" }
  end,
}

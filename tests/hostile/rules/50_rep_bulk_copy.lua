-- expect: instruction limit
-- 400 calls of string.rep, each building a 4 MiB string (dropped at once, so
-- memory stays low): ~2,000 instructions that copy 1.6 GB inside C.  The
-- instruction budget (20M) must account for work done inside library calls,
-- e.g. one instruction per 64 bytes built (25M here).  Unbounded, the same loop
-- with 128 MiB pieces under the default limits would run for days.
return {
  id = "H-50", name = "RepBulkCopy", title = "Hostile: bulk copying inside string.rep",
  severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local piece = string.rep("x", 1024)
    for i = 1, 400 do
      local s = string.rep(piece, 4096)
    end
    fail{ resource = "escaped", message = "ESCAPED: 1.6 GB copied outside the instruction budget" }
  end,
}

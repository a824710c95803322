-- expect: instruction limit
-- big .. i is one VM instruction that copies 8 MiB: 200 of them copy 1.6 GB
-- (each result dropped at once, so memory stays low) for ~1,000 instructions.
-- Work proportional to the bytes a rule builds must be charged (e.g. per byte
-- allocated), or one instruction can cost milliseconds.
return {
  id = "H-53", name = "ConcatBulkCopy", title = "Hostile: bulk copying with the .. operator", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local big = string.rep("x", 2^23)
    for i = 1, 200 do
      local r = big .. i
    end
    fail{ resource = "escaped", message = "ESCAPED: 1.6 GB copied by .. outside the instruction budget" }
  end,
}

-- expect: instruction limit
-- A plain find of "a"*2^17.."b" in "a"*2^18 compares ~2^17 bytes at each of
-- ~2^17 places: 17 billion byte comparisons in one call (worst case of the
-- naive search: |subject| x |pattern|), far beyond the 20M instruction budget.
-- Charging only |subject| + |pattern| lets it through.  (If find ever becomes
-- linear, e.g. via memmem, this case needs a new expectation.)
return {
  id = "H-52", name = "PlainFindQuadratic", title = "Hostile: quadratic plain string.find", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local s = string.rep("a", 2^18)
    local p = string.rep("a", 2^17) .. "b"
    local at = s:find(p, 1, true)
    fail{ resource = "escaped", message = "ESCAPED: a quadratic plain find ran outside the instruction budget" }
  end,
}

-- expect: memory limit
-- Grows a table of tables until the per-rule memory cap refuses to allocate.
return {
  id = "H-15", name = "TableBomb", title = "Hostile: table memory bomb", severity = "low",
  description = "A hostile rule for the sandbox test suite (tests/hostile).",
  remediation = "None: this rule misbehaves on purpose.",
  check = function(snapshot, params)
    local t, i = {}, 0
    while true do
      i = i + 1
      t[i] = { i, i * 2, { i } }
    end
  end,
}

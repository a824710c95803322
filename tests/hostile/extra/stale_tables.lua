-- Keeps snapshot tables from one account and reads them on the next, which
-- README forbids: the earlier account's tree is freed by then.  Run over two
-- accounts (run.sh, case extra_stale_tables), every read on the second must
-- raise "no longer available", and nothing may read freed memory.
local kept

-- Each way of reading a kept table, tried alone: "name=refused" when the
-- read raised the expected error, "name=read" when it did not raise.
local function try_all()
  local outcomes = {}
  local tries = {
    {"untouched", function() return kept.untouched.cloudtrail end},
    {"lazy", function() return kept.lazy.name end},
    {"lazy_len", function() return #kept.lazy end},
    {"converted_read", function() return kept.root.format end},
    {"converted_len", function() return #kept.converted end},
    {"converted_pairs", function() for _ in pairs(kept.converted) do end end},
    {"converted_next", function() return next(kept.converted) end},
  }
  for _, t in ipairs(tries) do
    local ok, err = pcall(t[2])
    if not ok and tostring(err):find("snapshot data from an earlier account is no longer"
                                     .. " available", 1, true) then
      err = "refused"
    end
    outcomes[#outcomes + 1] = t[1] .. "=" .. (ok and "read" or tostring(err))
  end
  return table.concat(outcomes, "; ")
end

return {
  id = "H-S1", name = "StaleTables", title = "Reads tables of an earlier account",
  severity = "low",
  description = "Keeps snapshot tables between checks (tests/hostile).",
  remediation = "Nothing to do: test fixture.",
  check = function(snapshot, params)
    if kept then
      error("STALE " .. try_all())
    end
    local _ = next(snapshot) -- converts the root
    local regions = snapshot.regions
    local _, first = next(regions) -- converts regions; its values stay untouched
    local _ = snapshot.collector.name -- one lazy read: collector is not converted
    kept = {untouched = first, lazy = snapshot.collector, converted = regions, root = snapshot}
  end,
}

-- Fuzzing only (tests/fuzz/fuzz_filter_pattern.c): runs lib/fp_contract.lua
-- over every metric filter's pattern in the snapshot, inside the sandbox,
-- as a rule would use lib/filter_pattern.lua.
local fp = require("filter_pattern")
local contract = require("fp_contract")

return {
  id = "fuzz-filter-pattern-contract",
  name = "FuzzFilterPatternContract",
  title = "Metric filter patterns keep lib/filter_pattern.lua's promises",
  severity = "info",
  description = "A fuzzing harness, not a control.",
  remediation = "None: a failure is a bug in lib/filter_pattern.lua.",
  check = function(snapshot)
    for region, r in pairs(snapshot.regions) do
      local mf = r.logs and r.logs.DescribeMetricFilters
      for i, f in ipairs(mf and mf.metricFilters or {}) do
        local compiled = contract.check(fp, f.filterPattern)
        local res = {resource = region .. "/" .. i, region = region, node = f,
                     message = compiled and "compiles" or "does not compile"}
        if compiled then pass(res) else fail(res) end
      end
    end
  end,
}

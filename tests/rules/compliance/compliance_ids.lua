-- The mapping test of rules/lib/compliance.lua (ctest rules.compliance):
-- every control id the table gives any rule is checked against the
-- standards' own numbering (lib/standards.lua), each CIS version's numbers
-- must name the recommendation the table says they do, FSBP membership must
-- be Security Hub's, and every catalogue must list its whole scope.  One
-- result per framework: pass, or fail naming each wrong id.
local compliance = require("compliance")
local catalogue = require("compliance_catalogue")
local S = require("standards")

local function set(list)
  local s = {}
  for _, v in ipairs(list or {}) do s[v] = true end
  return s
end

-- The rules the table names anywhere, sorted.
local function all_rules()
  local seen, out = {}, {}
  local function add(list)
    for _, r in ipairs(list or {}) do
      if not seen[r] then seen[r] = true; out[#out + 1] = r end
    end
  end
  for _, c in ipairs(compliance.security_hub) do add(c.rules) end
  for _, v in ipairs(compliance.cis_versions) do
    for _, item in ipairs(compliance.cis[v]) do
      add(compliance.concept_rules(compliance.concepts[item[2]]))
    end
  end
  local judged = {}
  for r in pairs(compliance.judgment) do judged[#judged + 1] = r end
  table.sort(judged)
  add(judged)
  table.sort(out)
  return out
end

local NIST53_ID = "^(%u%u)%-(%d+)$"

-- AU-6(3): AU-6 exists and has at least 3 enhancements.
local function nist53_ok(id)
  local base, n = id:match("^(%u%u%-%d+)%((%d+)%)$")
  if base then
    local max = S.nist53_enhancements[base]
    return max ~= nil and tonumber(n) >= 1 and tonumber(n) <= max and nist53_ok(base)
  end
  local family, num = id:match(NIST53_ID)
  local count = family and S.nist53_families[family]
  return count ~= nil and tonumber(num) >= 1 and tonumber(num) <= count
end

-- valid[framework](id) -> true when id is one of the framework's numbers.
local valid = {}
for fw, list in pairs(S.cis) do
  local ok = {}
  for _, item in ipairs(list) do ok[item[1]] = true end
  for _, item in ipairs(S.cis_other[fw] or {}) do ok[item[1]] = true end
  valid[fw] = function(id) return ok[id] == true end
end
local fsbp, sh = set(S.fsbp), set(S.security_hub)
valid["aws-fsbp"] = function(id) return fsbp[id] == true end
valid["aws-securityhub"] = function(id) return sh[id] == true and not fsbp[id] end
valid["nist-800-53-r5"] = nist53_ok
for _, fw in ipairs({"pci-dss-3.2.1", "pci-dss-4.0.1", "nist-800-171-r2", "iso-27001-2022",
                     "soc2"}) do
  local ok = set(S[fw])
  valid[fw] = function(id) return ok[id] == true end
end

local problems = {}
local function problem(fw, fmt, ...)
  problems[fw] = problems[fw] or {}
  table.insert(problems[fw], string.format(fmt, ...))
end

-- 1. Every id any rule is given.
for _, rule in ipairs(all_rules()) do
  local map = compliance.of(rule) or {}
  local fws = {}
  for fw in pairs(map) do fws[#fws + 1] = fw end
  table.sort(fws)
  for _, fw in ipairs(fws) do
    for _, id in ipairs(map[fw]) do
      if not valid[fw] then
        problem("tables", "%s: unknown framework '%s'", rule, fw)
      elseif not valid[fw](id) then
        problem(fw, "%s: '%s' is not a %s control", rule, id, fw)
      end
    end
  end
end

-- 2. Each CIS version: the same numbers as the benchmark, each naming the
-- recommendation the table says (its keyword is in the benchmark's title).
for _, v in ipairs(compliance.cis_versions) do
  local fw = "cis-aws-" .. v
  local ours, theirs = compliance.cis[v], S.cis[fw]
  if not theirs then
    problem(fw, "no numbering for %s in standards.lua", fw)
  else
    for i = 1, math.max(#ours, #theirs) do
      local a, b = ours[i], theirs[i]
      if not a or not b or a[1] ~= b[1] then
        problem(fw, "item %d: table has %s, the benchmark %s", i, a and a[1] or "nothing",
                b and b[1] or "nothing")
      else
        local concept = compliance.concepts[a[2]]
        if not concept then
          problem(fw, "%s: unknown recommendation '%s'", a[1], a[2])
        elseif not b[2]:lower():find(concept.keyword, 1, true) then
          problem(fw, "%s is \"%s\", not %s", b[1], b[2], a[2])
        end
      end
    end
  end
end

-- 3. Security Hub: FSBP membership as Security Hub has it.
for _, c in ipairs(compliance.security_hub) do
  if not sh[c.id] then
    problem(c.standard, "%s is not a Security Hub logging control", c.id)
  elseif (c.standard == "aws-fsbp") ~= (fsbp[c.id] == true) then
    problem(c.standard, "%s is %sin FSBP", c.id, fsbp[c.id] and "" or "not ")
  end
  for _, f in ipairs(compliance.requirement_frameworks) do
    for _, id in ipairs(c[f] or {}) do
      if not valid[f](id) then problem(f, "%s: '%s' is not a %s control", c.id, id, f) end
    end
  end
end

-- 4. Catalogues: every framework has one; a CIS catalogue lists every
-- Logging and Monitoring number; every row is judged or says why not.
for _, fw in ipairs(catalogue.ids()) do
  local cat, err = catalogue.of(fw)
  if not cat then
    problem(fw, "no catalogue: %s", tostring(err))
  else
    local rows = {}
    for _, row in ipairs(cat.rows) do
      rows[row.control] = true
      if #row.rules == 0 and not row.status then
        problem(fw, "catalogue row %s neither judged nor explained", row.control)
      end
      if valid[fw] and not valid[fw](row.control) then
        problem(fw, "catalogue row '%s' is not a %s control", row.control, fw)
      end
    end
    for _, item in ipairs(S.cis[fw] or {}) do
      if not rows[item[1]] then problem(fw, "catalogue lacks %s", item[1]) end
    end
  end
end
if catalogue.of("no-such-framework") then problem("tables", "an unknown framework has a catalogue") end

return {
  id = "test-compliance-ids",
  name = "ComplianceIds",
  title = "lib/compliance.lua names only controls the standards have",
  severity = "info",
  description = "The mapping test of the built-in rules' compliance table.",
  remediation = {console = "-", cli = "-", terraform = "-"},
  references = {},
  check = function(snapshot)
    local names = {"tables"}
    for _, fw in ipairs(catalogue.ids()) do names[#names + 1] = fw end
    for _, fw in ipairs(names) do
      local list = problems[fw]
      local result = {resource = fw}
      if list then
        result.message = string.format("%s: %s.", fw, table.concat(list, "; "))
        fail(result)
      else
        result.message = string.format("%s: every id is the standard's own.", fw)
        pass(result)
      end
    end
  end,
}

-- Tries every way a rule could see something that changes from run to run
-- or from worker to worker: addresses (tostring, string.format's %s and %p,
-- print, an error object), the order pairs visits its own tables in (string
-- keys hash with a seed Lua draws per state), a read-only table's order, and
-- the order table.sort leaves equal elements in (Lua's sort picks random
-- pivots on unbalanced input), next() over its own table, and pairs and
-- next over table and function keys (hashed by address).  determinism.sh runs it twice and with
-- several --jobs: every byte of the report and of stderr must be the same.
local function keys_of(t)
  local out = {}
  for k in pairs(t) do out[#out + 1] = tostring(k) end
  return table.concat(out, ",")
end

return {
  id = "H-VARIANCE", name = "Variance", title = "Sources of variance", severity = "low",
  description = "A rule for tests/hostile/determinism.sh.",
  remediation = "None: test fixture.",
  params = {alpha = {default = 1}, beta = {default = 2}, gamma = {default = 3},
            delta = {default = 4}, epsilon = {default = 5}, zeta = {default = 6}},
  check = function(snapshot, params)
    local own = {}
    for i = 1, 60 do own["key" .. i] = i end
    own[1.5], own[true], own[-7], own[false] = "f", "t", "n", "F"
    local t, f = {}, function() end
    local named = setmetatable({}, {__name = "Thing"})
    local ok, err = pcall(error, {})
    local records = {}
    for i = 1, 3000 do records[i] = {id = i, group = i % 3} end
    table.sort(records, function(a, b) return a.group < b.group end)
    local firsts = {}
    for i = 1, 40 do firsts[i] = records[i].id end
    print("printed:", t, f, named)
    fail{resource = "tostring", message = table.concat({tostring(t), tostring(f),
      tostring(print), tostring(named), tostring(t), tostring(snapshot), tostring(err),
      tostring(ok)}, " ")}
    fail{resource = "format", message = string.format("%s %s %p %p %p %-12p|%5s", t, f, t,
      "text", 42, f, named)}
    fail{resource = "pairs-own", message = keys_of(own)}
    fail{resource = "pairs-params", message = keys_of(params)}
    fail{resource = "pairs-mixed", message = keys_of({x = {}, y = f, [3] = 1, [2.25] = 2,
      [1] = 0, zz = true})}
    fail{resource = "sort-ties", message = table.concat(firsts, ",")}
    local seen, k = {}, next(own)
    while k ~= nil do seen[#seen + 1] = tostring(k); k = next(own, k) end
    fail{resource = "next-own", message = table.concat(seen, ",")}
    local objs = {}
    for i = 1, 12 do
      objs[{n = i}] = "t" .. i
      objs[function() return i end] = "f" .. i
      objs[{}] = "e" .. i
    end
    local ordered = {}
    for key, v in pairs(objs) do ordered[#ordered + 1] = tostring(key) .. "=" .. v end
    fail{resource = "pairs-objects", message = table.concat(ordered, ",")}
    local nexted, key = {}, next(objs)
    while key ~= nil do nexted[#nexted + 1] = tostring(key) .. "=" .. objs[key]; key = next(objs, key) end
    fail{resource = "next-objects", message = table.concat(nexted, ",")}
    fail{resource = "next-empty", message = tostring(next({}))}
  end,
}

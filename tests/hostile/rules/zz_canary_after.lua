-- An honest rule that loads and runs last (files load in name order): checks
-- that no earlier (hostile) rule changed what rules share -- the snapshot, the
-- string/table libraries, string methods -- then reports "intact", plus the
-- same snapshot fingerprint as 00_canary.lua (run.sh compares the two), and
-- prints a marker line (run.sh checks one rule's print flood does not silence
-- the prints of later rules).
local function fingerprint(root)
  local parts, n = {}, 0
  local function walk(v, depth)
    local t = type(v)
    n = n + 1
    if t == "table" then
      if depth > 64 then parts[n] = "<deep>" return end
      parts[n] = "{" .. #v
      for k, x in pairs(v) do
        n = n + 1
        parts[n] = tostring(k) .. "="
        walk(x, depth + 1)
      end
      n = n + 1
      parts[n] = "}"
    elseif v == trailscan.null then
      parts[n] = "null"
    else
      parts[n] = t .. ":" .. tostring(v)
    end
  end
  walk(root, 0)
  local s = table.concat(parts, ";")
  local h1, h2 = 5381, 0
  for i = 1, #s, 64 do
    local chunk = { s:byte(i, i + 63) }
    for j = 1, #chunk do
      h1 = (h1 * 33 + chunk[j]) % 4294967296
      h2 = (h2 * 31 + chunk[j] + j) % 4294967291
    end
  end
  return string.format("%d bytes %08x %08x", #s, h1, h2)
end

local function check_intact(snapshot)
  -- the snapshot
  assert(type(snapshot) == "table", "snapshot is not a table")
  assert(type(snapshot.account_id) == "string" and snapshot.account_id:match("^%d%d%d%d%d%d%d%d%d%d%d%d$"),
         "snapshot.account_id changed: " .. tostring(snapshot.account_id))
  assert(snapshot.format == "trailscan-snapshot/1", "snapshot.format changed")
  assert(type(snapshot.regions) == "table", "snapshot.regions is gone")
  assert(next(snapshot.regions) ~= nil, "snapshot.regions is empty")
  assert(getmetatable(snapshot) ~= nil, "snapshot lost its protection")
  for name, region in pairs(snapshot.regions) do
    assert(type(name) == "string" and type(region) == "table", "snapshot.regions corrupted")
  end
  -- the string library and string methods
  assert(string.format("%d-%s-%5.2f", 7, "x", 1.5) == "7-x- 1.50", "string.format changed")
  assert(("x"):upper() == "X", '("x"):upper() changed')
  assert(("abc"):sub(2, 2) == "b", "string methods changed")
  assert(string.rep("ab", 3, ",") == "ab,ab,ab", "string.rep changed")
  assert(("a,b"):find(",", 1, true) == 2, "string.find changed")
  assert(type(getmetatable("")) == "string", "the string metatable is exposed")
  -- the table library
  local t = {}
  table.insert(t, "b")
  table.insert(t, 1, "a")
  table.sort(t, function(x, y) return x > y end)
  assert(table.concat(t, ",") == "b,a", "table.insert/sort/concat changed")
  -- the rest of the API
  assert(math.floor(2.5) == 2 and math.max(1, 3) == 3, "math changed")
  assert(tostring(12) == "12" and tonumber("12") == 12, "tostring/tonumber changed")
  assert(select("#", pcall(error, "x")) == 2, "pcall/error changed")
  assert(type(fail) == "function" and type(pass) == "function" and type(review) == "function",
         "the result API changed")
  assert(type(trailscan.timestamp) == "function", "trailscan.timestamp changed")
end

return {
  id = "H-ZZ", name = "CanaryAfter", title = "Canary: an honest rule that runs last",
  severity = "low",
  description = "Checks the shared state is intact after the hostile rules ran.",
  remediation = "Nothing to do: test fixture.",
  check = function(snapshot, params)
    check_intact(snapshot)
    print("canary-after: print still works")
    fail{ resource = "canary-after", message = "intact" }
    fail{ resource = "canary-after-fingerprint", message = fingerprint(snapshot) }
  end,
}

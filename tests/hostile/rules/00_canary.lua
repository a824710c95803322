-- An honest rule: loads first (files load in name order) and reports on every
-- snapshot, so run.sh can tell the scan went on around the hostile rules.  It
-- also reports a fingerprint of the whole snapshot, which zz_canary_after.lua
-- recomputes after every hostile rule has run: the two must be equal.
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

return {
  id = "H-00", name = "CanaryBefore", title = "Canary: an honest rule that runs first",
  severity = "low",
  description = "Reports one result per snapshot and a fingerprint of the snapshot.",
  remediation = "Nothing to do: test fixture.",
  check = function(snapshot, params)
    fail{ resource = "canary", message = "canary ran", region = "us-east-1", node = snapshot }
    fail{ resource = "canary-fingerprint", message = fingerprint(snapshot) }
  end,
}

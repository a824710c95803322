-- Unit cases for the built-in lib/arn.lua, run by `trailscan rules test`
-- (ctest rules.arn).  The snapshot's `arn_cases` lists {arn = TEXT, want =
-- "partition service region account resource"} (nil for an absent field,
-- "malformed" when the text is not an ARN); each case passes when
-- arn.parse agrees, and names what it got when it does not.  `owner`,
-- `log_group` and `log_group_arn` are checked against parse on each text.
local arn = require("arn")

local function show(f)
  if not f then return "malformed" end
  return string.format("%s %s %s %s %s", f.partition, f.service, tostring(f.region),
                       tostring(f.account), f.resource)
end

-- What log_group should give, worked out from parse alone.
local function expected_group(f)
  if not (f and f.service == "logs" and f.region and f.account) then return nil end
  local name = f.resource:match("^log%-group:([^:]+)$")
    or f.resource:match("^log%-group:([^:]+):%*$")
  return name
end

local function agree(text, f)
  if arn.owner(text) ~= (f and f.account) then
    return "owner disagrees with parse"
  end
  local g, name = arn.log_group(text), expected_group(f)
  if (g and g.name) ~= name then
    return string.format("log_group name %s, expected %s", tostring(g and g.name),
                         tostring(name))
  end
  if g and (g.region ~= f.region or g.account ~= f.account or g.partition ~= f.partition
            or g.arn ~= string.format("arn:%s:logs:%s:%s:log-group:%s", f.partition,
                                      f.region, f.account, name)) then
    return "log_group fields disagree with parse"
  end
  if arn.log_group_arn(text) ~= (g and g.arn) then
    return "log_group_arn disagrees with log_group"
  end
  return nil
end

return {
  id = "test-arn-parse",
  name = "ArnParse",
  title = "lib/arn.lua takes ARNs apart as documented",
  severity = "info",
  description = "Unit cases for the built-in ARN parser.",
  remediation = {console = "-", cli = "-", terraform = "-"},
  references = {},
  check = function(snapshot)
    for i, c in ipairs(snapshot.arn_cases or {}) do
      local text = c.arn ~= trailscan.null and c.arn or nil
      local f = arn.parse(text)
      local got = show(f)
      local problem = got ~= c.want and string.format("parse gave '%s', expected '%s'", got,
                                                      c.want)
        or agree(text, f)
      local result = {resource = string.format("case %d", i),
                      message = string.format("Case %d (%s): %s.", i, tostring(text),
                                              problem or "as expected")}
      if problem then fail(result) else pass(result) end
    end
  end,
}

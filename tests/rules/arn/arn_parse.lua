-- Unit cases for the built-in lib/arn.lua, run by `trailscan rules test`
-- (ctest rules.arn).  The snapshot's `arn_cases` lists {arn = TEXT, want =
-- "partition service region account resource"} (nil for an absent field,
-- "malformed" when the text is not an ARN); each case passes when
-- arn.parse agrees, and names what it got when it does not.  `owner`, `split`,
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

-- Heads for log_group_arn: this account's in us-east-1, another's, and
-- one of another partition; log_group_head refuses what no log group ARN
-- could start with.
local heads = {arn.log_group_head("aws", "us-east-1", "123456789012"),
               arn.log_group_head("aws", "us-east-1", "1234567890"),
               arn.log_group_head("aws-us-gov", "us-gov-west-1", "111122223333")}
assert(#heads == 3 and heads[1] == "arn:aws:logs:us-east-1:123456789012:log-group:")
assert(arn.log_group_head("aws", "us-east-1", "12x") == nil
       and arn.log_group_head("a:b", "us-east-1", "1") == nil
       and arn.log_group_head("aws", "", "1") == nil)

local function agree(text, f)
  if arn.owner(text) ~= (f and f.account) then
    return "owner disagrees with parse"
  end
  local p, s, r, a, res = arn.split(text)
  if p ~= (f and f.partition) or s ~= (f and f.service) or r ~= (f and f.region)
      or a ~= (f and f.account) or res ~= (f and f.resource) then
    return "split disagrees with parse"
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
  -- With the start an account's groups share (one plain find after it):
  -- the same answer, whether the text starts with it or not.
  for _, head in ipairs(heads) do
    if arn.log_group_arn(text, head) ~= (g and g.arn) then
      return string.format("log_group_arn with head %s disagrees with log_group", head)
    end
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

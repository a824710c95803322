-- The account-level judgment of S3 object-level data events (Security Hub
-- S3.22 for writes, S3.23 for reads): an active multi-region trail must log
-- them for all current and future buckets.
--
--   require("data_events").judge_s3(snapshot, params, "write" | "read")

local account = require("account")
local trails = require("trails")
local selectors = require("selectors")

local M = {}

local function join(list)
  return table.concat(list, "; ")
end

-- Why trail t does not count, or nil when its selectors must be read.
local function disqualified(t)
  if not t.multi_region then
    return string.format("%s is not multi-region", trails.label(t))
  end
  if t.logging == false then
    return string.format("%s is not logging", trails.label(t))
  end
  return nil
end

function M.judge_s3(snapshot, params, kind)
  local a = account.of(snapshot)
  local what = string.format("S3 object-level %s events for all buckets", kind)
  local found, why = trails.found(snapshot)
  if not found then
    review{resource = a.resource, node = snapshot,
           message = string.format("Could not decide whether account %s logs %s: %s.",
                                   a.id, what, why)}
    return
  end
  local against, undecided = {}, {}
  for _, t in ipairs(trails.all(snapshot)) do
    local no = disqualified(t)
    if no then
      against[#against + 1] = no
    elseif not t.selectors then
      undecided[#undecided + 1] = string.format("%s: %s", trails.label(t), t.selectors_missing)
    else
      local c = selectors.s3_objects(t.selectors, a.partition,
                                     {accept_arn_exclusions = params.accept_arn_exclusions})
      if c[kind] and t.logging then
        pass{resource = a.resource, region = t.home, node = t.trail,
             message = string.format("Account %s logs %s: multi-region trail %s is logging"
                                     .. " them.", a.id, what, trails.label(t))}
        return
      elseif c[kind] then
        undecided[#undecided + 1] = string.format("%s logs them, but whether it is logging"
                                                  .. " is unknown: %s", trails.label(t),
                                                  t.status_missing)
      else
        local detail = #c.notes > 0 and (": " .. join(c.notes)) or ""
        against[#against + 1] = string.format("%s does not log them%s", trails.label(t), detail)
      end
    end
  end
  if #undecided > 0 then
    review{resource = a.resource, node = snapshot,
           message = string.format("Could not decide whether account %s logs %s: %s.",
                                   a.id, what, join(undecided))
             .. (#against > 0 and (" Other trails: " .. join(against) .. ".") or "")}
    return
  end
  if #against == 0 then
    against[1] = "the account has no trails"
  end
  fail{resource = a.resource, node = snapshot,
       message = string.format("Account %s does not log %s: no active multi-region trail"
                               .. " logs them (%s).", a.id, what, join(against))}
end

return M

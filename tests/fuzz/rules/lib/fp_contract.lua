-- What lib/filter_pattern.lua promises its callers, checked on any text:
-- compile never raises and returns a pattern or (nil, message); covers
-- returns a boolean with missing/hints, or (nil, message); every clause
-- renders to text that compiles again to a clause meaning the same.
-- Raises with a description when a promise is broken (the fuzz targets
-- turn that into a crash).
local M = {}

-- References of different shapes (the CIS ones the monitoring rules use).
local REFERENCES = {
  [[{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}]],
  [[{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*") || ($.sourceIPAddress!="delivery.logs.amazonaws.com") || ($.eventName!="HeadBucket")}]],
  [[{($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success")}]],
  [[{($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion))}]],
  [[{ $.bytes >= 400 && $.flag IS TRUE && $.gone IS NULL && $.x[0].y EXISTS }]],
}

local function ensure(cond, fmt, ...)
  if not cond then error("filter_pattern contract: " .. string.format(fmt, ...), 0) end
end

local function check_covers(fp, f, r, what)
  local ok, info = fp.covers(f, r)
  if ok == nil then
    ensure(type(info) == "string", "%s: covers gave nil without a message", what)
    return
  end
  ensure(type(ok) == "boolean" and type(info) == "table", "%s: covers gave %s, %s",
         what, type(ok), type(info))
  ensure(#info.missing == #info.hints, "%s: %d missing but %d hints", what,
         #info.missing, #info.hints)
  ensure(ok == (#info.missing == 0), "%s: verdict %s with %d missing", what,
         tostring(ok), #info.missing)
  for i, m in ipairs(info.missing) do
    ensure(type(m) == "string", "%s: missing[%d] is a %s", what, i, type(m))
    ensure(info.hints[i] == false or type(info.hints[i]) == "string",
           "%s: hints[%d] is a %s", what, i, type(info.hints[i]))
  end
end

-- A clause rendered and compiled again means the same clause.
local function check_round_trip(fp, clause)
  local text = fp.render_clause(clause)
  ensure(type(text) == "string", "render_clause gave a %s", type(text))
  if #clause == 0 then return end
  local again, err = fp.compile("{ " .. text .. " }")
  ensure(again, "rendered clause %q does not compile: %s", text, tostring(err))
  ensure(#again.clauses == 1, "rendered clause %q compiles to %d clauses", text,
         #again.clauses)
  local alone = {clauses = {clause}}
  ensure(fp.covers(again, alone) == true and fp.covers(alone, again) == true,
         "rendered clause %q does not mean the same as the clause it renders", text)
end

function M.check(fp, text)
  local ok, p, err = pcall(fp.compile, text)
  ensure(ok, "compile raised: %s", tostring(p))
  if p == nil then
    ensure(type(err) == "string", "compile gave nil without a message")
    return false
  end
  ensure(type(p) == "table" and type(p.clauses) == "table", "compile gave no clauses")
  for _, clause in ipairs(p.clauses) do check_round_trip(fp, clause) end
  for i, ref in ipairs(REFERENCES) do
    check_covers(fp, p, ref, "filter against reference " .. i)
    check_covers(fp, ref, p, "reference " .. i .. " against filter")
  end
  check_covers(fp, p, p, "the pattern against itself")
  return true
end

return M

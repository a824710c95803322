-- CloudWatch Logs log groups and how long they keep events (Security Hub
-- CloudWatch.16).
--
--   local loggroups = require("loggroups")
--   loggroups.list(snapshot, region)  -> groups, complete, why | nil, why
--   loggroups.arn(snapshot, region, g) -> the group's ARN, without ":*"
--   (a log group ARN's parts: lib/arn.lua's arn.log_group)
--   loggroups.retention(days, min_days) -> "pass" | "fail" | "review", phrase
--                                         (days: the group's retentionInDays)
--   loggroups.verdict(days, min_days)  -> the same verdict, without the phrase
--   loggroups.fix(region, name, min_days) -> put-retention-policy command
--   loggroups.fix_parts(region, min_days) -> head, tail: the command is
--                                   head .. fixes.q(name) .. tail
--   loggroups.head(snapshot, region) -> the start of the ARNs of the
--                                   account's groups in region, or false
--   loggroups.name(name) -> fixes.q(name) when name can end a log group ARN
--                                   as it is (not empty, no ':'), else false
--   loggroups.names() -> name -> loggroups.name(name), for the names seen
--                                   (ask as an account starts; nil: ask name)

local account = require("account")
local arn = require("arn")
local facts = require("facts")
local fixes = require("fixes")

local loggroups = {}

local memo, freeze, exact = memo, freeze, counts_exactly

-- The phrases rules put in their messages, by language (rules/lib/i18n.lua).
-- A retention phrase is a predicate: "Log group x {phrase}." in English,
-- "ロググループ x は{phrase}。" in Japanese.
local say = require("i18n").catalogue{
  en = {
    list_partial = "DescribeLogGroups failed part-way ({error}), so the list may be incomplete",
    list_failed = "DescribeLogGroups failed: {error}",
    list_missing = "DescribeLogGroups for {region} is not in the snapshot",
    keeps = "keeps events for {days} days (at least {min})",
    keeps_only = "keeps events for only {days} days, less than {min}",
    never_expires = "never expires its events (no retention policy)",
    not_number = "has a retentionInDays that is not a number ({value})",
  },
  ja = {
    list_partial = "DescribeLogGroups が途中で失敗したため ({error})、"
      .. "一覧が不完全な可能性があります",
    list_failed = "DescribeLogGroups が失敗しました: {error}",
    list_missing = "{region} の DescribeLogGroups がスナップショットにありません",
    keeps = "イベントを {days} 日間保持します ({min} 日以上)",
    keeps_only = "イベントを {days} 日間しか保持しません ({min} 日未満)",
    never_expires = "イベントを無期限に保持します (保持ポリシーなし)",
    not_number = "retentionInDays が数値ではありません ({value})",
  },
}

-- The only values put-retention-policy accepts (botocore logs Days).
local ALLOWED_DAYS = {1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
                      1096, 1827, 2192, 2557, 2922, 3288, 3653}

-- The region's DescribeLogGroups list.  `complete` is false when the
-- snapshot's `errors` also lists the call there (a page failed), so a group
-- missing from the list may still exist; `why` then says so.
function loggroups.list(snapshot, region)
  -- (each member read once: a read of a snapshot table not yet converted
  -- is a call)
  local regions = snapshot.regions
  local r = regions and regions[region]
  local logs = r and r.logs
  local op = logs and logs.DescribeLogGroups
  local groups = op and op.logGroups
  local e = account.error_for(snapshot, region, "logs", "DescribeLogGroups", nil)
  if groups then
    if e then
      return groups, false, say("list_partial", {error = account.describe_error(e)})
    end
    return groups, true
  end
  if e then
    return nil, say("list_failed", {error = account.describe_error(e)})
  end
  return nil, say("list_missing", {region = region})
end

-- The group's ARN as loggroups.arn gives it; head: the start the account's
-- own groups' ARNs share in the region (arn.log_group_head), or false.
local function arn_of(snapshot, region, g, head)
  local group_arn = arn.log_group_arn(g.logGroupArn, head) or arn.log_group_arn(g.arn, head)
  if group_arn then return group_arn end
  return string.format("arn:%s:logs:%s:%s:log-group:%s", snapshot.partition, region,
                       snapshot.account_id, tostring(g.logGroupName))
end

local function head_of(snapshot, region)
  return arn.log_group_head(snapshot.partition, region, snapshot.account_id) or false
end

-- The start the ARNs of the account's own groups in region share
-- ("arn:P:logs:R:A:log-group:"), or false when no log group ARN could
-- start so.
function loggroups.head(snapshot, region)
  return head_of(snapshot, region)
end

-- How Security Hub names a log group: its ARN without the trailing ":*".
-- The head is worked out once per account (every group of the region asks).
function loggroups.arn(snapshot, region, g)
  return arn_of(snapshot, region, g,
                facts.get(snapshot, "log group ARN head", region, head_of, snapshot, region))
end

local find = string.find

-- What a failing group's name gives its finding: fixes.q(name) when the
-- name can end a log group ARN as it is (not empty, no ':'), else false.
-- Organisations reuse names across accounts (/aws/lambda/..., a trail's
-- own group), so these are kept across accounts: at most NAMED_MAX, the
-- table started afresh when an account starts with it full.  Rules read it
-- through a read-only view (freeze; a rule folder's own instance of this
-- module has none, and its table is that rule's alone).
local NAMED_MAX = 512
local named, nnamed, named_memo = {}, 0, {}
local named_view = freeze and freeze(named) or named

local function name_parts(name)
  if name ~= "" and not find(name, ":", 1, true) then return fixes.q(name) end
  return false
end

-- The kept names (name -> loggroups.name(name)), for a rule to look each
-- failing group's name up in with no call: ask once as an account starts.
-- When the scan counts exactly (`counts_exactly`), what a rule is charged
-- must not depend on the accounts judged before: an empty table then, for
-- each account, so that every name goes through loggroups.name (`memo`).
function loggroups.names()
  if exact then return {} end
  if nnamed >= NAMED_MAX then
    named, nnamed = {}, 0
    named_view = freeze and freeze(named) or named
  end
  return named_view
end

-- fixes.q(name) when name can end a log group ARN as it is (not empty, no
-- ':'), else false; kept in loggroups.names() for the next group so named.
function loggroups.name(name)
  if exact then
    if not memo or type(name) ~= "string" then return name_parts(name) end
    return memo(named_memo, name, name_parts, name)
  end
  local parts = name_parts(name)
  if nnamed < NAMED_MAX and type(name) == "string" then
    named[name] = parts
    nnamed = nnamed + 1
  end
  return parts
end

-- retention's verdict alone, with no phrase built: for the many groups
-- that pass when trailscan.keeps_passes is false.
function loggroups.verdict(days, min_days)
  if days == nil then return "pass" end
  local d = tonumber(days)
  if not d then return "review" end
  return d >= min_days and "pass" or "fail"
end

-- The verdict and phrase for a numeric retention d.  An organisation's
-- groups share a handful of retentions (7, 30, 90 days...): each phrase is
-- written once per min_days (and language), not for each of thousands of
-- groups.  Through `memo` when the scan counts exactly (answers.lua's
-- absence says why; a rule folder's own instance of this module writes
-- each phrase each time then), under one flat key (the retention, then
-- min_days).
local phrases, phrases_min, phrases_lang, nphrases = {}, nil, trailscan.lang, 0

local function phrase(d, min_days)
  local args = {days = string.format("%g", d), min = string.format("%g", min_days)}
  if d >= min_days then
    return "pass", say("keeps", args)
  end
  return "fail", say("keeps_only", args)
end

local function judged(d, min_days)
  if exact then
    if not memo or d ~= d then return phrase(d, min_days) end -- NaN is no key
    if trailscan.lang ~= phrases_lang then
      phrases, phrases_lang = {}, trailscan.lang
    end
    return memo(phrases, d .. " " .. min_days, phrase, d, min_days)
  end
  if min_days ~= phrases_min or trailscan.lang ~= phrases_lang or nphrases >= 64 then
    phrases, phrases_min, phrases_lang, nphrases = {}, min_days, trailscan.lang, 0
  end
  local hit = phrases[d]
  if hit then
    return hit[1], hit[2]
  end
  local args = {days = string.format("%g", d), min = string.format("%g", min_days)}
  if d >= min_days then
    hit = {"pass", say("keeps", args)}
  else
    hit = {"fail", say("keeps_only", args)}
  end
  if d == d then -- NaN is no key
    phrases[d] = hit
    nphrases = nphrases + 1
  end
  return hit[1], hit[2]
end

-- An absent retentionInDays means events never expire.  days is the
-- group's retentionInDays, read once by the caller (reading a member of
-- one of thousands of groups is not free).
function loggroups.retention(days, min_days)
  if days == nil then
    return "pass", say("never_expires")
  end
  local d = tonumber(days)
  if not d then
    return "review", say("not_number", {value = tostring(days)})
  end
  return judged(d, min_days)
end

-- The shortest retention AWS accepts that is at least min_days, or false.
local function allowed_days(min_days)
  for _, days in ipairs(ALLOWED_DAYS) do
    if days >= min_days then
      return days
    end
  end
  return false
end

-- Every region of every account asks with the same min_days: the command's
-- verb and tail are worked out once for it (through `memo` when the scan
-- counts exactly, as judged above).
local fix_min, fix_verb, fix_tail = nil, nil, nil

local fix_ends = {}

local function fix_ends_of(min_days)
  local days = allowed_days(min_days)
  return days and "aws logs put-retention-policy --region "
    or "aws logs delete-retention-policy --region ",
    days and " --retention-in-days " .. days or ""
end

-- The fix's command around a group's name (fixes.q(name) goes between).
function loggroups.fix_parts(region, min_days)
  if exact then
    local verb, tail
    if memo and min_days == min_days then -- (NaN is no key)
      verb, tail = memo(fix_ends, min_days, fix_ends_of, min_days)
    else
      verb, tail = fix_ends_of(min_days)
    end
    return verb .. fixes.q(region) .. " --log-group-name ", tail
  end
  if min_days ~= fix_min or not fix_verb then
    local days = allowed_days(min_days)
    -- (days is an integer of ALLOWED_DAYS: no format)
    fix_verb = days and "aws logs put-retention-policy --region "
      or "aws logs delete-retention-policy --region "
    fix_tail = days and " --retention-in-days " .. days or ""
    fix_min = min_days
  end
  -- (fixes.q gives a string)
  return fix_verb .. fixes.q(region) .. " --log-group-name ", fix_tail
end

-- The command that makes the group keep its events long enough.
function loggroups.fix(region, name, min_days)
  local head, tail = loggroups.fix_parts(region, min_days)
  return head .. fixes.q(name) .. tail
end

return loggroups

-- Security Hub CloudWatch.16: every log group, in every region of the
-- snapshot, keeps its events for at least min_retention_days.
local answers = require("answers")
local fixes = require("fixes")
local loggroups = require("loggroups")

local q = fixes.q

-- The findings' messages, by language (rules/lib/i18n.lua).  {phrase} is
-- loggroups.retention's, in the same language.
local messages = {
  en = {
    judged = "Log group {group} {phrase}.",
    undecided = "Could not decide whether log group {group} keeps events for {min} days: it"
      .. " {phrase}.",
    region_undecided = "Could not decide whether every log group in {region} keeps events for"
      .. " {min} days: {why}.",
  },
  ja = {
    judged = "ロググループ「{group}」は{phrase}。",
    undecided = "ロググループ「{group}」がイベントを {min} "
      .. "日間保持しているかどうかを判定できません: {phrase}。",
    region_undecided = "{region} のすべてのロググループがイベントを {min} "
      .. "日間保持しているかどうかを判定できません: {why}。",
  },
}
local say = require("i18n").catalogue(messages)

-- What the groups of one region share, worked out when the first of them
-- needs more than a glance: the start of their ARNs (loggroups.head), the
-- fix around a group's name, and (shared by the account's regions) the
-- message around a group's name for each retention seen: an account's
-- thousands of groups share a handful of retentions, and the names' parts
-- (loggroups.names).  row: the one table the region's failing groups are
-- reported through, in turn (fail copies what it keeps; each sets every
-- field but the region).
local function region_of(snapshot, region, min_days, said, names)
  local fix_head, fix_tail = loggroups.fix_parts(region, min_days)
  return {snapshot = snapshot, region = region, min_days = min_days,
          head = loggroups.head(snapshot, region), fix_head = fix_head, fix_tail = fix_tail,
          said = said, names = names, row = {region = region}}
end

-- The group's resource (loggroups.arn) and its name as a fix quotes it.  A
-- group's usual logGroupArn is the head and its plain name: taken as it
-- is, with no call (the check's loop does the same inline).
local function named(rg, g, name)
  local qn = rg.names[name]
  if qn == nil then qn = loggroups.name(name) end
  local group_arn, head = g.logGroupArn, rg.head
  if not (qn and head and group_arn == head .. name) then
    group_arn = loggroups.arn(rg.snapshot, rg.region, g)
  end
  return group_arn, qn or q(name)
end

-- A judged group's verdict and its message around the name: the message
-- said once, with MARK (in no message or phrase) for the name, and split
-- there.
local MARK = "\0"
local NEVER = {} -- said's key for no retention (events never expire)

local function judged(days, min_days)
  local verdict, phrase = loggroups.retention(days, min_days)
  local said = say("judged", {group = MARK, phrase = phrase})
  local at = string.find(said, MARK, 1, true)
  return {verdict, string.sub(said, 1, at - 1), string.sub(said, at + 1)}
end

-- A group the caller could not pass at a glance (a failing one, or any
-- when passes are kept).  days is its retentionInDays.
local function judge(rg, g, name, days)
  local min_days = rg.min_days
  local said = rg.said[days == nil and NEVER or days]
  if not said then
    if type(days) ~= "number" and days ~= nil and loggroups.verdict(days, min_days) == "review" then
      local _, phrase = loggroups.retention(days, min_days)
      local resource, qn = named(rg, g, name)
      return review{resource = resource, region = rg.region, node = g,
                    fix = rg.fix_head .. qn .. rg.fix_tail,
                    message = say("undecided", {group = name, min = string.format("%g", min_days),
                                                phrase = phrase})}
    end
    said = judged(days, min_days)
    if days == nil then
      rg.said[NEVER] = said
    elseif days == days then -- (NaN is no key)
      rg.said[days] = said
    end
  end
  local verdict = said[1]
  if verdict == "pass" then
    if not trailscan.keeps_passes then return pass() end
    return pass{resource = (named(rg, g, name)), region = rg.region, node = g,
                message = said[2] .. name .. said[3]}
  end
  local row, resource, qn = rg.row, named(rg, g, name)
  row.resource, row.node = resource, g
  row.fix, row.message = rg.fix_head .. qn .. rg.fix_tail, said[2] .. name .. said[3]
  fail(row)
end

-- A region whose groups are unknown (or only partly known) gets one review.
local function review_region(snapshot, params, region, r, why)
  review{resource = string.format("arn:%s:logs:%s:%s:log-group:*", snapshot.partition, region,
                                  snapshot.account_id),
         region = region, node = r,
         fix = "aws logs describe-log-groups --region " .. region,
         message = say("region_undecided", {region = region,
                                            min = string.format("%g", params.min_retention_days),
                                            why = why})}
end

return {
  id = "logs-log-group-retention",
  name = "CloudWatchLogGroupRetention",
  title = "CloudWatch Logs log groups keep their events for at least a year",
  severity = "medium",
  description = "A log group with a short retention period deletes its events before an"
    .. " intrusion is usually found (months, on average), so the evidence needed to"
    .. " investigate it is gone. A log group without a retention period keeps its events"
    .. " forever.",
  remediation = {
    console = "CloudWatch > Logs > Log groups > choose the group > Actions > Edit retention"
      .. " setting > choose 1 year (365 days) or longer, or Never expire > Save.",
    cli = "aws logs put-retention-policy --region <region> --log-group-name <group>"
      .. " --retention-in-days 365",
    terraform = [[
resource "aws_cloudwatch_log_group" "example" {
  # ...
  retention_in_days = 365 # or 0: never expire
}]],
  },
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-16",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention",
    "https://docs.aws.amazon.com/config/latest/developerguide/cw-loggroup-retention-period-check.html",
  },
  texts = {
    ja = {
      title = "CloudWatch Logs のロググループがイベントを 1 年以上保持している",
      description = "リスク: 保持期間の短いロググループは、"
        .. "侵入が発見されるまでの一般的な期間 (平均で数か月) より前にイベントを削除するため、"
        .. "調査に必要な証拠が失われます。保持期間が設定されていないロググループは、"
        .. "イベントを無期限に保持します。"
        .. "対策: すべてのロググループの保持期間を 365 日以上にするか、「失効しない」にします。",
      remediation = {
        console = "CloudWatch > ログ > ロググループ > ロググループを選択 > アクション > "
          .. "保持設定を編集 > 1 年 (365 日) 以上、または「失効しない」を選択 > 保存",
        terraform = [[
resource "aws_cloudwatch_log_group" "example" {
  # ...
  retention_in_days = 365 # または 0: 失効しない
}]],
      },
    },
  },
  messages = messages,
  compliance = require("compliance").of("logs-log-group-retention"),
  params = {
    min_retention_days = {
      default = 365,
      description = "The fewest days a log group must keep its events (Security Hub allows"
        .. " 365, 400, 545, 731, 1827 or 3653 for CloudWatch.16). No retention period (never"
        .. " expire) always passes.",
    },
  },
  check = function(snapshot, params)
    local min_days, keeps_passes = params.min_retention_days, trailscan.keeps_passes
    local keeps_fails = trailscan.keeps_fails
    local pass, fail = pass, fail -- (globals: a lookup each)
    local said = {} -- retention -> judged's verdict and message, for this account
    local names = loggroups.names() -- name -> fixes.q(name) or false (loggroups.names)
    local regions = answers.regions(snapshot)
    -- Numeric loops: ipairs is a C call per item, and a region holds
    -- thousands of groups (the loader checked the list is an array).
    for ri = 1, #regions do
      local region = regions[ri]
      local groups, complete, why = loggroups.list(snapshot, region)
      if not groups then
        review_region(snapshot, params, region, snapshot.regions[region], complete)
      else
        -- rg: made when the first group needs more than a glance; head,
        -- fix_head, fix_tail, row: its fields, for the failing groups.
        local rg, head, fix_head, fix_tail, row = nil, nil, nil, nil, nil
        -- Each group's name and retention, as plain lists: reading them
        -- from every group would be two calls a group, and a region holds
        -- thousands.  The loader checked each group against the AWS model
        -- (snapshot_shapes.c): an object whose logGroupName is a string and
        -- retentionInDays a number, each when present; so no type() here.
        local names_of, days_of = trailscan.columns(groups, "logGroupName", "retentionInDays")
        for i = 1, #groups do
          local name = names_of[i]
          if name ~= nil then
            local days = days_of[i]
            if keeps_passes then
              rg = rg or region_of(snapshot, region, min_days, said, names)
              judge(rg, groups[i], name, days)
            elseif days == nil or days >= min_days then
              -- Most groups pass; when no report shows passes, only count
              -- them (loggroups.verdict's pass, at a glance: no call).
              pass()
            elseif not keeps_fails then
              -- Likewise a failing group (a retention below the minimum:
              -- loggroups.verdict's fail) when no report shows its details.
              fail()
            else
              if not rg then
                rg = region_of(snapshot, region, min_days, said, names)
                head, fix_head, fix_tail, row = rg.head, rg.fix_head, rg.fix_tail, rg.row
              end
              local g, s = groups[i], said[days]
              if s then
                -- A failing group whose retention the account has seen:
                -- judge's last lines, named() inline: for a kept name no
                -- call but fail (which copies what it keeps, so one table
                -- serves each failing group in turn).
                local qn = names[name]
                if qn == nil then qn = loggroups.name(name) end
                local group_arn = g.logGroupArn
                if not (qn and head and group_arn == head .. name) then
                  group_arn = loggroups.arn(snapshot, region, g)
                end
                row.resource, row.node = group_arn, g
                row.fix = fix_head .. (qn or q(name)) .. fix_tail
                row.message = s[2] .. name .. s[3]
                fail(row)
              else
                judge(rg, g, name, days)
              end
            end
          end
        end
        if not complete then
          review_region(snapshot, params, region, snapshot.regions[region], why)
        end
      end
    end
  end,
}

-- Every CloudWatch alarm of a snapshot, region by region, for the rules
-- that judge alarms themselves (Security Hub CloudWatch.15, .17).
--
--   local alarms = require("alarms")
--   alarms.each(snapshot, what, judge)
--       judge(region, alarm, kind) for every MetricAlarms and CompositeAlarms
--       entry of DescribeAlarms (kind "metric" or "composite"); one review
--       per region whose DescribeAlarms is absent or failed ("could not
--       decide whether the alarms of <region> <what>"); what: a key of
--       alarms.messages ("have_actions", "actions_enabled").
--   alarms.arn(snapshot, region, alarm)   the alarm's ARN (AlarmArn, or made)
--   alarms.list(v)   the strings of an actions list

local answers = require("answers")
local fixes = require("fixes")

local alarms = {}

-- The review's messages, by language (rules/lib/i18n.lua); the rules that
-- use this module add them to their own catalogues (alarms.with).
alarms.messages = {
  en = {
    have_actions = "have actions",
    actions_enabled = "have their actions enabled",
    undecided = "Could not decide whether the CloudWatch alarms of {region} {what}: {why}.",
  },
  ja = {
    have_actions = "アクションがある",
    actions_enabled = "アクションが有効になっている",
    undecided = "{region} の CloudWatch アラームについて、{what}かどうかを判定できません: {why}。",
  },
}
local say = require("i18n").catalogue(alarms.messages)

-- A rule's catalogue with this module's messages added (the rule's keys
-- must not clash with them).
function alarms.with(messages)
  local out = {}
  for lang, own in pairs(messages) do
    local merged = {}
    for k, v in pairs(alarms.messages[lang] or {}) do merged[k] = v end
    for k, v in pairs(own) do
      assert(merged[k] == nil, "message key clashes with alarms.lua's: " .. k)
      merged[k] = v
    end
    out[lang] = merged
  end
  return out
end

function alarms.arn(snapshot, region, alarm)
  if type(alarm.AlarmArn) == "string" then return alarm.AlarmArn end
  return string.format("arn:%s:cloudwatch:%s:%s:alarm:%s", snapshot.partition, region,
                       snapshot.account_id, tostring(alarm.AlarmName))
end

function alarms.list(v)
  local out = {}
  for _, x in ipairs(type(v) == "table" and v or {}) do
    if type(x) == "string" then out[#out + 1] = x end
  end
  return out
end

-- The kinds of alarm, in the order judged, and the list of each.
local KINDS = {"metric", "composite"}
local LISTS = {metric = "MetricAlarms", composite = "CompositeAlarms"}

function alarms.each(snapshot, what, judge)
  -- Regions and alarms are walked by index (ipairs makes a C call per
  -- step; a snapshot list's # is its length, nulls counted).
  local regions = answers.regions(snapshot)
  for r = 1, #regions do
    local region = regions[r]
    local resp, why = answers.get(snapshot, region, "cloudwatch", "DescribeAlarms")
    if not resp then
      review{resource = string.format("arn:%s:cloudwatch:%s:%s:alarm:*", snapshot.partition,
                                      region, snapshot.account_id),
             region = region, node = snapshot.regions[region],
             fix = "aws cloudwatch describe-alarms --region " .. fixes.q(region),
             message = say("undecided", {region = region, why = why,
                                          what = alarms.messages.en[what] and say(what) or what})}
    else
      for k = 1, #KINDS do
        local kind = KINDS[k]
        local list = resp[LISTS[kind]]
        if type(list) == "table" then
          for i = 1, #list do
            local alarm = list[i]
            if type(alarm) == "table" and type(alarm.AlarmName) == "string" then
              judge(region, alarm, kind)
            end
          end
        end
      end
    end
  end
end

return alarms

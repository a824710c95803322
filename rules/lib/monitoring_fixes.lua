-- The fixes of the CIS monitoring controls (lib/monitoring.lua judges the
-- chain): AWS CLI commands filled in with an account's own names, and the
-- remediation (console, AWS CLI, Terraform) every CIS alarm rule shows.
--
--   local mfix = require("monitoring_fixes")
--   ctx: {snapshot = ..., a = account.of(snapshot), spec = the rule's spec}
--   mfix.filter_and_alarm(ctx, region, group [, filter_name])
--   mfix.filter(ctx, region, group, filter_name, metric, namespace)
--   mfix.alarm(ctx, region, alarm_name, metric, namespace)  (and its topic)
--   mfix.repair(a, candidate, group, judged)  the steps that repair or create
--                                          the trail (group: arn.log_group of the
--                                          candidate's log group ARN; judged:
--                                          the snapshot judged, whose trails'
--                                          selectors are read once, or nil)
--   mfix.trail(ctx, repair, chain_ok)      those steps, then filter and alarm
--   mfix.enable_actions(region, alarm_name), mfix.subscribe(region, topic)
--   mfix.read_trails(), mfix.read_trail(t), mfix.read_trail_state(t),
--   mfix.read_filters(region, group [, owner]), mfix.read_alarms(region),
--   mfix.read_subscriptions(region, topic)   what to read for a review
--   mfix.remediation(spec)                 the rule's remediation text
--   mfix.remediation_ja(spec)              its console steps in Japanese

local selectors = require("selectors")
-- Shell quoting, memoised (CIS patterns and log group names come back for
-- every account).
local fixes = require("fixes")
local shq = fixes.q

local M = {}

-- The fixes' comments, by language (rules/lib/i18n.lua).
local say = require("i18n").catalogue{
  en = {
    confirm = "then confirm the subscription from the email",
    selectors = "this replaces the trail's selectors: list its data event selectors too",
    in_account = "in account {account}",
  },
  ja = {
    confirm = "その後、届いたメールからサブスクリプションを確認してください",
    selectors = "証跡のセレクターはすべて置き換えられます。"
      .. "データイベントのセレクターも一緒に指定してください",
    in_account = "アカウント {account} で実行してください",
  },
}

-- The namespace the fixes put the CIS metrics in.
local NAMESPACE = "CISBenchmark"

local function join(list, sep)
  return table.concat(list, sep or "; ")
end

---------------------------------------------------------------------------
-- Topics

-- A topic of the region with a confirmed subscription, if the snapshot shows one.
local function find_confirmed_topic(snapshot, region)
  local r = snapshot.regions and snapshot.regions[region]
  local subs = r and r.sns and r.sns.ListSubscriptionsByTopic
  for topic, resp in pairs(subs or {}) do
    local list = type(resp) == "table" and resp.Subscriptions
    for _, s in ipairs(type(list) == "table" and list or {}) do
      local sa = type(s) == "table" and s.SubscriptionArn
      if type(sa) == "string" and sa:sub(1, 4) == "arn:" then
        return topic
      end
    end
  end
  return nil
end

-- Every failing control of an account asks for the same regions' topics:
-- found once per account (keyed by the snapshot, by identity, and replaced
-- in one assignment; it holds snapshot strings only).
local topics_of, topics = nil, {}

local function confirmed_topic_in(snapshot, region)
  if topics_of ~= snapshot then
    topics_of, topics = snapshot, {}
  end
  local hit = topics[region]
  if hit == nil then
    hit = find_confirmed_topic(snapshot, region) or false
    topics[region] = hit
  end
  return hit or nil
end

-- The topic ARN to use, and the commands that create it when needed (a
-- list, to go first in the fix's chain).
local function topic_for_fix(ctx, region)
  local t = confirmed_topic_in(ctx.snapshot, region)
  if t then return t, {} end
  local topic = string.format("arn:%s:sns:%s:%s:cis-alarms", ctx.a.partition, region, ctx.a.id)
  return topic, {string.format("aws sns create-topic --region %s --name cis-alarms", region),
                 M.subscribe(region, topic)}
end

---------------------------------------------------------------------------
-- Filters and alarms

-- A filter command is its head (region and group) and its tail (filter
-- name, metric and pattern); an alarm command, its region, its middle (all
-- but the topic it notifies) and the topic.  A control's own tail and
-- middle are made once, while its rule file loads (M.remediation), and
-- kept by its spec (the rule's own table: a strong key, as the sandbox
-- wants): every failing control of every account asks for them.
local function filter_tail(filter_name, metric, namespace, pattern)
  return string.format(" --filter-name %s --metric-transformations"
                       .. " metricName=%s,metricNamespace=%s,metricValue=1 --filter-pattern %s",
                       shq(filter_name), metric, namespace, shq(pattern))
end

local function filter_cmd(region, group, tail)
  return string.format("aws logs put-metric-filter --region %s --log-group-name %s%s", region,
                       shq(group), tail)
end

local function alarm_middle(alarm_name, metric, namespace)
  return string.format(" --alarm-name %s --metric-name %s --namespace %s --statistic Sum"
                       .. " --period 300 --evaluation-periods 1 --threshold 1"
                       .. " --comparison-operator GreaterThanOrEqualToThreshold"
                       .. " --treat-missing-data notBreaching --alarm-actions ",
                       shq(alarm_name), shq(metric), shq(namespace))
end

local function alarm_with(region, middle, topic)
  return string.format("aws cloudwatch put-metric-alarm --region %s%s%s", region, middle, topic)
end

local spec_parts = {} -- spec -> {its filter tail, its alarm middle}

function M.filter(ctx, region, group, filter_name, metric, namespace)
  return filter_cmd(region, group, filter_tail(filter_name, metric, namespace,
                                               ctx.spec.references[1].pattern))
end

local function alarm_cmd(region, alarm_name, metric, namespace, topic)
  return alarm_with(region, alarm_middle(alarm_name, metric, namespace), topic)
end

-- An alarm on an existing metric, notifying a topic (made when needed).
function M.alarm(ctx, region, alarm_name, metric, namespace)
  local topic, steps = topic_for_fix(ctx, region)
  steps[#steps + 1] = alarm_cmd(region, alarm_name, metric, namespace, topic)
  return fixes.chain(steps)
end

-- M.filter_and_alarm, made whole.
local function filter_and_alarm(ctx, region, group, filter_name)
  local topic, steps = topic_for_fix(ctx, region)
  local spec = ctx.spec
  steps[#steps + 1] = M.filter(ctx, region, group, filter_name or spec.filter_name,
                               spec.metric_name, NAMESPACE)
  steps[#steps + 1] = alarm_cmd(region, spec.alarm_name, spec.metric_name, NAMESPACE, topic)
  return fixes.chain(steps)
end

-- Every failing control of an account asks for a fix that is the same
-- but for the control's own commands (its filter and alarm, which carry
-- its names and CIS pattern): the rest (the topic's steps, the trail's
-- repair) is chained once per account with MARK where those commands go,
-- and split there; each control's commands are joined in.  That is the
-- chain itself when the control's commands hold no comment (fixes.note,
-- which the chain moves to the end) and neither start nor end with a
-- space (which would join a comment marker beside them); else, or when a
-- name holds MARK, the whole chain is made again.  MARK overlaps no copy
-- of itself, so found once it is the one put there.
local MARK = "\0\1"
local COMMENT = fixes.note("", "")

local function halves_of(line)
  local at = string.find(line, MARK, 1, true)
  if not at or string.find(line, MARK, at + #MARK, true) then return false end
  return {string.sub(line, 1, at - 1), string.sub(line, at + #MARK)}
end

-- Kept per account (ctx.a, by identity: account.of's table, one per
-- account judged), by key1 and key2.
local halves_for, kept_halves = nil, {}

local function kept(ctx, key1, key2, build, ...)
  if not rawequal(halves_for, ctx.a) then
    halves_for, kept_halves = ctx.a, {}
  end
  local by_key = kept_halves[key1]
  if not by_key then
    by_key = {}
    kept_halves[key1] = by_key
  end
  local h = by_key[key2]
  if h == nil then
    h = build(...)
    by_key[key2] = h
  end
  return h
end

-- The topic's steps around the control's commands, and the topic: {before,
-- after, topic}, or false.
local function topic_halves(ctx, region)
  local topic, steps = topic_for_fix(ctx, region)
  steps[#steps + 1] = MARK
  local h = halves_of(fixes.chain(steps))
  if h then h[3] = topic end
  return h
end

-- The fix of halves h (a string region, as halves are made only for one)
-- with the control's own commands (filter, then alarm notifying h's topic)
-- between them, or nil when those cannot be joined there (above).  Joined
-- as fixes.chain would join them, with no chain: commands without COMMENT
-- joined by " && ", neither with a comment to move; with COMMENT they are
-- refused either way (one search of the joined text, where the chain
-- searched each command and then the whole again).  A control's commands
-- with its own tail and middle are joined in the one concatenation that
-- makes the fix (every failing control of every account comes here), and
-- searched there: from where they start, a COMMENT that ends before they
-- do.
local find, byte = string.find, string.byte

local function with_own(ctx, h, region, group, filter_name)
  local spec = ctx.spec
  local parts = spec_parts[spec]
  local before, after = h[1], h[2]
  local text
  if parts and (filter_name == nil or filter_name == spec.filter_name) then
    text = before .. "aws logs put-metric-filter --region " .. region .. " --log-group-name "
      .. shq(group) .. parts[1] .. " && aws cloudwatch put-metric-alarm --region " .. region
      .. parts[2] .. h[3] .. after
  else
    text = before .. M.filter(ctx, region, group, filter_name or spec.filter_name,
                              spec.metric_name, NAMESPACE)
      .. " && " .. alarm_cmd(region, spec.alarm_name, spec.metric_name, NAMESPACE, h[3]) .. after
  end
  local first, last = #before + 1, #text - #after -- the control's commands
  local at = find(text, COMMENT, first, true)
  if (at and at + #COMMENT - 1 <= last) or byte(text, first) == 32 or byte(text, last) == 32 then
    return nil
  end
  return text
end

-- Filter and alarm, from scratch, on a known log group.
function M.filter_and_alarm(ctx, region, group, filter_name)
  local h = type(region) == "string" and kept(ctx, ctx.snapshot, region, topic_halves, ctx, region)
  local fix = h and with_own(ctx, h, region, group, filter_name)
  if fix then return fix end
  return filter_and_alarm(ctx, region, group, filter_name)
end

function M.enable_actions(region, alarm_name)
  return string.format("aws cloudwatch enable-alarm-actions --region %s --alarm-names %s",
                       region, shq(alarm_name))
end

function M.subscribe(region, topic)
  return fixes.note(string.format("aws sns subscribe --region %s --topic-arn %s --protocol"
                                  .. " email --notification-endpoint %s",
                                  region, topic, fixes.placeholders("<security-team-email>")),
                    say("confirm"))
end

---------------------------------------------------------------------------
-- The trail

-- The role CloudTrail needs to write to CloudWatch Logs.
local function trail_role(a)
  return string.format("arn:%s:iam::%s:role/%s", a.partition, a.id,
                       fixes.placeholders("<role CloudTrail assumes to write to CloudWatch Logs>"))
end

-- The steps that repair the account's own trail t (only the links it
-- lacks; existing: the log group it delivers to, parsed): the commands,
-- and the log group it will deliver to.
local function repair_trail(a, t, existing, steps, judged)
  local region, name = t.home, shq(t.name)
  local options, group = {}, nil
  if not t.multi_region then
    options[#options + 1] = "--is-multi-region-trail"
  end
  if existing and existing.account == a.id then
    group = existing.name
  else
    group = "aws-cloudtrail-logs-" .. a.id
    steps[#steps + 1] = string.format("aws logs create-log-group --region %s --log-group-name %s",
                                      region, group)
    options[#options + 1] = string.format("--cloud-watch-logs-log-group-arn"
                                          .. " arn:%s:logs:%s:%s:log-group:%s:*"
                                          .. " --cloud-watch-logs-role-arn %s", a.partition,
                                          region, a.id, group, trail_role(a))
  end
  if #options > 0 then
    steps[#steps + 1] = string.format("aws cloudtrail update-trail --region %s --name %s %s",
                                      region, name, join(options, " "))
  end
  if t.selectors then
    local m = selectors.management(t.selectors, judged)
    if not (m.read and m.write) then
      steps[#steps + 1] = fixes.note(string.format(
        "aws cloudtrail put-event-selectors --region %s --trail-name %s --event-selectors"
          .. " '[{\"ReadWriteType\":\"All\",\"IncludeManagementEvents\":true}]'",
        region, name), say("selectors"))
    end
  end
  if t.logging == false then
    steps[#steps + 1] = string.format("aws cloudtrail start-logging --region %s --name %s",
                                      region, name)
  end
  return group
end

-- A new multi-region trail delivering to a new log group.
local function create_trail(a, steps)
  local region = "<region>"
  local group = "aws-cloudtrail-logs-" .. a.id
  steps[#steps + 1] = string.format("aws logs create-log-group --region %s --log-group-name %s",
                                    region, group)
  steps[#steps + 1] = string.format(
    "aws cloudtrail create-trail --region %s --name account-trail --s3-bucket-name "
      .. fixes.placeholders("<log bucket>") .. " --is-multi-region-trail --cloud-watch-logs-log-group-arn"
      .. " arn:%s:logs:%s:%s:log-group:%s:* --cloud-watch-logs-role-arn %s",
    region, a.partition, region, a.id, group, trail_role(a))
  steps[#steps + 1] = string.format("aws cloudtrail start-logging --region %s --name"
                                    .. " account-trail", region)
  return group
end

-- No qualifying trail: repair the account's own trail if it has one (only the
-- links it lacks), else create one: {steps, region, group} (the log group
-- it will deliver to).  The same for every control (M.trail adds the
-- control's filter and alarm).
function M.repair(a, candidate, existing, judged)
  local steps = {}
  local region, group
  if candidate then
    region, group = candidate.home, repair_trail(a, candidate, existing, steps, judged)
  else
    region, group = "<region>", create_trail(a, steps)
  end
  return {steps = steps, region = region, group = group}
end

-- M.trail, made whole.
local function trail(ctx, repair, chain_ok)
  local steps = {}
  for i, step in ipairs(repair.steps) do steps[i] = step end
  if not chain_ok then
    steps[#steps + 1] = filter_and_alarm(ctx, repair.region, repair.group)
  end
  return fixes.chain(steps)
end

-- The repair's steps and the topic's around the control's commands, and
-- the topic: {before, after, topic}, or false (halves_of).
local function trail_halves(ctx, repair)
  local t = type(repair.region) == "string" and kept(ctx, ctx.snapshot, repair.region,
                                                    topic_halves, ctx, repair.region)
  if not t then return false end
  local steps = {}
  for i, step in ipairs(repair.steps) do steps[i] = step end
  steps[#steps + 1] = t[1] .. MARK .. t[2]
  local h = halves_of(fixes.chain(steps))
  if h then h[3] = t[3] end
  return h
end

-- The trail's repair (M.repair), then filter and alarm unless the rest of
-- the chain already holds for it (chain_ok).
function M.trail(ctx, repair, chain_ok)
  if not chain_ok then
    local h = kept(ctx, repair, ctx.snapshot, trail_halves, ctx, repair)
    local fix = h and with_own(ctx, h, repair.region, repair.group, nil)
    if fix then return fix end
  end
  return trail(ctx, repair, chain_ok)
end

---------------------------------------------------------------------------
-- What to read again when the snapshot could not decide

function M.read_trails()
  return "aws cloudtrail describe-trails --include-shadow-trails"
end

function M.read_trail(t)
  return string.format("aws cloudtrail get-trail --region %s --name %s", t.home, shq(t.name))
end

function M.read_trail_state(t)
  return string.format("aws cloudtrail get-trail-status --region %s --name %s && aws"
                       .. " cloudtrail get-event-selectors --region %s --trail-name %s",
                       t.home, shq(t.name), t.home, shq(t.name))
end

-- owner: the account that holds the group, when it is not this one.
function M.read_filters(region, group, owner)
  -- Said for every control of every account whose chain stops at the log
  -- group: a concatenation when region is a string, as it always is.
  local cmd
  if type(region) == "string" then
    cmd = "aws logs describe-metric-filters --region " .. region .. " --log-group-name "
      .. shq(group)
  else
    cmd = string.format("aws logs describe-metric-filters --region %s --log-group-name %s",
                        region, shq(group))
  end
  if owner then
    return fixes.note(cmd, say("in_account", {account = owner}))
  end
  return cmd
end

function M.read_alarms(region)
  return string.format("aws cloudwatch describe-alarms --region %s", region)
end

function M.read_subscriptions(region, topic)
  return string.format("aws sns list-subscriptions-by-topic --region %s --topic-arn %s",
                       region, topic)
end

---------------------------------------------------------------------------
-- The remediation every CIS alarm rule shows (console, AWS CLI, Terraform),
-- from its spec: the CIS pattern, filter, metric and alarm names.

local function terraform(spec, pattern)
  local tf = spec.alarm_name:gsub("-", "_")
  return string.format([=[
resource "aws_cloudwatch_log_metric_filter" "%s" {
  name           = "%s"
  log_group_name = "<trail log group>"
  pattern        = "%s"
  metric_transformation {
    name      = "%s"
    namespace = "%s"
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "%s" {
  alarm_name          = "%s"
  metric_name         = aws_cloudwatch_log_metric_filter.%s.metric_transformation[0].name
  namespace           = aws_cloudwatch_log_metric_filter.%s.metric_transformation[0].namespace
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = ["<SNS topic ARN with a confirmed subscription>"]
}]=], tf, spec.filter_name, pattern:gsub('\\', '\\\\'):gsub('"', '\\"'), spec.metric_name,
    NAMESPACE, tf, spec.alarm_name, tf, tf)
end

function M.remediation(spec)
  local pattern = spec.references[1].pattern
  if not spec_parts[spec] then
    spec_parts[spec] = {filter_tail(spec.filter_name, spec.metric_name, NAMESPACE, pattern),
                        alarm_middle(spec.alarm_name, spec.metric_name, NAMESPACE)}
  end
  return {
    console = "CloudWatch > Log groups > the log group of an active multi-region trail that "
      .. "logs all management events > Actions > Create metric filter with the CIS "
      .. "pattern (metric namespace " .. NAMESPACE .. ", metric name " .. spec.metric_name
      .. ", value 1); then create an alarm on that metric (Sum >= 1 over 5 minutes) whose"
      .. " action notifies an SNS topic with at least one confirmed subscription.",
    cli = "aws logs put-metric-filter --log-group-name <trail log group>"
      .. " --filter-name " .. spec.filter_name .. " --metric-transformations"
      .. " metricName=" .. spec.metric_name .. ",metricNamespace=" .. NAMESPACE
      .. ",metricValue=1 --filter-pattern '" .. pattern .. "'"
      .. " && aws cloudwatch put-metric-alarm --alarm-name " .. spec.alarm_name
      .. " --metric-name " .. spec.metric_name .. " --namespace " .. NAMESPACE
      .. " --statistic Sum --period 300 --evaluation-periods 1 --threshold 1"
      .. " --comparison-operator GreaterThanOrEqualToThreshold"
      .. " --alarm-actions <SNS topic ARN with a confirmed subscription>",
    terraform = terraform(spec, pattern),
  }
end

-- The same console steps in Japanese (the rule's texts.ja.remediation), with
-- the labels of the Japanese console; the CLI and Terraform are the English
-- ones with their <placeholders> in Japanese.
function M.remediation_ja(spec)
  local en = M.remediation(spec)
  return {
    cli = fixes.placeholders_ja(en.cli),
    terraform = fixes.placeholders_ja(en.terraform),
    console = "CloudWatch > ログ > ロググループ > "
      .. "すべての管理イベントを記録するログ記録中のマルチリージョン証跡の配信先ロググループを選択 "
      .. "> メトリクスフィルター > メトリクスフィルターを作成 > "
      .. "フィルターパターンに CIS のパターンを指定し、"
      .. string.format("メトリクス名前空間 %s、メトリクス名 %s、", NAMESPACE, spec.metric_name)
      .. "メトリクス値 1 を設定 > メトリクスフィルターを作成。"
      .. "次に、CloudWatch の「アラーム」>「アラームの作成」で、"
      .. "このメトリクスの合計が 5 分間に 1 以上になったときのアラームを作成し、"
      .. "通知先に確認済みのサブスクリプションが 1 つ以上ある SNS トピックを指定します "
      .. "(SNS の「トピック」> トピックを選択 >「サブスクリプションの作成」で通知先を追加し、"
      .. "届いたメールから確認します)。",
  }
end

return M

-- The CIS monitoring controls (Security Hub CloudWatch.1-14, CIS 4.15): one
-- account-level judgment per control, following the CIS audit procedure.
--
--   require("monitoring").judge(snapshot, params, spec)
--
-- The chain that must hold, every link checked:
--   1. a trail that is multi-region, logging (IsLogging in its home region),
--      logs all read and write management events (selectors.management) and
--      delivers to CloudWatch Logs (CloudWatchLogsLogGroupArn; the group's
--      name and region come from that ARN);
--   2. a metric filter on that log group (DescribeMetricFilters of the
--      group's region, logGroupName equal) whose pattern matches at least
--      every event one of the control's accepted CIS patterns matches
--      (filter_pattern.covers: by meaning, not by text);
--   3. an alarm in the same region (DescribeAlarms) on the filter's metric:
--      MetricName and Namespace of a metricTransformations entry, on the
--      alarm itself or in a metric-math alarm's Metrics[].MetricStat.Metric,
--      with the same dimension names, and actions not disabled;
--   4. among the alarm's AlarmActions an SNS topic whose
--      ListSubscriptionsByTopic (stored in the topic's region, keyed by its
--      ARN) lists a confirmed subscription (SubscriptionArn is an ARN, not
--      "PendingConfirmation").
-- One result per control, on "AWS::::Account:<id>": pass when some chain
-- holds; review when none holds but one might, had the snapshot had the
-- data (denied or absent calls, an unreadable topic, a log group in another
-- account); fail otherwise, saying which link is missing and carrying a
-- `fix` with the AWS CLI commands for this account (lib/monitoring_fixes.lua
-- writes them, and the rules' remediation text).
--
-- spec (from the rule file):
--   what         "usage of the root user" (for messages)
--   what_ja      "ルートユーザーの使用" (for Japanese messages; what when absent)
--   references   list of {pattern = "...", source = "..."}: the CIS texts a
--                filter may cover; the first is the one the fix installs
--   filter_name, metric_name, alarm_name   names used in the fix

local account = require("account")
local arn = require("arn")
local facts = require("facts")
local org = require("org")
local trails = require("trails")
local selectors = require("selectors")
local fp = require("filter_pattern")
local mfix = require("monitoring_fixes")

local M = {}

-- The findings' messages, by language (rules/lib/i18n.lua); the CIS alarm
-- rules return this table as their `messages`, so the engine checks it.
-- {trail}, {why}, {error}, {source}, {file}, {settles} hold what other
-- modules say (trails, account, org).  Lists: {list_sep}; sentences or
-- clauses in a row: {sep}.
M.messages = {
  en = {
    list_sep = ", ",
    sep = "; ",
    list_failed = "{op} in {region} failed: {error}",
    list_absent = "{op} for {region} is not in the snapshot",
    -- Why a trail does not count: "trail 'a' is not multi-region and is not logging".
    p_not_multi_region = "is not multi-region",
    p_not_logging = "is not logging",
    p_no_logs = "does not deliver to CloudWatch Logs",
    p_management = "does not log all {what} management events{notes}",
    events_write = "write",
    events_read = "read",
    events_both = "read and write",
    trail_no = "trail {trail} {problems}",
    status_unknown = "whether trail {trail} is logging is unknown: {why}",
    selectors_unknown = "whether trail {trail} logs all management events is unknown: {why}",
    too_many = "too many or too complex metric filters to compare them all",
    transformed = "metric filter '{filter}' applies to transformed logs, whose fields may"
      .. " differ from CloudTrail's",
    json_unread = "metric filter '{filter}' has a JSON pattern this check cannot read"
      .. " ({error}); it may match the CIS events",
    not_compared = "metric filter '{filter}' could not be compared: {why}",
    -- What a filter meant for the control lacks.
    miss_parse = "its pattern is not compared ({error})",
    miss_only_when = "it matches the CIS terms only when also {condition}",
    miss_term_when = "({term}) only when also {condition}",
    miss_term = "({term})",
    miss_not_match = "it does not match {terms}",
    miss_narrowed = "it matches {terms}",
    miss_more = " (and {count} more)",
    -- An alarm on a covering filter's metric.
    alarm_head = "alarm '{alarm}'{of} watches {metric} (metric filter '{filter}' on log group"
      .. " '{group}', {region}{by})",
    alarm_of = " of {source}",
    topic_of = " of {source}",
    filter_at = " ({at})",
    alarm_by = ", where trail {trail} delivers",
    p_actions_disabled = "its actions are disabled",
    p_no_topic = "none of its alarm actions is an SNS topic",
    p_topic = "it notifies SNS topic {topic}, which {detail}",
    alarm_topic = "{head} and notifies SNS topic {topic}, which {detail}",
    alarm_problems = "{head}, but {problems}",
    topic_unknown = "{head} and notifies SNS topic {topic}, whose subscriptions are unknown:"
      .. " {why}",
    topic_no_subscriptions = "has no subscriptions",
    topic_pending = "has only subscriptions pending confirmation ({count})",
    topic_unconfirmed = "has no confirmed subscription",
    -- The same, as the end of a sentence (one problem only).
    topic_no_subscriptions_end = "has no subscriptions",
    topic_pending_end = "has only subscriptions pending confirmation ({count})",
    topic_unconfirmed_end = "has no confirmed subscription",
    topic_elsewhere = "{file}; {settles}",
    other_dimensions = "alarm '{alarm}' watches {metric} with other dimensions",
    other_namespace = "alarm '{alarm}' watches {metric} in namespace '{namespace}', not"
      .. " '{expected}'",
    no_alarm = "metric filter '{filter}' on log group '{group}' ({region}) covers the CIS"
      .. " pattern, but no alarm watches its metric {metric}",
    no_alarm_others = "{message} ({others})",
    alarms_unknown = "metric filter '{filter}' on log group '{group}' covers the CIS pattern,"
      .. " but its alarms are unknown: {why}",
    no_metric = "metric filter '{filter}' on log group '{group}' ({region}) covers the CIS"
      .. " pattern, but publishes no metric",
    alarms_partial = "metric filter '{filter}' on log group '{group}' covers the CIS pattern,"
      .. " but DescribeAlarms in {region} is incomplete: {error}",
    -- The filters of the trail's log group.
    no_filters = "log group '{group}' ({region}), where trail {trail} delivers, has no metric"
      .. " filters",
    closest = "no metric filter on log group '{group}' ({region}), where trail {trail}"
      .. " delivers, matches every event of the CIS pattern: metric filter '{filter}': {why}",
    none_covers = "none of the {count} metric filters on log group '{group}' ({region}), where"
      .. " trail {trail} delivers, matches the CIS pattern or most of it",
    not_group_arn = "trail {trail} delivers to '{arn}', which is not a log group ARN",
    other_account = "trail {trail} delivers to log group '{group}' in account {account}, whose"
      .. " metric filters, alarms and topics are not in this snapshot",
    filters_unknown = "the metric filters of log group '{group}' (trail {trail}) are unknown:"
      .. " {why}",
    filters_partial = "DescribeMetricFilters in {region} is incomplete: {error}",
    -- Trails that do not count, or might.
    would_alarm = "{reason}, although its metric filter '{filter}', alarm '{alarm}' and SNS"
      .. " topic {topic} would alarm",
    beyond = "{reason}, and beyond it {failure}",
    and_reason = "{message}; and {reason}",
    would_but = "metric filter '{filter}', alarm '{alarm}' and SNS topic {topic} would alarm,"
      .. " but {reason}",
    -- The result.
    region_source = "{region}, {source}",
    pass = "Account {account} alarms on {what}: multi-region trail {trail} delivers to log"
      .. " group '{group}' ({where}), metric filter '{filter}'{filter_at} matches every event"
      .. " of the {source} pattern, alarm '{alarm}' watches {metric} and notifies SNS topic"
      .. " {topic}, which has a confirmed subscription.",
    maybe = "Could not decide whether account {account} alarms on {what}",
    review_why = "{maybe}: {why}.",
    review = "{maybe}: {reviews}.{also}{others}",
    also = " Also: {failure}.",
    others = " Trails that do not count: {trails}.",
    no = "Account {account} does not alarm on {what}",
    fail = "{no}: {failure}.{others}",
    no_trails = "the account has no trails",
    fail_trail = "{no}: no active multi-region trail that logs all management events delivers"
      .. " to CloudWatch Logs ({why}).",
    -- Evidence labels.
    ev_org_trail = "organisation trail",
    ev_trail = "trail",
    ev_filter = "metric filter",
    ev_filters = "metric filters of the region",
    ev_alarm = "CloudWatch alarm",
    ev_subscriptions = "SNS topic subscriptions",
  },
  ja = {
    list_sep = "、",
    sep = "。",
    list_failed = "{region} の {op} が失敗しました: {error}",
    list_absent = "{region} の {op} がスナップショットにありません",
    p_not_multi_region = "マルチリージョン証跡ではない",
    p_not_logging = "ログ記録が停止している",
    p_no_logs = "CloudWatch Logs に配信していない",
    p_management = "{what}の管理イベントをすべては記録していない{notes}",
    events_write = "書き込み",
    events_read = "読み取り",
    events_both = "読み取りと書き込み",
    trail_no = "証跡{trail}は対象外です ({problems})",
    status_unknown = "証跡{trail}がログ記録中かどうかを判定できません: {why}",
    selectors_unknown = "証跡{trail}がすべての管理イベントを記録しているかどうかを判定できません: "
      .. "{why}",
    too_many = "メトリクスフィルターが多すぎるか複雑すぎるため、すべてを比較できません",
    transformed = "メトリクスフィルター「{filter}」は変換後のログに適用されます。"
      .. "変換後のフィールドは CloudTrail のものと異なる場合があります",
    json_unread = "メトリクスフィルター「{filter}」の JSON "
      .. "パターンはこのチェックでは読み取れません ({error})。"
      .. "CIS のイベントに一致している可能性があります",
    not_compared = "メトリクスフィルター「{filter}」を比較できませんでした: {why}",
    miss_parse = "パターンを比較していません ({error})",
    miss_only_when = "CIS の条件に一致するのは、{condition} も満たす場合だけです",
    miss_term_when = "({term}) (追加の条件: {condition})",
    miss_term = "({term})",
    miss_not_match = "{terms} に一致しません",
    miss_narrowed = "このフィルターが次の条件のイベントに一致するのは、追加の条件も満たす場合だけです: "
      .. "{terms}",
    miss_more = " (ほか {count} 件)",
    alarm_head = "アラーム「{alarm}」{of}は、"
      .. "{by}ロググループ「{group}」({region}) のメトリクスフィルター「{filter}」のメトリクス "
      .. "{metric} を監視しています",
    alarm_of = "({source}) ",
    topic_of = " ({source})",
    filter_at = "({at}) ",
    alarm_by = "証跡{trail}の配信先である",
    p_actions_disabled = "アクションが無効になっている",
    p_no_topic = "アラームアクションに SNS トピックがない",
    p_topic = "通知先の SNS トピック {topic} に{detail}",
    alarm_topic = "{head}。ただし、通知先の SNS トピック {topic} には{detail}",
    alarm_problems = "{head}。ただし、次の問題があります: {problems}",
    topic_unknown = "{head}。通知先の SNS トピック {topic} のサブスクリプションは不明です: {why}",
    topic_no_subscriptions = "サブスクリプションがない",
    topic_pending = "確認待ちのサブスクリプション ({count} 件) しかない",
    topic_unconfirmed = "確認済みのサブスクリプションがない",
    topic_no_subscriptions_end = "サブスクリプションがありません",
    topic_pending_end = "確認待ちのサブスクリプション ({count} 件) しかありません",
    topic_unconfirmed_end = "確認済みのサブスクリプションがありません",
    topic_elsewhere = "{file}。{settles}",
    other_dimensions = "アラーム「{alarm}」は {metric} を別のディメンションで監視しています",
    other_namespace = "アラーム「{alarm}」が監視している {metric} の名前空間は「{namespace}」で、"
      .. "「{expected}」ではありません",
    no_alarm = "ロググループ「{group}」({region}) のメトリクスフィルター「{filter}」は CIS "
      .. "のパターンを網羅していますが、そのメトリクス {metric} を監視するアラームがありません",
    no_alarm_others = "{message} ({others})",
    alarms_unknown = "ロググループ「{group}」のメトリクスフィルター「{filter}」は CIS "
      .. "のパターンを網羅していますが、そのアラームは不明です: {why}",
    no_metric = "ロググループ「{group}」({region}) のメトリクスフィルター「{filter}」は CIS "
      .. "のパターンを網羅していますが、メトリクスを発行していません",
    alarms_partial = "ロググループ「{group}」のメトリクスフィルター「{filter}」は CIS "
      .. "のパターンを網羅していますが、{region} の DescribeAlarms の結果が不完全です: {error}",
    no_filters = "証跡{trail}の配信先であるロググループ「{group}」({region}) "
      .. "にメトリクスフィルターがありません",
    closest = "証跡{trail}の配信先であるロググループ「{group}」({region}) には、"
      .. "CIS のパターンのすべてのイベントに一致するメトリクスフィルターがありません。"
      .. "メトリクスフィルター「{filter}」: {why}",
    none_covers = "証跡{trail}の配信先であるロググループ「{group}」({region}) の {count} "
      .. "個のメトリクスフィルターは、どれも CIS のパターンの全体にも大部分にも一致しません",
    not_group_arn = "証跡{trail}の配信先 {arn} はロググループの ARN ではありません",
    other_account = "証跡{trail}はアカウント {account} "
      .. "のロググループ「{group}」に配信していますが、そのメトリクスフィルター、アラーム、"
      .. "トピックはこのスナップショットにありません",
    filters_unknown = "ロググループ「{group}」(証跡{trail}) のメトリクスフィルターは不明です: "
      .. "{why}",
    filters_partial = "{region} の DescribeMetricFilters の結果が不完全です: {error}",
    would_alarm = "{reason}。ただし、この証跡のメトリクスフィルター「{filter}」、"
      .. "アラーム「{alarm}」、SNS トピック {topic} は通知できる状態です",
    beyond = "{reason}。加えて、{failure}",
    and_reason = "{message}。また、{reason}",
    would_but = "メトリクスフィルター「{filter}」、アラーム「{alarm}」、"
      .. "SNS トピック {topic} は通知できる状態ですが、{reason}",
    region_source = "{region}、{source}",
    pass = "アカウント {account} には{what}を通知するアラームがあります: "
      .. "マルチリージョン証跡{trail}がロググループ「{group}」({where}) に配信し、"
      .. "メトリクスフィルター「{filter}」{filter_at}が {source} "
      .. "のパターンのすべてのイベントに一致し、アラーム「{alarm}」が {metric} を監視して、"
      .. "確認済みのサブスクリプションがある SNS トピック {topic} に通知します。",
    maybe = "アカウント {account} に{what}を通知するアラームがあるかどうかを判定できません",
    review_why = "{maybe}: {why}。",
    review = "{maybe}: {reviews}。{also}{others}",
    also = "また、{failure}。",
    others = "{trails}。",
    no = "アカウント {account} には{what}を通知するアラームがありません",
    fail = "{no}: {failure}。{others}",
    no_trails = "アカウントに証跡がありません",
    fail_trail = "{no}: すべての管理イベントを記録し、CloudWatch Logs に配信している、"
      .. "ログ記録中のマルチリージョン証跡がありません。{why}。",
    ev_org_trail = "組織の証跡",
    ev_trail = "証跡",
    ev_filter = "メトリクスフィルター",
    ev_filters = "リージョンのメトリクスフィルター",
    ev_alarm = "CloudWatch アラーム",
    ev_subscriptions = "SNS トピックのサブスクリプション",
  },
}
local say = require("i18n").catalogue(M.messages)

local MAX_LISTED = 6 -- missing terms named in a message

-- Clause pairs all pattern comparisons of one judgment may look at (about
-- 400 instructions each), well inside the rule's instruction budget even
-- for 100 filters of the largest patterns on one log group.
local BUDGET_PAIRS = 250000

---------------------------------------------------------------------------
-- Small helpers

local function join(list, sep)
  -- Most lists say one thing: that one is the text, with no library call.
  local n = #list
  if n == 1 and type(list[1]) == "string" then return list[1] end
  return table.concat(list, sep or "; ")
end

-- "a, b and c"; in Japanese "a、b、c"
local function join_and(list)
  if #list < 2 then return list[1] or "" end
  if trailscan.lang == "ja" then return table.concat(list, say("list_sep")) end
  return table.concat(list, ", ", 1, #list - 1) .. " and " .. list[#list]
end

-- "us-east-1", or "us-east-1, file:line" for a table of another account's
-- snapshot (the place that decided it, named in the message); only a
-- chain in another account (ctx.owner) looks it up.
local function region_at(ctx, region, node)
  local where = ctx.owner and org.where(node)
  return where and say("region_source", {region = region, source = where}) or region
end

-- Every control of an account reads the same ARNs (alarm actions, topics,
-- log groups): parsed once, kept by text (a pure function of it).  The
-- parsed tables are shared, so this module only reads them and never
-- hands them out.  The memo lasts one account (M.judge starts it afresh):
-- what a control costs never depends on which accounts the same worker
-- judged before, so --jobs cannot change a budget.
local parsed_arns, nparsed, arns_of = {}, 0, nil

local function memo_arn(cache, parse, text)
  local hit = parsed_arns[cache] and parsed_arns[cache][text]
  if hit ~= nil then return hit or nil end
  local v = parse(text) or false
  if nparsed >= 2048 then parsed_arns, nparsed = {}, 0 end
  local by_text = parsed_arns[cache]
  if not by_text then
    by_text = {}
    parsed_arns[cache] = by_text
  end
  by_text[text] = v
  nparsed = nparsed + 1
  return v or nil
end

local function arn_fields(text)
  if type(text) ~= "string" then return nil end
  return memo_arn("arn", arn.parse, text)
end

local function log_group_of(text)
  if type(text) ~= "string" then return nil end
  return memo_arn("log_group", arn.log_group, text)
end

-- The region a topic's subscriptions are stored under (an ARN without
-- one is looked for under "", where nothing is stored).
local function topic_region(topic)
  return arn_fields(topic).region or ""
end

-- What every control of an account works out the same way (list
-- operations, trail states, compiled references) is worked out once per
-- account: this module is shared by the built-in rules (loaded once,
-- frozen).  The memo is keyed by the snapshot itself (a table key: found
-- by identity, so a table with an __eq of its own cannot pass for it) and
-- replaced in one assignment; it holds strings and snapshot tables, which
-- no rule can change, and this module's own tables, which it never hands
-- out.
-- The account's own snapshot and those of the accounts holding its log
-- group and topics (the organisation view) each have their entry, in
-- lib/facts.lua's memo of the account M.judge judges (which starts afresh
-- for a new account): one table, this module's, that M.judge looks up once
-- per account (every control of the account then reads it directly; the
-- first also keeps there the account and whether it lists trails).
local acct = nil -- kind -> key -> what was worked out, for the account judged

-- The account's memo, made at the size a judgment usually fills (its own
-- fields and the kinds worked out; nil fields only size the table), so it
-- is not grown and rehashed key by key.
local function new_table()
  return {account = nil, found = nil, why_not_found = nil, plan = nil, skeleton = nil,
          ["trail links"] = nil, DescribeAlarms = nil,
          ["metric filters by log group"] = nil, ["alarms by metric"] = nil,
          ["filter chains"] = nil, ["topic state"] = nil, beyond = nil, ["and reason"] = nil,
          words = nil, others = nil, also = nil, ["trail repair"] = nil}
end

-- The account's memo of one kind: a table by key.
local function account_memo(kind)
  local by_key = acct[kind]
  if not by_key then
    by_key = {}
    acct[kind] = by_key
  end
  return by_key
end

local function memo_of(snapshot, kind)
  local by_snapshot = account_memo(kind)
  local memo = by_snapshot[snapshot]
  if not memo then
    memo = {}
    by_snapshot[snapshot] = memo
  end
  return memo
end

-- A list operation of a region: the list, the `errors` entry, why not, and
-- the response that holds the list (the evidence for a missing item).
local function list_operation(snapshot, region, service, op, member, key)
  local r = snapshot.regions and snapshot.regions[region]
  local svc = r and r[service]
  local resp = svc and svc[op]
  local e = account.error_for(snapshot, region, service, op, key)
  local list = resp and resp[member]
  if list then
    return list, e, nil, resp
  end
  if e then
    return nil, e, say("list_failed", {op = op, region = region,
                                       error = account.describe_error(e)})
  end
  return nil, nil, say("list_absent", {op = op, region = region})
end

-- A region's alarms (DescribeAlarms), once per account and region: the
-- filters that cover a pattern there read them.  (A log group's metric
-- filters are listed once per account and trail, with its link.)
local function listing(snapshot, region, service, op, member, key)
  local memo = memo_of(snapshot, op)
  local by_region = memo[region]
  if not by_region then
    by_region = {}
    memo[region] = by_region
  end
  local hit = by_region[key or false]
  if not hit then
    hit = table.pack(list_operation(snapshot, region, service, op, member, key))
    by_region[key or false] = hit
  end
  return hit[1], hit[2], hit[3], hit[4]
end

local function count(list)
  local n = 0
  for _ in ipairs(list) do n = n + 1 end
  return n
end

-- The items of a snapshot list that are of one Lua type, skipping nulls
-- (trailscan.null) and anything else; a missing or malformed list is empty.
-- Stateless iterators: the loops of every control of every account make
-- no closure.
local NONE = {} -- never written

local function next_object(t, i)
  while true do
    i = i + 1
    local x = t[i]
    if x == nil then return nil end
    if type(x) == "table" then return i, x end
  end
end

local function next_string(t, i)
  while true do
    i = i + 1
    local x = t[i]
    if x == nil then return nil end
    if type(x) == "string" then return i, x end
  end
end

-- The objects of a snapshot list.
local function objects(v)
  return next_object, type(v) == "table" and v or NONE, 0
end

-- The strings of a snapshot list.
local function strings(v)
  return next_string, type(v) == "table" and v or NONE, 0
end

-- The metric filters of a region's listing on log group `name`, in the
-- listing's order: every control reads the same groups' filters, so the
-- listing is sorted by group once per account (names that are strings;
-- no other value equals a log group's name).
local function filters_on(snapshot, filters, name)
  -- Most regions have no filters: no index for them.
  if type(filters) ~= "table" or filters[1] == nil then return NONE end
  local index = memo_of(snapshot, "metric filters by log group")
  local by_group = index[filters]
  if not by_group then
    by_group = {}
    for _, f in objects(filters) do
      local group = f.logGroupName
      if type(group) == "string" then
        local list = by_group[group]
        if not list then
          list = {}
          by_group[group] = list
        end
        list[#list + 1] = f
      end
    end
    index[filters] = by_group
  end
  return by_group[name] or NONE
end

---------------------------------------------------------------------------
-- The trail link

-- "ok", "no" (and why) or "unknown" (and why) for trail t of the account
-- whose snapshot is judged (its management events read as the other
-- rules read them: once per account, lib/selectors.lua).
-- Every problem of the trail is named, so that one scan shows every fix.
local function trail_state(t, judged)
  local label = trails.label(t)
  local no = {}
  if not t.multi_region then no[#no + 1] = say("p_not_multi_region") end
  if t.logging == false then no[#no + 1] = say("p_not_logging") end
  local group_arn = t.trail.CloudWatchLogsLogGroupArn
  if type(group_arn) ~= "string" or group_arn == "" then
    no[#no + 1] = say("p_no_logs")
  end
  if t.selectors then
    local m = selectors.management(t.selectors, judged)
    if not (m.read and m.write) then
      local what = say((m.read and "events_write") or (m.write and "events_read") or "events_both")
      local notes = #m.notes > 0 and (" (" .. join(m.notes, say("sep")) .. ")") or ""
      no[#no + 1] = say("p_management", {what = what, notes = notes})
    end
  end
  if #no > 0 then
    return "no", say("trail_no", {trail = label, problems = join_and(no)})
  end
  if t.logging == nil then
    return "unknown", say("status_unknown", {trail = label, why = t.status_missing})
  end
  if not t.selectors then
    return "unknown", say("selectors_unknown", {trail = label, why = t.selectors_missing})
  end
  return "ok"
end

---------------------------------------------------------------------------
-- Filters, alarms, topics

-- A control's compiled references.  M.remediation compiles them while the
-- rule file loads, which every worker does alike; a spec that did not come
-- through it has them compiled once per account (never once per worker,
-- which would charge the work to whichever account came first).
-- Keyed by the rule's own spec tables (a few per rule state), so strong
-- keys: the sandbox refuses weak keys, whose collection no budget counts.
local compiled_refs = {}

local function compile_references(spec)
  local refs = {}
  for i, r in ipairs(spec.references) do
    local c, err = fp.compile(r.pattern)
    if not c then
      error(string.format("reference pattern %d of the control does not compile: %s", i, err))
    end
    refs[i] = {compiled = c, source = r.source}
  end
  return refs
end

local function references(ctx)
  local spec = ctx.spec
  local refs = compiled_refs[spec]
  if refs then return refs end
  local memo = memo_of(ctx.snapshot, "references")
  refs = memo[spec]
  if not refs then
    refs = compile_references(spec)
    memo[spec] = refs
  end
  return refs
end

-- Organisations deploy the same filter texts in every account: compiled
-- patterns and their verdicts are kept (pure functions of the text) and
-- reused across accounts, through `memo` (sandbox.h): what a control is
-- charged must not depend on them, or it would depend on which accounts
-- the same worker judged before, and so on --jobs.  memo counts the work
-- apart, from a fresh start, and charges what it cost whether it had the
-- answer or not.  (memo comes with the built-in rules'
-- shared instance of this module; another rule's own instance keeps these
-- for one account instead.)
local memo = memo
local MEMO_MAX_TEXT = 16384 -- longer patterns (AWS allows 1,024 bytes) are not kept
local compiled_cache = {}

local function compile_cached(ctx, pattern)
  if memo and #pattern <= MEMO_MAX_TEXT then
    return memo(compiled_cache, pattern, fp.compile, pattern)
  end
  local cache = memo_of(ctx.snapshot, "compiled")
  local hit = cache[pattern]
  if hit then return hit[1], hit[2] end
  local c, err = fp.compile(pattern)
  cache[pattern] = {c, err}
  return c, err
end

-- Whether compiled filter c covers one of the references: true and the
-- source, false and the most useful explanation, or nil and why not; then
-- the clause pairs each reference it looked at takes from a budget.  A
-- pure function of c and the references (fp.covers without a budget):
-- spend_pairs charges the budget afterwards.
local function compare(c, refs)
  local best
  local works = {}
  for i, ref in ipairs(refs) do
    local ok, info = fp.covers(c, ref.compiled)
    -- What covers would have taken from a budget: nothing when it refused
    -- the patterns as too complex.
    works[i] = ok == nil and 0 or #c.clauses * #ref.compiled.clauses
    if ok then
      return true, ref.source, works
    end
    if ok == nil then
      return nil, info, works
    end
    if info and (not best or #info.missing < #best.missing) then
      best = info
      -- Partial: it matches most of the CIS terms (a filter meant for this
      -- control that falls short), as opposed to a filter for something else
      -- that happens to match a term or two.
      local near = 0
      for _, h in ipairs(info.hints) do
        if h then near = near + 1 end
      end
      local total = count(ref.compiled.clauses)
      best.partial = (total - #info.missing + near) * 2 > total
    end
  end
  return false, best, works
end

-- Takes what comparing took from the judgment's clause-pair budget, as
-- fp.covers would have reference by reference: true, or false when the
-- budget could not pay (so that many large filters cannot exhaust the
-- rule's instruction budget).
local function spend_pairs(budget, works)
  local left = budget.pairs
  for i = 1, #works do
    local w = works[i]
    if left < w then
      budget.pairs = left
      return false
    end
    left = left - w
  end
  budget.pairs = left
  return true
end

-- Each control's verdicts by filter text, across accounts (made with the
-- references, while the rule file loads).
local verdict_cache = {} -- spec -> text -> memo (specs: as compiled_refs)

local function compare_cached(pattern, c, ctx)
  local refs = references(ctx)
  local ok, info, works
  local by_text = memo and verdict_cache[ctx.spec]
  if by_text and #pattern <= MEMO_MAX_TEXT then
    ok, info, works = memo(by_text, pattern, compare, c, refs)
  else
    local verdicts = memo_of(ctx.snapshot, "verdicts")
    local by_spec = verdicts[ctx.spec]
    if not by_spec then
      by_spec = {}
      verdicts[ctx.spec] = by_spec
    end
    local hit = by_spec[pattern]
    if not hit then
      hit = {compare(c, refs)}
      by_spec[pattern] = hit
    end
    ok, info, works = hit[1], hit[2], hit[3]
  end
  if not spend_pairs(ctx.budget, works) then
    return nil, say("too_many")
  end
  return ok, info
end

-- Whether filter f covers one of the references: true and the source, or
-- false and the most useful explanation, or nil and why it was not judged.
-- What the controls read of metric filter f, read once per account (each
-- field of a snapshot table is a lookup through the loader's proxy): its
-- name, pattern, whether it applies to transformed logs, and its first
-- metric transformation's metric (tr, metric, namespace); its compiled
-- pattern is kept there too (c, err) once judge_filter compiled it.
local function filter_facts(f)
  local tr = nil
  for _, x in objects(f.metricTransformations) do
    tr = x
    break
  end
  return {f = f, name = f.filterName, pattern = f.filterPattern,
          transformed = f.applyOnTransformedLogs == true,
          tr = tr, metric = tr and tr.metricName, namespace = tr and tr.metricNamespace}
end

-- Whether the filter of facts ff covers one of the references: true and
-- the source, or false and the most useful explanation, or nil and why it
-- was not judged.
local function judge_filter(ff, ctx)
  if ff.transformed then
    return nil, say("transformed", {filter = tostring(ff.name)})
  end
  local pattern = ff.pattern
  local c, err = ff.c, ff.err
  if c == nil then
    if type(pattern) == "string" then
      c, err = compile_cached(ctx, pattern)
    else
      c, err = fp.compile(pattern)
    end
    ff.c, ff.err = c or false, err
  end
  if not c then
    if type(pattern) == "string" and pattern:match("^%s*{") then
      -- CloudWatch accepted it, so it is valid syntax this check does not
      -- know: it may well cover the pattern.
      return nil, say("json_unread", {filter = tostring(ff.name),
                                      error = fp.say_error(err)})
    end
    return false, {parse = err} -- a text pattern: not compared
  end
  local ok, info = compare_cached(pattern, c, ctx)
  if ok == nil then
    return nil, say("not_compared", {filter = tostring(ff.name),
                                     why = fp.say_error(tostring(info))})
  end
  return ok, info
end

-- "misses ($.eventName = DetachGroupPolicy)" and the like.
local function explain_miss(why)
  if why.parse then
    return say("miss_parse", {error = fp.say_error(why.parse)})
  end
  local items, narrowed = {}, {}
  local same = why.hints[1]
  for _, h in ipairs(why.hints) do
    if h ~= same then same = false end
  end
  if same and #why.missing > 1 then
    return say("miss_only_when", {condition = same})
  end
  for i, m in ipairs(why.missing) do
    if i > MAX_LISTED then break end
    if why.hints[i] then
      narrowed[#narrowed + 1] = say("miss_term_when", {term = m, condition = why.hints[i]})
    else
      items[#items + 1] = say("miss_term", {term = m})
    end
  end
  local parts = {}
  if #items > 0 then
    parts[#parts + 1] = say("miss_not_match", {terms = join(items, say("list_sep"))})
  end
  if #narrowed > 0 then
    parts[#parts + 1] = say("miss_narrowed", {terms = join(narrowed, say("list_sep"))})
  end
  local more = #why.missing - MAX_LISTED
  local text = join(parts, say("sep"))
  if more > 0 then
    text = text .. say("miss_more", {count = more})
  end
  return text
end

-- The metrics an alarm watches: {name, namespace, dims} for the alarm's own
-- metric and each MetricStat of a metric-math alarm.
local function alarm_metrics(alarm)
  local out = {}
  if alarm.MetricName then
    out[#out + 1] = {name = alarm.MetricName, namespace = alarm.Namespace,
                     dims = alarm.Dimensions}
  end
  for _, q in objects(alarm.Metrics) do
    local m = q.MetricStat and q.MetricStat.Metric
    if m and m.MetricName then
      out[#out + 1] = {name = m.MetricName, namespace = m.Namespace, dims = m.Dimensions}
    end
  end
  return out
end

-- A region's alarms by the names of the metrics they watch, once per
-- account: {alarm, its metrics (alarm_metrics)} for each alarm with a
-- metric of that name (strings and numbers: the values a metric name can
-- be looked up by), in the listing's order; ALL: every alarm.
local ALL = {}

local function next_alarm(list, i)
  i = i + 1
  local e = list[i]
  if e then return i, e[1], e[2] end
end

local function alarms_index(alarms)
  local by_name = {[ALL] = {}}
  for _, alarm in objects(alarms) do
    local e, seen = {alarm, alarm_metrics(alarm)}, {}
    local all = by_name[ALL]
    all[#all + 1] = e
    for _, m in ipairs(e[2]) do
      local name, kind = m.name, type(m.name)
      if (kind == "string" or kind == "number") and not seen[name] then
        seen[name] = true
        local list = by_name[name]
        if not list then
          list = {}
          by_name[name] = list
        end
        list[#list + 1] = e
      end
    end
  end
  return by_name
end

-- for _, alarm, metrics in alarms_named(ctx, alarms, mname): the alarms
-- that may watch metric mname, with their metrics.
local function alarms_named(ctx, alarms, mname)
  local index = memo_of(ctx.snapshot, "alarms by metric")
  local by_name = index[alarms]
  if not by_name then
    by_name = alarms_index(alarms)
    index[alarms] = by_name
  end
  local kind = type(mname)
  if kind == "string" or kind == "number" then
    return next_alarm, by_name[mname] or NONE, 0
  end
  return next_alarm, by_name[ALL], 0
end

-- Whether an alarm's dimension names are the filter transformation's.
local function same_dimensions(alarm_dims, filter_dims)
  local want, n = {}, 0
  for k in pairs(type(filter_dims) == "table" and filter_dims or {}) do
    want[k] = true
    n = n + 1
  end
  local seen = 0
  for _, d in objects(alarm_dims) do
    if not want[d.Name] then return false end
    seen = seen + 1
  end
  return seen == n
end

-- The state of an SNS topic: "confirmed", "unconfirmed" (and a description)
-- or "unknown" (and why); third, for a topic read in another account's
-- snapshot, where (" of account N (file:line)"); fifth, an unconfirmed
-- topic's description as the end of a sentence (Japanese needs です/ます there).
local function topic_state(snapshot, topic)
  -- A topic of another account (an audit account's, say) is read in that
  -- account's snapshot when the scan holds it.
  local owner = arn_fields(topic).account
  local where = nil
  if owner and owner ~= snapshot.account_id then
    local other, file = org.snapshot(owner)
    if other then
      snapshot = other
      where = file
    else
      local resp = account.response(snapshot, topic_region(topic), "sns",
                                    "ListSubscriptionsByTopic", topic)
      if not resp then
        return "unknown", say("topic_elsewhere", {file = file, settles = org.settles(owner)})
      end
    end
  end
  local resp, why = account.response(snapshot, topic_region(topic), "sns",
                                     "ListSubscriptionsByTopic", topic)
  if not resp then
    return "unknown", why
  end
  local subs = where and resp -- evidence: the owner's ListSubscriptionsByTopic
  if where then
    where = say("topic_of", {source = org.source(owner, resp, where)})
  end
  local pending, other = 0, 0
  for _, s in objects(resp.Subscriptions) do
    local sa = s.SubscriptionArn
    if type(sa) == "string" and sa:sub(1, 4) == "arn:" then
      return "confirmed", s, where, subs
    elseif sa == "PendingConfirmation" then
      pending = pending + 1
    else
      other = other + 1
    end
  end
  if pending + other == 0 then
    return "unconfirmed", say("topic_no_subscriptions"), where, subs,
      say("topic_no_subscriptions_end")
  end
  if other == 0 then
    return "unconfirmed", say("topic_pending", {count = pending}), where, subs,
      say("topic_pending_end", {count = pending})
  end
  return "unconfirmed", say("topic_unconfirmed"), where, subs, say("topic_unconfirmed_end")
end

-- topic_state, once per account and topic (alarms of every control
-- notify the same topics).
local function topic_state_of(snapshot, topic)
  local states = memo_of(snapshot, "topic state")
  local known = states[topic]
  if not known then
    known = {topic_state(snapshot, topic)}
    states[topic] = known
  end
  return known[1], known[2], known[3], known[4], known[5]
end

---------------------------------------------------------------------------
-- The chain from one trail's log group

-- Stages of a failure, to report the one that got furthest.
local STAGE_FILTER, STAGE_ALARM, STAGE_ACTION, STAGE_TOPIC = 2, 3, 4, 5

-- trail, owner, snapshot: the chain being followed (follow_trail sets
-- them), so a noted failure knows which places of other accounts decided
-- it, and in which snapshot its fix finds the topics.
local function new_outcome()
  return {reviews = {}, fail = nil, trail = nil, owner = nil, snapshot = nil}
end

-- fix: the command, or a function of the control's ctx that builds it.
-- Most noted failures are never reported (a later stage or a review wins,
-- or the trail does not count), and the filter and alarm commands carry
-- the whole CIS pattern: they are built only for the failure that is
-- reported, for the control that reports it (the chain beyond a filter is
-- followed once per account, for every control: see follow_covering).
-- what: what node is (for the evidence); subs: an SNS topic's
-- subscriptions in another account's snapshot, when they decided it.
local function note_fail(out, stage, message, node, fix, what, subs)
  if not out.fail or stage > out.fail.stage then
    out.fail = {stage = stage, message = message, node = node, fix = fix, what = what,
                subs = subs, trail = out.trail, owner = out.owner, snapshot = out.snapshot}
  end
end

-- The reported failure's fix for the control of ctx; a chain in another
-- account's snapshot finds its topics there (as its judgment did).
local function fix_of(noted, ctx)
  local fix = noted.fix
  if type(fix) == "function" then
    local snapshot = noted.snapshot
    if snapshot and snapshot ~= ctx.snapshot then
      return fix({snapshot = snapshot, a = ctx.a, spec = ctx.spec})
    end
    return fix(ctx)
  end
  return fix
end

local function note_review(out, message, node, fix)
  out.reviews[#out.reviews + 1] = {message = message, node = node, fix = fix}
end

-- The alarms that watch metric mns/mname with the filter transformation's
-- dimensions, and why others on a metric of that name do not count.
local function watching_alarms(ctx, alarms, mname, mns, dims)
  local watching, mismatched = {}, {}
  for _, alarm, metrics in alarms_named(ctx, alarms, mname) do
    for i = 1, #metrics do
      local m = metrics[i]
      if m.name == mname and m.namespace == mns then
        if same_dimensions(m.dims, dims) then
          watching[#watching + 1] = alarm
        else
          mismatched[#mismatched + 1] = say("other_dimensions", {
            alarm = tostring(alarm.AlarmName), metric = tostring(mns) .. "/" .. tostring(mname)})
        end
        break
      elseif m.name == mname then
        mismatched[#mismatched + 1] = say("other_namespace", {
          alarm = tostring(alarm.AlarmName), metric = tostring(mname),
          namespace = tostring(m.namespace), expected = tostring(mns)})
        break
      end
    end
  end
  return watching, mismatched
end

-- Follows one alarm on a covering filter's metric to its SNS topics.
-- link: the filter's {grp, f, fname, source}; returns a pass record or nil.
local function follow_alarm(ctx, out, link, alarm, metric, mname, mns)
  local grp, region = link.grp, link.grp.region
  local aname = tostring(alarm.AlarmName)
  -- What the alarm is, for a failure or review only: most alarms followed
  -- pass, and every member of an organisation follows the same ones.
  local function head()
    local of = ctx.owner
      and say("alarm_of", {source = org.source(ctx.owner.account, alarm, ctx.owner.file)}) or ""
    -- Another account's trail is evidence too: named where it is.
    local by = out.trail and out.trail.owner
      and say("alarm_by", {trail = trails.label(out.trail)}) or ""
    return say("alarm_head", {alarm = aname, of = of, metric = metric, filter = link.fname,
                              group = grp.name, region = region, by = by})
  end
  local topics = {}
  for _, action in strings(alarm.AlarmActions) do
    local af = arn_fields(action)
    if af and af.service == "sns" then topics[#topics + 1] = action end
  end
  -- Every problem of the alarm: its actions disabled, and its topics.
  local disabled = alarm.ActionsEnabled == false
  local problems, fixes, stage, subs_of = {}, {}, STAGE_ACTION, nil
  local first_topic -- the first unconfirmed topic's {topic, detail}
  if disabled then
    problems[1] = say("p_actions_disabled")
    fixes[1] = mfix.enable_actions(region, aname)
  end
  if #topics == 0 then
    problems[#problems + 1] = say("p_no_topic")
    fixes[#fixes + 1] = function(fctx) return mfix.alarm(fctx, region, aname, mname, mns) end
  end
  for i = 1, #topics do
    local topic = topics[i]
    local state, detail, where, subs, ending = topic_state_of(ctx.snapshot, topic)
    local named = where and (topic .. where) or topic
    if state == "confirmed" and not disabled then
      return {filter = link.f, alarm = alarm, topic = named, group = grp, metric = metric,
              source = link.source, subs = subs}
    elseif state == "unknown" and not disabled then -- disabled, it cannot pass anyway
      note_review(out, say("topic_unknown", {head = head(), topic = named, why = detail}), alarm,
                  mfix.read_subscriptions(topic_region(topic), topic))
    elseif state == "unconfirmed" then
      problems[#problems + 1] = say("p_topic", {topic = named, detail = detail})
      first_topic = first_topic or {topic = named, detail = ending}
      fixes[#fixes + 1] = mfix.subscribe(topic_region(topic), topic)
      stage, subs_of = STAGE_TOPIC, subs_of or subs
    end
  end
  if #problems > 0 then
    local text = #problems == 1 and stage == STAGE_TOPIC
      and say("alarm_topic", {head = head(), topic = first_topic.topic,
                              detail = first_topic.detail})
      or say("alarm_problems", {head = head(), problems = join_and(problems)})
    note_fail(out, stage, text, alarm, function(fctx)
      local cmds = {}
      for i, f in ipairs(fixes) do cmds[i] = type(f) == "function" and f(fctx) or f end
      return require("fixes").chain(cmds)
    end, say("ev_alarm"), subs_of)
  end
  return nil
end

-- Follows one metric transformation of a covering filter to the alarms on
-- it; returns a pass record or nil.
local function follow_metric(ctx, out, link, tr, alarms)
  local region = link.grp.region
  local mname, mns = tr.metricName, tr.metricNamespace
  local watching, mismatched = watching_alarms(ctx, alarms, mname, mns, tr.dimensions)
  local metric = string.format("%s/%s", tostring(mns), tostring(mname))
  if #watching == 0 then
    local msg = say("no_alarm", {filter = link.fname, group = link.grp.name,
                                 region = region_at(ctx, region, link.f), metric = metric})
    if #mismatched > 0 then
      msg = say("no_alarm_others", {message = msg, others = join(mismatched, say("sep"))})
    end
    note_fail(out, STAGE_ALARM, msg, link.f, function(fctx)
      return mfix.alarm(fctx, region, fctx.spec.alarm_name, mname, mns)
    end, say("ev_filter"))
  end
  for i = 1, #watching do
    local p = follow_alarm(ctx, out, link, watching[i], metric, mname, mns)
    if p then return p end
  end
  return nil
end

-- Follows one covering filter to alarms and topics; returns a pass record or nil.
local function follow_filter(ctx, out, grp, f, source, alarms, alarms_err, alarms_why)
  local region = grp.region
  local fname = tostring(f.filterName)
  if not alarms then
    note_review(out, say("alarms_unknown", {filter = fname, group = grp.name, why = alarms_why}),
                f, mfix.read_alarms(region))
    return nil
  end
  local link = {grp = grp, f = f, fname = fname, source = source}
  local any_transformation = false
  for _, tr in objects(f.metricTransformations) do
    any_transformation = true
    local p = follow_metric(ctx, out, link, tr, alarms)
    if p then return p end
  end
  if not any_transformation then
    note_fail(out, STAGE_ALARM, say("no_metric", {filter = fname, group = grp.name,
                                                  region = region_at(ctx, region, f)}), f,
              function(fctx) return mfix.filter_and_alarm(fctx, region, grp.name, fname) end,
              say("ev_filter"))
  end
  if alarms_err then
    -- The listing is partial: an alarm that would pass may be missing from it.
    note_review(out, say("alarms_partial", {filter = fname, group = grp.name, region = region,
                                            error = account.describe_error(alarms_err)}),
                f, mfix.read_alarms(region))
  end
  return nil
end

-- Follows covering filter f of trail t's log group to alarms and topics,
-- into out; returns a pass record (source: the reference f covers) or nil.
-- What lies beyond a filter does not depend on the control that found it
-- covering (the fixes are functions of the control's ctx): it is followed
-- once per account, trail and filter, and what it noted is noted again
-- for each further control, in the same order.
local function follow_covering(ctx, out, t, link, f, source)
  local by_filter = memo_of(t.arn, "filter chains")
  local known = by_filter[f]
  if not known then
    local o = new_outcome()
    o.trail, o.owner, o.snapshot = out.trail, out.owner, out.snapshot
    -- The region's alarms, read only for a filter that covers a pattern.
    local alarms, aerr, awhy = listing(link.snapshot, link.grp.region, "cloudwatch",
                                       "DescribeAlarms", "MetricAlarms", nil)
    local p = follow_filter(ctx, o, link.grp, f, nil, alarms, aerr, awhy)
    known = {p = p, reviews = o.reviews, fail = o.fail}
    by_filter[f] = known
  end
  local reviews = known.reviews
  for i = 1, #reviews do
    local r = reviews[i]
    note_review(out, r.message, r.node, r.fix) -- a copy: follow_counting may add to it
  end
  local noted = known.fail
  if noted then
    note_fail(out, noted.stage, noted.message, noted.node, noted.fix, noted.what, noted.subs)
  end
  local p = known.p
  if p then
    return {filter = p.filter, alarm = p.alarm, topic = p.topic, group = p.group,
            metric = p.metric, source = source, subs = p.subs}
  end
  return nil
end

-- Whether verdict ok, why on filter ff leaves the chain as it would be
-- for any control: the filter does not cover the pattern, nor come near
-- it, and was judged.
local function plain(ctx, ff, ok, why)
  return ok == false and not (why and (why.partial or ff.name == ctx.spec.filter_name))
end

-- Judges the metric filters on the trail's log group and follows those that
-- cover the pattern; notes in ctx.walk.judged the links whose filters it
-- judged, and clears ctx.walk.plain when a verdict is not plain.  Returns
-- a pass record, or nil and what was seen: how many filters are on the
-- group and how many cover the pattern, the first that could not be judged
-- ({filter, why}), and the facts of the one meant for this control that
-- comes nearest, with why it falls short.
local function judge_filters(ctx, out, t, link)
  local on_group, covering, undecided, closest, closest_why = 0, 0, nil, nil, nil
  local walk = ctx.walk
  if link.filters[1] then walk.judged[#walk.judged + 1] = link end
  local filters = link.filters
  for i = 1, #filters do
    local ff = filters[i]
    on_group = on_group + 1
    local ok, why = judge_filter(ff, ctx)
    if not plain(ctx, ff, ok, why) then walk.plain = false end
    if ok then
      covering = covering + 1
      local p = follow_covering(ctx, out, t, link, ff.f, why)
      if p then return p end
    elseif ok == nil then
      undecided = undecided or {filter = ff.f, why = why}
    elseif why and (why.partial or ff.name == ctx.spec.filter_name) then
      -- A filter meant for this control (most of the terms, or the name the
      -- fix uses): name it and say what it lacks.
      local missing = why.missing and #why.missing or math.huge
      local best = closest_why and closest_why.missing and #closest_why.missing or math.huge
      if not closest or missing < best then
        closest, closest_why = ff, why
      end
    end
  end
  return nil, on_group, covering, undecided, closest, closest_why
end

-- The fix for filter `closest` (its facts), which falls short: it gets the
-- CIS pattern, keeping its metric (and so the alarms on it), when it has
-- the name the fix would use; otherwise a new filter (replacing a filter by
-- name could drop what it is there for).
local function closest_fix(ctx, grp, closest, fname)
  local metric, namespace = closest.metric, closest.namespace
  if fname == ctx.spec.filter_name and closest.tr and metric and namespace then
    return function(fctx)
      return mfix.filter(fctx, grp.region, grp.name, fname, metric, namespace)
    end
  end
  return function(fctx) return mfix.filter_and_alarm(fctx, grp.region, grp.name) end
end

-- The failure when no metric filter on the group comes near the pattern:
-- the same for every control (once per account and trail; count: the
-- filters on the group).
local function no_filter_text(ctx, link, count)
  local texts = link.no_filter
  if not texts then
    texts = {}
    link.no_filter = texts
  end
  local text = texts[count]
  if not text then
    local grp = link.grp
    local region = region_at(ctx, grp.region, link.listed)
    if count == 0 then
      text = say("no_filters", {group = grp.name, trail = link.label, region = region})
    else
      text = say("none_covers", {count = count, group = grp.name, region = region,
                                 trail = link.label})
    end
    texts[count] = text
  end
  return text
end

-- No metric filter on the group covers the pattern, and none was left
-- undecided unless one comes near (closest): the failure, naming that filter.
local function note_no_filter(ctx, out, link, on_group, closest, closest_why)
  local grp = link.grp
  local region = grp.region
  if closest then
    local fname = tostring(closest.name)
    note_fail(out, STAGE_FILTER, say("closest", {group = grp.name, trail = link.label,
                                                 filter = fname,
                                                 region = region_at(ctx, region, closest.f),
                                                 why = explain_miss(closest_why)}), closest.f,
              closest_fix(ctx, grp, closest, fname), say("ev_filter"))
  else
    -- The evidence for a missing filter: the region's DescribeMetricFilters.
    local new_filter = link.new_filter
    if not new_filter then
      local name = grp.name
      new_filter = function(fctx) return mfix.filter_and_alarm(fctx, region, name) end
      link.new_filter = new_filter
    end
    note_fail(out, STAGE_FILTER, no_filter_text(ctx, link, on_group), link.listed,
              new_filter, say("ev_filters"))
  end
end

-- What follows trail t to its log group's filters, the same for every
-- control: the group (parsed), the snapshot holding it (another account's,
-- with its owner, in the organisation view), the group's filters and the
-- region's alarms; or the review that stops the chain before the filters.
local function make_link(ctx, t)
  local group_arn = t.trail.CloudWatchLogsLogGroupArn
  local grp = log_group_of(group_arn)
  local label = trails.label(t)
  if not grp then
    return {review = {say("not_group_arn", {trail = label, arn = tostring(group_arn)}), t.trail,
                      mfix.read_trail(t)}}
  end
  local snapshot, owner = ctx.snapshot, nil
  if grp.account ~= ctx.a.id then
    -- The organisation view: the group's account's snapshot, when the
    -- scan holds it, has its metric filters and alarms.
    local other, file = org.snapshot(grp.account)
    if not other then
      return {review = {say("other_account", {trail = label, group = grp.name,
                                              account = grp.account}), t.listed,
                        mfix.read_filters(grp.region, grp.name, grp.account)}}
    end
    snapshot, owner = other, {account = grp.account, file = file}
  end
  local region = grp.region
  local filters, ferr, fwhy, listed = list_operation(snapshot, region, "logs",
                                                     "DescribeMetricFilters", "metricFilters",
                                                     grp.name)
  if not filters then
    return {owner = owner, snapshot = snapshot,
            review = {say("filters_unknown", {group = grp.name, trail = label, why = fwhy}),
                      snapshot, mfix.read_filters(region, grp.name)}}
  end
  -- The group's filters (filters_on lists only objects whose logGroupName
  -- is the group's name).
  local on_group, mine = {}, filters_on(snapshot, filters, grp.name)
  for i = 1, #mine do on_group[i] = filter_facts(mine[i]) end
  -- One constructor with every field (nil ones too): the table is made at
  -- its size, never grown field by field.  What only some chains need (the
  -- region's alarms, a review's or a failure's fix and texts) is worked out
  -- when one does: most trails' groups have no filters.
  return {grp = grp, label = label, snapshot = snapshot, owner = owner,
          filters = on_group, no_filter = nil,
          partial = ferr and say("filters_partial", {region = region,
                                                     error = account.describe_error(ferr)})
            or nil,
          read_filters = nil, listed = listed, new_filter = nil}
end

-- The fix that reads the group's filters again, for a review of them.
local function read_filters_of(link)
  local fix = link.read_filters
  if not fix then
    fix = mfix.read_filters(link.grp.region, link.grp.name)
    link.read_filters = fix
  end
  return fix
end

-- make_link(ctx, t), once per account and trail.
local function link_of(ctx, t)
  local links = memo_of(ctx.snapshot, "trail links")
  local link = links[t.arn]
  if not link then
    link = make_link(ctx, t)
    links[t.arn] = link
  end
  return link
end

-- Evaluates the chain from trail t's log group.  Returns a pass record or
-- nil; failures and reviews go to out.
local function follow_trail(ctx, out, t)
  local link = link_of(ctx, t)
  local stop = link.review
  if stop then
    note_review(out, stop[1], stop[2], stop[3])
    return nil
  end
  if link.owner then
    -- The organisation view: the chain goes on in the group's account's
    -- snapshot.
    local octx = {}
    for k, v in pairs(ctx) do octx[k] = v end
    octx.snapshot = link.snapshot
    octx.owner = link.owner
    ctx = octx
  end
  out.trail, out.owner, out.snapshot = t, link.owner, link.snapshot
  local p, on_group, covering, undecided, closest, closest_why = judge_filters(ctx, out, t, link)
  if p then
    p.trail = t
    p.owner = link.owner
    return p
  end
  if undecided then
    note_review(out, undecided.why, undecided.filter, read_filters_of(link))
  end
  if link.partial then
    -- The listing is partial: a covering filter may be missing from it.
    note_review(out, link.partial, link.snapshot, read_filters_of(link))
    return nil
  end
  if covering == 0 and (closest or not undecided) then
    note_no_filter(ctx, out, link, on_group, closest, closest_why)
  end
  return nil -- when a filter covers it, what failed after the filter is noted already
end

---------------------------------------------------------------------------
-- The judgment

-- The account's trails, each {t, state, reason} (trail_state), and the
-- trail a fix would repair (candidate): the account's own, preferably
-- multi-region and logging.  The same for every control: once per account.
local function trail_plan(snapshot)
  local plan, candidate_score = {candidate = nil}, -1
  for _, t in ipairs(trails.all(snapshot)) do
    local state, reason = trail_state(t, snapshot)
    plan[#plan + 1] = {t, state, reason, against = nil} -- at its size: against comes later
    if not t.foreign then
      local score = (t.multi_region and 2 or 0) + (t.logging and 1 or 0)
      if not plan.candidate or score > candidate_score then
        plan.candidate, candidate_score = t, score
      end
    end
  end
  return plan
end

-- What trail t's chain says beyond its reason, for a chain that fails
-- (once per account, trail and failure: most are the same for every
-- control).
local function beyond(t, reason, failure)
  local by_failure = memo_of(t.arn, "beyond")
  local text = by_failure[failure]
  if not text then
    text = say("beyond", {reason = reason, failure = failure})
    by_failure[failure] = text
  end
  return text
end

-- What trail t, which does not count, says when its chain does not depend
-- on the control (it stops before the filters, or the group has none), or
-- nil.
local function not_counting_text(ctx, t, reason)
  if t.foreign or type(t.trail.CloudWatchLogsLogGroupArn) ~= "string" then
    return reason
  end
  local link = link_of(ctx, t)
  if link.review then
    return reason -- the chain stops before the filters: only reviews, which do not count here
  end
  if not link.filters[1] and not link.partial then
    -- Beyond the trail the chain fails too: both need fixing.  (Said
    -- once per account: the trail plan's entry keeps it.)
    return say("beyond", {reason = reason, failure = no_filter_text(ctx, link, 0)})
  end
  return nil
end

-- A trail that does not count: would the rest of the chain hold for it?
-- Then only the trail needs fixing (and the message says so).
-- entry: the trail plan's {t, state, reason}; its `against` keeps what
-- not_counting_text said (false: nothing).
local function note_not_counting(ctx, seen, entry)
  local t, reason = entry[1], entry[3]
  local against = seen.against
  local fixed = entry.against
  if fixed == nil then
    fixed = not_counting_text(ctx, t, reason) or false
    entry.against = fixed
  end
  if fixed then
    against[#against + 1] = fixed
    return
  end
  against[#against + 1] = reason
  local chain = new_outcome()
  local p = follow_trail(ctx, chain, t)
  if p then
    seen.would[t] = p
    against[#against] = say("would_alarm", {reason = reason,
                                            filter = tostring(p.filter.filterName),
                                            alarm = tostring(p.alarm.AlarmName),
                                            topic = p.topic})
  elseif chain.fail then
    -- Beyond the trail the chain fails too: both need fixing.
    against[#against] = beyond(t, reason, chain.fail.message)
  end
end

-- A trail that counts ("ok") or might ("unknown"): follows its chain.
-- Returns the pass record when the chain holds for a trail that counts.
local function and_reason(message, reason)
  return say("and_reason", {message = message, reason = reason})
end

local function follow_counting(ctx, seen, t, state, reason)
  local out = seen.out
  local before = #out.reviews
  local p = follow_trail(ctx, out, t)
  if state == "unknown" then
    -- Say why the trail itself is undecided too (the same words for every
    -- control, most of the time: once per account).
    local by_message = memo_of(reason, "and reason")
    for i = before + 1, #out.reviews do
      local message = out.reviews[i].message
      local text = by_message[message]
      if not text then
        text = and_reason(message, reason)
        by_message[message] = text
      end
      out.reviews[i].message = text
    end
  end
  if p and state == "ok" then
    return p
  elseif p then
    seen.undecided_pass[#seen.undecided_pass + 1] = {
      message = say("would_but", {filter = tostring(p.filter.filterName),
                                  alarm = tostring(p.alarm.AlarmName), topic = p.topic,
                                  reason = reason}),
      node = t.trail, fix = mfix.read_trail_state(t)}
  end
  return nil
end

-- Follows every trail of the account.  Returns a pass record, or nil and
-- what was seen: against (why trails do not count), out (failures and
-- reviews of the trails that might), candidate (the trail a fix would
-- repair), would (trails that do not count, whose filter, alarm and topic
-- would), undecided_pass (chains that hold for trails that might count).
--
-- When every filter the walk judged was plain for the control (see
-- plain), what it saw is the same for every such control of the account:
-- it is kept (acct.skeleton, with the links whose filters it judged), and
-- a later control whose verdicts on those filters, judged in the same
-- order, are plain too takes it as it is (its result pieces with it).
local function plain_verdicts(ctx, links)
  for i = 1, #links do
    local filters = links[i].filters
    for j = 1, #filters do
      local ff = filters[j]
      local ok, why = judge_filter(ff, ctx)
      if not plain(ctx, ff, ok, why) then return false end
    end
  end
  return true
end

local function follow_trails(ctx)
  local skeleton = acct.skeleton
  if skeleton then
    if plain_verdicts(ctx, skeleton.links) then return nil, skeleton.seen end
    ctx.budget.pairs = BUDGET_PAIRS -- the walk judges them again, from a whole budget
  end
  local plan = acct.plan
  if not plan then
    plan = trail_plan(ctx.snapshot)
    acct.plan = plan
  end
  local seen = {against = {}, out = new_outcome(), candidate = plan.candidate, would = {},
                undecided_pass = {}, shared = nil, pieces = nil} -- at its size
  ctx.walk = {judged = {}, plain = true} -- shared with a chain's ctx in another account
  for i = 1, #plan do
    local known = plan[i]
    local t, state, reason = known[1], known[2], known[3]
    if state == "no" then
      note_not_counting(ctx, seen, known)
    else
      local p = follow_counting(ctx, seen, t, state, reason)
      if p then return p end
    end
  end
  if ctx.walk.plain and not skeleton then
    seen.shared = true
    acct.skeleton = {seen = seen, links = ctx.walk.judged}
  end
  return nil, seen
end

-- The places of other accounts' snapshots that decided a chain, for a
-- result's evidence: the trail (its owner's entry), the metric filter and
-- the alarm (the log group's account's), the topic's subscriptions (the
-- topic's account's); nil when all are this account's.
local function chain_evidence(t, owner, filter, alarm, subs, node, what)
  local list = {}
  if t and t.owner then
    list[1] = {node = t.trail, what = say(t.organization and "ev_org_trail" or "ev_trail")}
  end
  if owner then
    if filter then list[#list + 1] = {node = filter, what = say("ev_filter")} end
    if alarm then list[#list + 1] = {node = alarm, what = say("ev_alarm")} end
    if node then list[#list + 1] = {node = node, what = what} end
  end
  if subs then list[#list + 1] = {node = subs, what = say("ev_subscriptions")} end
  return #list > 0 and list or nil
end

local function report_pass(ctx, p)
  if not trailscan.keeps_passes then
    pass() -- counted: no report shows passes
    return
  end
  local a, spec = ctx.a, ctx.spec
  local where, filter_at = p.group.region, ""
  if p.owner then
    where = say("region_source", {region = where,
                                  source = org.source(p.owner.account, p.alarm, p.owner.file)})
    local filter_where = org.where(p.filter)
    filter_at = filter_where and say("filter_at", {at = filter_where}) or ""
  end
  local evidence = chain_evidence(p.trail, p.owner, p.filter, p.alarm, p.subs)
  pass{resource = a.resource, region = p.group.region,
       node = p.owner and p.trail.listed or p.alarm, evidence = evidence,
       message = say("pass", {account = a.id, what = ctx.what, trail = trails.label(p.trail),
                              group = p.group.name, where = where,
                              filter = tostring(p.filter.filterName), filter_at = filter_at,
                              source = p.source, alarm = tostring(p.alarm.AlarmName),
                              metric = p.metric, topic = p.topic})}
end

-- No chain holds: a review when the snapshot could not decide a link (or
-- a pass), else the failure that got furthest, else the missing trail.
-- A text made of what other texts say, the same for every control of the
-- account that says them: once per account, by kind and by what it is
-- made of (a string).
local function said(kind, key, build, ...)
  local texts = account_memo(kind)
  local text = texts[key]
  if not text then
    text = build(...)
    texts[key] = text
  end
  return text
end

local function say_others(joined) return say("others", {trails = joined}) end
local function say_also(failure) return say("also", {failure = failure}) end
local function say_sep() return say("sep") end

-- The trail fix's repair of the account's own trail (or a new trail),
-- the same for every control: once per account.
local function trail_repair(ctx, candidate)
  local repairs = account_memo("trail repair")
  local key = candidate or false
  local repair = repairs[key]
  if not repair then
    repair = mfix.repair(ctx.a, candidate,
                         candidate and log_group_of(candidate.trail.CloudWatchLogsLogGroupArn),
                         ctx.snapshot)
    repairs[key] = repair
  end
  return repair
end

-- What the result of seen says that does not name the control: the
-- reviews (first: the one whose node and fix the result takes) and their
-- text, the failure (also), the trails that do not count (others), the
-- failure's evidence, and why no trail counts (why).  Kept in seen, which
-- every control of the account may share (follow_trails).
local function report_pieces(ctx, seen)
  local out, against = seen.out, seen.against
  local sep = said("words", "sep", say_sep)
  local pieces = {first = nil, others = nil, why = nil, reviews = nil, also = nil,
                  evidence = nil, halves = nil} -- at its size
  local texts = {}
  local undecided, reviews = seen.undecided_pass, out.reviews
  for i = 1, #undecided do
    local r = undecided[i]
    pieces.first = pieces.first or r
    texts[#texts + 1] = r.message
  end
  for i = 1, #reviews do
    local r = reviews[i]
    pieces.first = pieces.first or r
    texts[#texts + 1] = r.message
  end
  if #against > 0 then
    local joined = join(against, sep)
    pieces.others = said("others", joined, say_others, joined)
    pieces.why = joined
  else
    pieces.others = ""
    pieces.why = say("no_trails")
  end
  if pieces.first then
    pieces.reviews = join(texts, sep)
    local failure = out.fail and out.fail.message
    pieces.also = failure and said("also", failure, say_also, failure) or ""
  elseif out.fail then
    local f = out.fail
    pieces.evidence = chain_evidence(f.trail, f.owner, nil, nil, f.subs, f.node, f.what)
  end
  return pieces
end

-- The result text of seen, which controls that share seen (follow_trails)
-- say alike but for their events (ctx.what): said once, with MARK in their
-- place, and split there; each control joins its own events in.  MARK
-- overlaps no copy of itself, so found once it is the one put there (a
-- snapshot text that holds it too leaves the text said whole, each time).
local MARK = "\0\1"

local function split_at_mark(text)
  local at = string.find(text, MARK, 1, true)
  if not at or string.find(text, MARK, at + #MARK, true) then return false end
  return {string.sub(text, 1, at - 1), string.sub(text, at + #MARK)}
end

-- say(build(what)) for the control of ctx: build(what, ctx, seen, pieces)
-- makes the text; the pieces of a seen that controls share keep its halves.
local function said_for(ctx, seen, pieces, build)
  if not seen.shared then return build(ctx.what, ctx, seen, pieces) end
  local halves = pieces.halves
  if halves == nil then
    halves = split_at_mark(build(MARK, ctx, seen, pieces))
    pieces.halves = halves
  end
  if halves then return halves[1] .. ctx.what .. halves[2] end
  return build(ctx.what, ctx, seen, pieces)
end

local function review_text(what, ctx, _, pieces)
  return say("review", {maybe = say("maybe", {account = ctx.a.id, what = what}),
                        reviews = pieces.reviews, also = pieces.also, others = pieces.others})
end

local function fail_text(what, ctx, seen, pieces)
  return say("fail", {no = say("no", {account = ctx.a.id, what = what}),
                      failure = seen.out.fail.message, others = pieces.others})
end

local function fail_trail_text(what, ctx, _, pieces)
  return say("fail_trail", {no = say("no", {account = ctx.a.id, what = what}),
                            why = pieces.why})
end

local function report_no_pass(ctx, seen)
  local a, out = ctx.a, seen.out
  -- A result no report shows one by one is only counted: no words for it
  -- (a review when some link was undecided: report_pieces' first).
  local undecided = #seen.undecided_pass > 0 or #out.reviews > 0
  if undecided and not trailscan.keeps_reviews then return review() end
  if not undecided and not trailscan.keeps_fails then return fail() end
  local pieces = seen.pieces
  if not pieces then
    pieces = report_pieces(ctx, seen)
    seen.pieces = pieces
  end
  local first = pieces.first
  if first then
    review{resource = a.resource, node = first.node or ctx.snapshot, fix = first.fix,
           message = said_for(ctx, seen, pieces, review_text)}
    return
  end
  if out.fail then
    local f = out.fail
    fail{resource = a.resource, node = f.owner and f.trail.listed or f.node or ctx.snapshot,
         evidence = pieces.evidence, fix = fix_of(f, ctx),
         message = said_for(ctx, seen, pieces, fail_text)}
    return
  end
  local candidate = seen.candidate
  fail{resource = a.resource, node = candidate and candidate.trail or ctx.snapshot,
       fix = mfix.trail(ctx, trail_repair(ctx, candidate),
                        candidate and seen.would[candidate] ~= nil),
       message = said_for(ctx, seen, pieces, fail_trail_text)}
end

-- The judgment's context, one table refilled by each control (nothing
-- keeps it past the call: what the chain keeps for the account holds its
-- values, and a chain in another account copies it): snapshot, params,
-- spec, a (account.of), what (the control's events in the scan's
-- language), budget.pairs (clause pairs all pattern comparisons of this
-- judgment may look at: BUDGET_PAIRS), walk (follow_trails).
local the_ctx = {budget = {}}

function M.judge(snapshot, params, spec)
  if not rawequal(arns_of, snapshot) then
    -- A new account: parsed ARNs and the memo start afresh.  The next
    -- controls of the account find the memo as this one left it (the
    -- snapshot judged is the same table): no lookup each.
    parsed_arns, nparsed, arns_of = {}, 0, snapshot
    acct = facts.get(snapshot, "monitoring", snapshot, new_table)
  end
  local a = acct.account -- read only here: the same for every control
  if not a then -- set last: a control stopped before it leaves none of them
    local found, why = trails.found(snapshot)
    a = account.of(snapshot)
    acct.found, acct.why_not_found = found, why
    acct.account = a
  end
  -- spec.what_ja: the control's events in Japanese (spec.what when absent).
  local what = spec.what
  if trailscan.lang == "ja" then
    what = spec.what_ja or what
    if what:match("^%w") then
      what = " " .. what -- "には IAM ポリシーの変更を": a space between Japanese and Latin
    end
  end
  local ctx = the_ctx
  ctx.snapshot, ctx.params, ctx.spec, ctx.a, ctx.what = snapshot, params, spec, a, what
  ctx.walk = nil
  ctx.budget.pairs = BUDGET_PAIRS
  local found, why = acct.found, acct.why_not_found
  if not found then
    if not trailscan.keeps_reviews then return review() end -- (only counted)
    review{resource = a.resource, node = snapshot,
           message = say("review_why", {maybe = say("maybe", {account = a.id, what = what}),
                                        why = why}),
           fix = mfix.read_trails()}
    return
  end
  local p, seen = follow_trails(ctx)
  if p then
    report_pass(ctx, p)
  else
    report_no_pass(ctx, seen)
  end
end

-- The remediation every CIS alarm rule shows (lib/monitoring_fixes.lua).
function M.remediation(spec)
  -- Called while the rule file loads: its references are compiled there,
  -- and its verdict cache made, the same in every worker.
  if not compiled_refs[spec] then compiled_refs[spec] = compile_references(spec) end
  if not verdict_cache[spec] then verdict_cache[spec] = {} end
  return mfix.remediation(spec)
end

-- Its console steps in Japanese (the rule's texts.ja.remediation).
function M.remediation_ja(spec)
  return mfix.remediation_ja(spec)
end

return M

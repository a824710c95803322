-- The account-level judgment of S3 object-level data events (Security Hub
-- S3.22 for writes, S3.23 for reads): an active multi-region trail must log
-- them for all current and future buckets.
--
--   require("data_events").judge_s3(snapshot, params, "write" | "read")
--   require("data_events").remediation("write" | "read") -> the rule's
--                                       remediation (console, CLI, Terraform)
--   require("data_events").remediation_ja("write" | "read") -> the same in
--                                       Japanese (the rule's texts.ja)
--   require("data_events").messages -> the findings' catalogue (the rules'
--                                       `messages`: the engine checks it)

local account = require("account")
local fixes = require("fixes")
local trails = require("trails")
local selectors = require("selectors")

local M = {}

-- The findings' messages, by language (rules/lib/i18n.lua).  {why},
-- {detail} and {trails} hold what other modules say, in the same language.
M.messages = {
  en = {
    events_write = "S3 object-level write events for all buckets",
    events_read = "S3 object-level read events for all buckets",
    undecided = "Could not decide whether account {account} logs {events}: {why}.",
    other_trails = " Other trails: {trails}.",
    not_multi_region = "{trail} is not multi-region",
    not_logging = "{trail} is not logging",
    status_unknown = "{trail} logs them, but whether it is logging is unknown: {why}",
    logs = "Account {account} logs {events}: multi-region trail {trail} is logging them.",
    does_not_log = "{trail} does not log them{detail}",
    no_trails = "the account has no trails",
    fails = "Account {account} does not log {events}: no active multi-region trail logs"
      .. " them ({why}).",
    unread = "{trail}: {why}",
    notes = ": {notes}",
    event_selectors = "event selectors",
    status = "status",
    describe = "aws cloudtrail describe-trails --include-shadow-trails (with permission"
      .. " cloudtrail:DescribeTrails), then collect the snapshot again",
    read_then_collect = "as a role allowed to read the trail; then collect the snapshot again",
  },
  ja = {
    events_write = "全バケットの S3 オブジェクトレベルの書き込みイベント",
    events_read = "全バケットの S3 オブジェクトレベルの読み取りイベント",
    undecided = "アカウント {account} が{events}を記録しているかどうかを判定できません: {why}。",
    other_trails = "その他の証跡: {trails}。",
    not_multi_region = "証跡{trail}はマルチリージョン証跡ではありません",
    not_logging = "証跡{trail}はログ記録を停止しています",
    status_unknown = "証跡{trail}はこれらを記録する設定ですが、"
      .. "ログ記録中かどうかを判定できません: {why}",
    logs = "アカウント {account} は{events}を記録しています: "
      .. "マルチリージョン証跡{trail}がログ記録中です。",
    does_not_log = "証跡{trail}はこれらを記録していません{detail}",
    no_trails = "アカウントに証跡がありません",
    fails = "アカウント {account} は{events}を記録していません: "
      .. "これらを記録するログ記録中のマルチリージョン証跡がありません ({why})。",
    unread = "証跡{trail}について、{why}",
    notes = ": {notes}",
    event_selectors = "イベントセレクター",
    status = "ログ記録の状態",
    describe = "aws cloudtrail describe-trails --include-shadow-trails  # "
      .. "cloudtrail:DescribeTrails の権限で実行し、スナップショットを収集し直してください",
    read_then_collect = "証跡を読み取れるロールで実行し、スナップショットを収集し直してください",
  },
}
local say = require("i18n").catalogue(M.messages)

-- The advanced selectors that log management events and S3 object writes
-- (or reads).  put-event-selectors replaces every selector of a trail, so
-- management events are listed too.
local function selector_json(kind)
  -- (concatenated: string.format is a sandboxed call costing more)
  return "'[{\"Name\":\"Management events\",\"FieldSelectors\":["
    .. "{\"Field\":\"eventCategory\",\"Equals\":[\"Management\"]}]},"
    .. "{\"Name\":\"S3 object " .. (kind == "write" and "writes" or "reads")
    .. "\",\"FieldSelectors\":["
    .. "{\"Field\":\"eventCategory\",\"Equals\":[\"Data\"]},"
    .. "{\"Field\":\"resources.type\",\"Equals\":[\"AWS::S3::Object\"]},"
    .. "{\"Field\":\"readOnly\",\"Equals\":[\"" .. (kind == "write" and "false" or "true")
    .. "\"]}]}]'"
end

-- The rule's remediation (console, AWS CLI, Terraform) for "write" or "read".
function M.remediation(kind)
  local words = kind == "write" and "writes" or "reads"
  return {
    console = "CloudTrail > Trails > choose a multi-region trail that is logging > Data"
      .. " events > Edit > Add data event type S3, log selector template 'Log all events'"
      .. string.format(" (or 'Log %sOnly events') for all current and future buckets.", kind),
    cli = "aws cloudtrail put-event-selectors --trail-name <trail> --advanced-event-selectors "
      .. selector_json(kind) .. "  # this replaces the trail's selectors: add any others it has",
    terraform = string.format([[
resource "aws_cloudtrail" "main" {
  # ... is_multi_region_trail = true, enable_logging = true
  # Every selector is listed: these replace the trail's existing ones.
  advanced_event_selector {
    name = "Management events"
    field_selector {
      field  = "eventCategory"
      equals = ["Management"]
    }
  }
  advanced_event_selector {
    name = "S3 object %s"
    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }
    field_selector {
      field  = "resources.type"
      equals = ["AWS::S3::Object"]
    }
    field_selector {
      field  = "readOnly"
      equals = ["%s"]
    }
  }
}]], words, kind == "write" and "false" or "true"),
  }
end

-- The same in Japanese: the console's Japanese labels, the code's comments
-- in Japanese.
function M.remediation_ja(kind)
  local en = M.remediation(kind)
  return {
    console = "CloudTrail > 証跡 > ログ記録中のマルチリージョン証跡を選択 > データイベント > 編集"
      .. " > データイベントタイプ「S3」を追加し、「Log selector template」で「Log all events」"
      .. string.format("(または「Log %sOnly events」) を選び (英語のコンソールの表記)、", kind)
      .. "現在および将来のすべてのバケットを対象にする > 変更の保存",
    cli = "aws cloudtrail put-event-selectors --trail-name <trail> --advanced-event-selectors "
      .. selector_json(kind) .. "  # 証跡のセレクターはすべて置き換えられます。ほかのセレクターが"
      .. "あれば一緒に指定してください",
    terraform = en.terraform:gsub("# Every selector is listed: these replace the trail's"
                                  .. " existing ones%.",
                                  "# セレクターはすべて列挙します: 証跡の既存のセレクターは"
                                  .. "これで置き換えられます。"),
  }
end

-- v as string.format's %s says it.  Commands are concatenated, not
-- string.format's: a sandboxed call that costs several times more.
local function text(v)
  if type(v) == "string" then return v end
  return tostring(v)
end

-- Each kind's selectors, made once (the same for every account).
local SELECTOR_JSON = {write = selector_json("write"), read = selector_json("read")}

-- The AWS CLI fix for this account: on its active multi-region trail if it
-- has one, else a new trail.
local function fix_for(kind, candidate)
  local selector = SELECTOR_JSON[kind] or selector_json(kind)
  if candidate then
    return "aws cloudtrail put-event-selectors --region " .. text(candidate.home)
      .. " --trail-name " .. text(candidate.name) .. " --advanced-event-selectors " .. selector
  end
  return "aws cloudtrail create-trail --name account-trail --s3-bucket-name "
    .. fixes.placeholders("<log bucket>")
    .. " --is-multi-region-trail && aws cloudtrail start-logging --name account-trail"
    .. " && aws cloudtrail put-event-selectors --trail-name account-trail"
    .. " --advanced-event-selectors " .. selector
end

-- Clauses joined; one (most notes) is its own text: no table.concat, a
-- sandboxed call (every item is a message said here: a string).
local function join(list)
  if list[2] == nil and list[1] ~= nil then return list[1] end
  return require("i18n").clauses(list)
end

-- Why trail t does not count, or nil when its selectors must be read.
local function disqualified(t)
  if not t.multi_region then
    return say("not_multi_region", {trail = trails.label(t)})
  end
  if t.logging == false then
    return say("not_logging", {trail = trails.label(t)})
  end
  return nil
end

-- Each kind's message key, without a concatenation per account.
local EVENTS = {write = "events_write", read = "events_read"}

function M.judge_s3(snapshot, params, kind)
  local a = account.of(snapshot)
  local what = say(EVENTS[kind] or "events_" .. kind)
  local found, why = trails.found(snapshot)
  if not found then
    review{resource = a.resource, node = snapshot,
           message = say("undecided", {account = a.id, events = what, why = why}),
           fix = say("describe")}
    return
  end
  local against, undecided, candidate, reads = {}, {}, nil, {}
  local opts = {accept_arn_exclusions = params.accept_arn_exclusions} -- (one for every trail)
  local evidence -- the first trail its owner's snapshot settled (its label names it)
  local list = trails.all(snapshot) -- (by index: no C call per step)
  for k = 1, #list do
    local t = list[k]
    local no = disqualified(t)
    evidence = evidence or trails.evidence(t)
    if not no and not t.foreign and t.logging and not candidate then
      candidate = t -- an active multi-region trail of this account's own
    end
    if no then
      against[#against + 1] = no
    elseif not t.selectors then
      undecided[#undecided + 1] = say("unread", {trail = trails.label(t),
                                                 why = t.selectors_missing})
      reads[#reads + 1] = "aws cloudtrail get-event-selectors --region " .. text(t.home)
        .. " --trail-name " .. text(t.arn)
    else
      local c = selectors.s3_objects(t.selectors, a.partition, opts, snapshot)
      if c[kind] and t.logging then
        local ev = trails.evidence(t, t.selectors, say("event_selectors"), t.status, say("status"))
        pass{resource = a.resource, region = t.home, node = t.listed, evidence = ev,
             message = say("logs", {account = a.id, events = what,
                                    trail = trails.label(t, ev)})}
        return
      elseif c[kind] then
        undecided[#undecided + 1] = say("status_unknown", {trail = trails.label(t),
                                                           why = t.status_missing})
        reads[#reads + 1] = "aws cloudtrail get-trail-status --region " .. text(t.home)
          .. " --name " .. text(t.arn)
      else
        local detail = #c.notes > 0 and say("notes", {notes = join(c.notes)}) or ""
        against[#against + 1] = say("does_not_log", {trail = trails.label(t), detail = detail})
      end
    end
  end
  -- A result no report shows one by one is only counted (trailscan.keeps_reviews, keeps_fails).
  if #undecided > 0 then
    if not trailscan.keeps_reviews then return review() end
    -- The fix is to read what is missing (with a role allowed to, in the
    -- trail's own account for an organization trail), then scan again.
    review{resource = a.resource, node = snapshot,
           message = say("undecided", {account = a.id, events = what, why = join(undecided)})
             .. (#against > 0 and say("other_trails", {trails = join(against)}) or ""),
           fix = fixes.note(fixes.chain(reads), say("read_then_collect"))}
    return
  end
  if not trailscan.keeps_fails then return fail() end
  if #against == 0 then
    against[1] = say("no_trails")
  end
  fail{resource = a.resource, node = snapshot, evidence = evidence,
       fix = fix_for(kind, candidate),
       message = say("fails", {account = a.id, events = what, why = join(against)})}
end

return M

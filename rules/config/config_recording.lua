-- Security Hub Config.1 / CIS 1.2 2.5, 1.4-2.0 3.5, 3.0-5.0 3.3, 6.0-7.0 4.3:
-- AWS Config records in every region of the snapshot.  Per region: a
-- recorder exists, is recording, records every supported resource type, its
-- last status is not FAILURE and a delivery channel exists.  Which role the
-- recorder uses (Config.1's includeConfigServiceLinkedRoleCheck, which CIS
-- does not ask) is config-service-linked-role's to judge.
-- Global resource types (IAM) must be recorded in at least one region: one
-- account-wide result.
local account = require("account")
local answers = require("answers")
local fixes = require("fixes")

-- The findings' messages, by language (rules/lib/i18n.lua).  A recorder's
-- problems are clauses ("it is not recording") joined by i18n.clauses; {why}
-- is answers' phrase, in the same language.
local messages = {
  en = {
    excludes = "it excludes resource types ({types})",
    chosen_one = "it records only 1 chosen resource type, not all supported ones",
    chosen = "it records only {count} chosen resource types, not all supported ones",
    stopped = "it is not recording (stopped)",
    last_failure = "its last status is FAILURE ({code}: {message})",
    no_code = "no code",
    no_message = "no message",
    no_channel = "the region has no delivery channel",
    undecided = "Could not decide whether AWS Config records in {region}: {why}.",
    no_recorder = "AWS Config has no configuration recorder in {region}, so resource changes"
      .. " there leave no configuration history.",
    unreadable = "Could not decide whether AWS Config records in {region}:"
      .. " DescribeConfigurationRecorders lists no readable recorder.",
    status_missing = "its status is not in the snapshot",
    status_undecided = "Could not decide whether AWS Config recorder {recorder} in {region} is"
      .. " recording: {why}.",
    delivery_undecided = "Could not decide whether AWS Config recorder {recorder} in {region}"
      .. " delivers its records: {why}.",
    records = "AWS Config recorder {recorder} in {region} records every supported resource type"
      .. " and delivers its records.",
    does_not_record = "AWS Config recorder {recorder} in {region} does not record every"
      .. " supported resource type and deliver its records: {problems}.",
    find_why = "find why delivery fails",
    no_region = "Could not decide whether AWS Config records anywhere: the snapshot holds no"
      .. " region.",
    global_records = "AWS Config records global resource types (IAM) in at least one region.",
    global_undecided = "Could not decide whether AWS Config records global resource types"
      .. " (IAM) in some region: no region answered records them, and {regions} did not"
      .. " answer.",
    global_missing = "No region's AWS Config recorder records global resource types (IAM"
      .. " users, roles, policies), so changes to them leave no configuration history.",
  },
  ja = {
    excludes = "除外しているリソースタイプがあります ({types})",
    chosen_one = "サポートされているすべてのリソースタイプではなく、"
      .. "選択した 1 個のリソースタイプだけを記録しています",
    chosen = "サポートされているすべてのリソースタイプではなく、"
      .. "選択した {count} 個のリソースタイプだけを記録しています",
    stopped = "記録していません (停止中)",
    last_failure = "最後の状態が FAILURE です ({code}: {message})",
    no_code = "コードなし",
    no_message = "メッセージなし",
    no_channel = "リージョンに配信チャネルがありません",
    undecided = "{region} で AWS Config が記録しているかどうかを判定できません: {why}。",
    no_recorder = "{region} には AWS Config の設定レコーダーがないため、"
      .. "このリージョンのリソースの変更が設定履歴に残りません。",
    unreadable = "{region} で AWS Config が記録しているかどうかを判定できません: "
      .. "DescribeConfigurationRecorders に読み取れるレコーダーがありません。",
    status_missing = "レコーダーの状態がスナップショットにありません",
    status_undecided = "{region} の AWS Config "
      .. "レコーダー「{recorder}」が記録中かどうかを判定できません: {why}。",
    delivery_undecided = "{region} の AWS Config "
      .. "レコーダー「{recorder}」が記録を配信しているかどうかを判定できません: {why}。",
    records = "{region} の AWS Config レコーダー「{recorder}」は、"
      .. "サポートされているすべてのリソースタイプを記録し、記録を配信しています。",
    does_not_record = "{region} の AWS Config レコーダー「{recorder}」は、"
      .. "サポートされているすべてのリソースタイプの記録と配信ができていません: {problems}。",
    find_why = "配信が失敗する原因を確認",
    no_region = "AWS Config がいずれかのリージョンで記録しているかどうかを判定できません: "
      .. "スナップショットにリージョンがありません。",
    global_records = "AWS Config は少なくとも 1 つのリージョンでグローバルリソースタイプ (IAM) を記録しています。",
    global_undecided = "AWS Config がいずれかのリージョンでグローバルリソースタイプ (IAM) "
      .. "を記録しているかどうかを判定できません: 応答のあったリージョンでは記録しておらず、"
      .. "{regions} からは応答がありません。",
    global_missing = "グローバルリソースタイプ (IAM のユーザー、ロール、"
      .. "ポリシー) を記録している AWS Config レコーダーがどのリージョンにもないため、"
      .. "これらの変更が設定履歴に残りません。",
  },
}
local i18n = require("i18n")
local say = i18n.catalogue(messages)

-- (Concatenated: every region of every account asks, and string.format
-- is a sandboxed call costing several times more.  The partition and
-- account id are strings (the loader checked), region a region's name.)
local function recorder_arn(snapshot, region, name)
  if name == nil then name = "*" elseif type(name) ~= "string" then name = tostring(name) end
  return "arn:" .. snapshot.partition .. ":config:" .. region .. ":" .. snapshot.account_id
    .. ":configuration-recorder/" .. name
end

-- rec: the region's recorder, nil when it has none.  The fix keeps the
-- recorder's role and its includeGlobalResourceTypes: global types belong
-- in one region, which the account-wide result judges.
local function fix_for(snapshot, region, rec, problems)
  local q = fixes.q(region)
  local name = rec and rec.name or "default"
  local cmds = {}
  if problems.recorder then
    local role = rec and type(rec.roleARN) == "string" and rec.roleARN ~= "" and rec.roleARN
      or string.format("arn:%s:iam::%s:role/aws-service-role/config.amazonaws.com"
                       .. "/AWSServiceRoleForConfig", snapshot.partition, snapshot.account_id)
    local g = rec and type(rec.recordingGroup) == "table" and rec.recordingGroup or {}
    cmds[#cmds + 1] = string.format("aws configservice put-configuration-recorder --region %s"
      .. " --configuration-recorder name=%s,roleARN=%s --recording-group"
      .. " allSupported=true,includeGlobalResourceTypes=%s", q, fixes.q(name), fixes.q(role),
      g.includeGlobalResourceTypes == true and "true" or "false")
  end
  if problems.channel then
    cmds[#cmds + 1] = string.format("aws configservice put-delivery-channel --region %s"
      .. " --delivery-channel name=default,s3BucketName=<config bucket>", q)
  end
  if problems.start then
    cmds[#cmds + 1] = string.format("aws configservice start-configuration-recorder --region %s"
      .. " --configuration-recorder-name %s", q, fixes.q(name))
  end
  return fixes.chain(cmds)
end

-- The recorder's status entry, by name.
local function status_of(statuses, name)
  for _, s in ipairs(statuses.ConfigurationRecordersStatus or {}) do
    if type(s) == "table" and s.name == name then return s end
  end
  return nil
end

local function records_all(rec, params)
  local g = type(rec.recordingGroup) == "table" and rec.recordingGroup or {}
  local strategy = type(g.recordingStrategy) == "table" and g.recordingStrategy.useOnly
  if g.allSupported == true or strategy == "ALL_SUPPORTED_RESOURCE_TYPES" then
    return true
  end
  if strategy == "EXCLUSION_BY_RESOURCE_TYPES" then
    local ex = type(g.exclusionByResourceTypes) == "table"
      and g.exclusionByResourceTypes.resourceTypes or {}
    local names = {}
    for _, t in ipairs(ex) do names[#names + 1] = tostring(t) end
    if params.allow_exclusions then return true end
    return false, say("excludes", {types = i18n.list(names)})
  end
  local n = type(g.resourceTypes) == "table" and #g.resourceTypes or 0
  if n == 1 then return false, say("chosen_one") end
  return false, say("chosen", {count = n})
end

-- Every problem of one recorder, in a fixed order, and which fixes apply.
local function recorder_problems(rec, status, params)
  local out, kinds = {}, {}
  local all, why = records_all(rec, params)
  if not all then out[#out + 1] = why; kinds.recorder = true end
  if status.recording ~= true then
    out[#out + 1] = say("stopped"); kinds.start = true
  end
  if status.lastStatus == "FAILURE" then
    out[#out + 1] = say("last_failure", {code = status.lastErrorCode or say("no_code"),
                                         message = status.lastErrorMessage
                                           or say("no_message")})
  end
  return out, kinds
end

-- A region whose recorders are unknown: the same review for every account
-- that lacks them alike (answers.said_once).
local undecided = answers.said_once(function(region, why)
  return say("undecided", {region = region, why = why})
end)
local ask = answers.said_once(function(region)
  return "aws configservice describe-configuration-recorders --region " .. fixes.q(region)
end)

local function judge_region(snapshot, params, region, node)
  local recs, why = answers.get(snapshot, region, "config", "DescribeConfigurationRecorders")
  if not recs then
    -- (only counted when no report shows it: trailscan.keeps_reviews)
    if not trailscan.keeps_reviews then return review(), nil end
    return review{resource = recorder_arn(snapshot, region), region = region, node = node,
                  fix = ask(region), message = undecided(region, why)}, nil
  end
  local base = {region = region, node = recs}
  -- (asked only where the recorders are known: the review above needs neither)
  local statuses, why2 = answers.get(snapshot, region, "config",
                                     "DescribeConfigurationRecorderStatus")
  local channels, why3 = answers.get(snapshot, region, "config", "DescribeDeliveryChannels")
  local list = recs.ConfigurationRecorders or {}
  if #list == 0 then
    base.resource = recorder_arn(snapshot, region)
    base.message = say("no_recorder", {region = region})
    base.fix = fix_for(snapshot, region, nil, {recorder = true, channel = not channels
      or #(channels.DeliveryChannels or {}) == 0, start = true})
    return fail(base), false
  end
  -- Judge the best recorder (a region has one customer recorder, and may
  -- have service-linked ones that count only for what they record).
  local best, best_problems, best_kinds, best_status, global = nil, nil, nil, nil, false
  for _, rec in ipairs(list) do
    if type(rec) == "table" then
      local g = type(rec.recordingGroup) == "table" and rec.recordingGroup or {}
      local status = statuses and status_of(statuses, rec.name)
      local problems, kinds = {}, {}
      if status then
        problems, kinds = recorder_problems(rec, status, params)
      end
      if status and status.recording == true and g.includeGlobalResourceTypes == true then
        global = true
      end
      if not best or (status and (not best_status or #problems < #best_problems)) then
        best, best_problems, best_kinds, best_status = rec, problems, kinds, status
      end
    end
  end
  if not best then
    base.resource = recorder_arn(snapshot, region)
    base.fix = "aws configservice describe-configuration-recorders --region " .. fixes.q(region)
    base.message = say("unreadable", {region = region})
    return review(base), nil
  end
  base.resource = recorder_arn(snapshot, region, best.name)
  base.node = best
  if not best_status then
    base.fix = "aws configservice describe-configuration-recorder-status --region "
      .. fixes.q(region)
    base.message = say("status_undecided", {recorder = tostring(best.name), region = region,
                                            why = statuses and say("status_missing") or why2})
    return review(base), global or nil
  end
  if not channels then
    base.fix = "aws configservice describe-delivery-channels --region " .. fixes.q(region)
    base.message = say("delivery_undecided", {recorder = tostring(best.name), region = region,
                                              why = why3})
    return review(base), global
  end
  if #(channels.DeliveryChannels or {}) == 0 then
    best_problems[#best_problems + 1] = say("no_channel")
    best_kinds.channel = true
  end
  if #best_problems == 0 then
    base.message = say("records", {recorder = tostring(best.name), region = region})
    return pass(base), global
  end
  base.message = say("does_not_record", {recorder = tostring(best.name), region = region,
                                         problems = i18n.clauses(best_problems)})
  base.fix = fix_for(snapshot, region, best, best_kinds)
  if base.fix == "" then
    base.fix = fixes.note("aws configservice describe-configuration-recorder-status --region "
                          .. fixes.q(region), say("find_why"))
  end
  return fail(base), global
end

-- The remediation's code, the same in both languages but for its comments.
local CLI = "aws configservice put-configuration-recorder --region <region>"
  .. " --configuration-recorder name=default,roleARN=<AWSServiceRoleForConfig ARN>"
  .. " --recording-group allSupported=true,includeGlobalResourceTypes=true &&"
  .. " aws configservice put-delivery-channel --region <region> --delivery-channel"
  .. " name=default,s3BucketName=<bucket> && aws configservice"
  .. " start-configuration-recorder --region <region> --configuration-recorder-name default"

local TERRAFORM = [[
resource "aws_config_configuration_recorder" "main" {
  name     = "default"
  role_arn = aws_iam_service_linked_role.config.arn
  recording_group {
    all_supported                 = true
    include_global_resource_types = true # in one region
  }
}
resource "aws_config_delivery_channel" "main" {
  name           = "default"
  s3_bucket_name = aws_s3_bucket.config.id
  depends_on     = [aws_config_configuration_recorder.main]
}
resource "aws_config_configuration_recorder_status" "main" {
  name       = aws_config_configuration_recorder.main.name
  is_enabled = true
  depends_on = [aws_config_delivery_channel.main]
}]]

return {
  id = "config-recording-all-regions",
  name = "ConfigRecordingAllRegions",
  title = "AWS Config records every supported resource type in every region",
  severity = "medium",
  description = "AWS Config keeps the history of every resource's configuration. Without it"
    .. " in a region, nobody can tell what a security group, bucket policy or role looked"
    .. " like when an incident happened there, or who changed it.",
  remediation = {
    console = "AWS Config > Settings (in each region) > Edit: Recording strategy: All resource"
      .. " types with customizable overrides, include global resource types in one region,"
      .. " IAM role: the AWS Config service-linked role, a delivery S3 bucket > Save; then"
      .. " Recording is on.",
    cli = CLI .. "  # includeGlobalResourceTypes=true in one region only, false in the others",
    terraform = TERRAFORM,
  },
  texts = {
    ja = {
      title = "すべてのリージョンで AWS Config が、サポートされているすべてのリソースタイプを記録している",
      description = "リスク: AWS Config は、各リソースの設定の履歴を保持します。"
        .. "AWS Config が記録していないリージョンでインシデントが起きると、"
        .. "そのときセキュリティグループ、バケットポリシー、ロールがどのような設定だったのか、"
        .. "誰が変更したのかを確認できません。対策: すべてのリージョンで、"
        .. "サポートされているすべてのリソースタイプを記録し、"
        .. "グローバルリソースタイプ (IAM) は 1 つのリージョンで記録します。",
      remediation = {
        console = "AWS Config > 設定 (リージョンごと) > カスタマーマネージドレコーダー > 編集 > "
          .. "記録方法:「カスタマイズ可能なオーバーライドを持つすべてのリソースタイプ」を選択 "
          .. "(IAM などのグローバルリソースタイプは 1 つのリージョンでのみ記録) > "
          .. "IAM ロール:「AWS Config のサービスにリンクされたロール」> "
          .. "配信チャネル: 配信先の S3 バケット > 保存。"
          .. "その後、記録がオンになっていることを確認します。",
        cli = fixes.placeholders_ja(CLI)
          .. "  # includeGlobalResourceTypes=true は 1 つのリージョンのみ、"
          .. "ほかのリージョンでは false",
        terraform = (TERRAFORM:gsub("# in one region", "# 1 つのリージョンのみ")),
      },
    },
  },
  messages = messages,
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/config-controls.html#config-1",
    "https://docs.aws.amazon.com/config/latest/developerguide/stop-start-recorder.html",
  },
  compliance = require("compliance").of("config-recording-all-regions"),
  params = {
    allow_exclusions = {
      default = false,
      description = "Count a recorder that records all supported types except some it"
        .. " excludes (EXCLUSION_BY_RESOURCE_TYPES) as recording all of them.",
    },
  },
  check = function(snapshot, params)
    local regions = answers.regions(snapshot)
    local any_global, unknown, known = false, {}, 0
    for i = 1, #regions do -- (answers.regions' list: by index, no C call per step)
      local region = regions[i]
      local _, global = judge_region(snapshot, params, region, snapshot.regions[region])
      if global then any_global = true end
      if global == nil then unknown[#unknown + 1] = region else known = known + 1 end
    end
    local a = account.of(snapshot)
    local result = {resource = a.resource, node = snapshot.regions}
    if #regions == 0 then
      result.message = say("no_region")
      return review(result)
    end
    -- Where no region answered, each region's review already says so.
    if known == 0 and not any_global then return end
    if any_global then
      result.message = say("global_records")
      return pass(result)
    end
    if #unknown > 0 then
      result.fix = "aws configservice describe-configuration-recorders --region "
        .. fixes.q(unknown[1])
      result.message = say("global_undecided", {regions = i18n.list(unknown)})
      return review(result)
    end
    result.fix = string.format("aws configservice put-configuration-recorder --region %s"
      .. " --configuration-recorder name=default,roleARN=arn:%s:iam::%s:role/aws-service-role/"
      .. "config.amazonaws.com/AWSServiceRoleForConfig --recording-group"
      .. " allSupported=true,includeGlobalResourceTypes=true", fixes.q(regions[1]),
      snapshot.partition, snapshot.account_id)
    result.message = say("global_missing")
    fail(result)
  end,
}

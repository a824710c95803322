-- Security Hub Config.1's includeConfigServiceLinkedRoleCheck: each AWS
-- Config recorder uses the service-linked role AWSServiceRoleForConfig.
-- A rule of its own because CIS ("AWS Config is enabled in all regions")
-- does not ask it: config-recording-all-regions judges what CIS and
-- Config.1 share, this rule the part only Config.1 has.  A region without a
-- recorder has no role to judge (config-recording-all-regions fails it).
local answers = require("answers")
local fixes = require("fixes")

local SLR = "/AWSServiceRoleForConfig"

-- The findings' messages, by language (rules/lib/i18n.lua).  {why} is
-- answers' phrase, in the same language.
local messages = {
  en = {
    uses = "AWS Config recorder {recorder} in {region} uses the service-linked role"
      .. " AWSServiceRoleForConfig.",
    other_role = "AWS Config recorder {recorder} in {region} does not use the service-linked"
      .. " role AWSServiceRoleForConfig: its role is {role}.",
    no_role = "AWS Config recorder {recorder} in {region} does not use the service-linked role"
      .. " AWSServiceRoleForConfig: its role is not set.",
    create_first = "if the role does not exist yet, first: aws iam create-service-linked-role"
      .. " --aws-service-name config.amazonaws.com",
    undecided = "Could not decide which role AWS Config uses in {region}: {why}.",
  },
  ja = {
    uses = "{region} の AWS Config レコーダー「{recorder}」は、"
      .. "サービスにリンクされたロール AWSServiceRoleForConfig を使用しています。",
    other_role = "{region} の AWS Config レコーダー「{recorder}」は、"
      .. "サービスにリンクされたロール AWSServiceRoleForConfig を使用していません: "
      .. "使用しているロールは {role} です。",
    no_role = "{region} の AWS Config レコーダー「{recorder}」は、"
      .. "サービスにリンクされたロール AWSServiceRoleForConfig を使用していません: "
      .. "ロールが設定されていません。",
    create_first = "ロールがまだない場合は、先に aws iam create-service-linked-role "
      .. "--aws-service-name config.amazonaws.com を実行",
    undecided = "{region} で AWS Config が使用するロールを判定できません: {why}。",
  },
}
local say = require("i18n").catalogue(messages)

-- (Concatenated: every region of every account asks, and string.format
-- is a sandboxed call costing several times more.  The partition and
-- account id are strings (the loader checked), region a region's name.)
local function recorder_arn(snapshot, region, name)
  if name == nil then name = "*" elseif type(name) ~= "string" then name = tostring(name) end
  return "arn:" .. snapshot.partition .. ":config:" .. region .. ":" .. snapshot.account_id
    .. ":configuration-recorder/" .. name
end

local function slr_arn(snapshot)
  return "arn:" .. snapshot.partition .. ":iam::" .. snapshot.account_id
    .. ":role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"
end

-- put-configuration-recorder replaces the recorder: the fix repeats its
-- recording group as the snapshot holds it, so only the role changes.
local function fix_for(snapshot, region, rec)
  local cmd = "aws configservice put-configuration-recorder --region " .. fixes.q(region)
    .. " --configuration-recorder name=" .. fixes.q(rec.name) .. ",roleARN=" .. slr_arn(snapshot)
  if type(rec.recordingGroup) == "table" then
    cmd = cmd .. " --recording-group " .. fixes.q(fixes.json(rec.recordingGroup))
  end
  return fixes.fit(fixes.note(cmd, say("create_first")), cmd)
end

local function judge_recorder(snapshot, region, rec)
  local r = {region = region, node = rec, resource = recorder_arn(snapshot, region, rec.name)}
  local role = type(rec.roleARN) == "string" and rec.roleARN or ""
  if role:sub(-#SLR) == SLR then
    r.message = say("uses", {recorder = tostring(rec.name), region = region})
    return pass(r)
  end
  if role ~= "" then
    r.message = say("other_role", {recorder = tostring(rec.name), region = region,
                                    role = role})
  else
    r.message = say("no_role", {recorder = tostring(rec.name), region = region})
  end
  r.fix = fix_for(snapshot, region, rec)
  fail(r)
end

-- A region whose recorders are unknown: the same review for every account
-- that lacks them alike (answers.said_once).
local undecided = answers.said_once(function(region, why)
  return say("undecided", {region = region, why = why})
end)
local ask = answers.said_once(function(region)
  return "aws configservice describe-configuration-recorders --region " .. fixes.q(region)
end)

local function judge_region(snapshot, region)
  local recs, why = answers.get(snapshot, region, "config", "DescribeConfigurationRecorders")
  if not recs then
    -- (only counted when no report shows it: trailscan.keeps_reviews)
    if not trailscan.keeps_reviews then return review() end
    review({region = region, node = snapshot.regions[region],
            resource = recorder_arn(snapshot, region),
            fix = ask(region),
            message = undecided(region, why)})
    return
  end
  for _, rec in ipairs(recs.ConfigurationRecorders or {}) do
    if type(rec) == "table" then judge_recorder(snapshot, region, rec) end
  end
end

-- The remediation's AWS CLI, in both languages (texts.ja says its
-- <placeholders> in Japanese).
local CLI = "aws configservice put-configuration-recorder --region <region>"
  .. " --configuration-recorder name=<recorder>,roleARN=<AWSServiceRoleForConfig ARN>"
  .. " --recording-group <its current recording group>"

return {
  id = "config-service-linked-role",
  name = "ConfigServiceLinkedRole",
  title = "AWS Config recorders use the service-linked role",
  severity = "medium",
  description = "Security Hub's Config.1 asks that AWS Config record with its service-linked"
    .. " role AWSServiceRoleForConfig: AWS keeps that role's permissions in step with what"
    .. " Config must read, where a custom role can lose access and leave gaps in the"
    .. " configuration history.",
  remediation = {
    console = "AWS Config > Settings (in each region) > Edit > IAM role for AWS Config: Use"
      .. " an existing AWS Config service-linked role > Save.",
    cli = CLI,
    terraform = [[
resource "aws_iam_service_linked_role" "config" {
  aws_service_name = "config.amazonaws.com"
}
resource "aws_config_configuration_recorder" "main" {
  name     = "default"
  role_arn = aws_iam_service_linked_role.config.arn
}]],
  },
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/config-controls.html#config-1",
    "https://docs.aws.amazon.com/config/latest/developerguide/using-service-linked-roles.html",
  },
  texts = {
    ja = {
      title = "AWS Config のレコーダーがサービスにリンクされたロールを使用している",
      description = "リスク: Security Hub の Config.1 は、"
        .. "AWS Config がサービスにリンクされたロール AWSServiceRoleForConfig "
        .. "で記録することを求めています。このロールの権限は、"
        .. "Config が読み取る必要のある範囲に合わせて AWS が維持しますが、"
        .. "カスタムロールではアクセス権限が不足して、設定履歴に欠落が生じることがあります。"
        .. "対策: 各リージョンのレコーダーで AWSServiceRoleForConfig を使用します。",
      remediation = {
        cli = fixes.placeholders_ja(CLI),
        console = "AWS Config > 設定 (リージョンごと) > 編集 > AWS Config の IAM ロール: AWS "
          .. "Config のサービスにリンクされたロールを使用 > 保存",
      },
    },
  },
  messages = messages,
  compliance = require("compliance").of("config-service-linked-role"),
  params = {
    includeConfigServiceLinkedRoleCheck = {
      default = true,
      description = "Security Hub's Config.1 parameter: false turns the check off (the rule"
        .. " then judges nothing).",
    },
  },
  check = function(snapshot, params)
    if not params.includeConfigServiceLinkedRoleCheck then return end
    local regions = answers.regions(snapshot) -- (by index: no C call per step)
    for i = 1, #regions do
      judge_region(snapshot, regions[i])
    end
  end,
}

-- Security Hub KMS.4 / CIS 1.2 2.8, 1.4-2.0 3.8, 3.0-5.0 3.6, 6.0-7.0 4.6:
-- every enabled customer-managed symmetric KMS key with AWS-made key
-- material rotates automatically.  Keys rotation cannot apply to are
-- reported as passes that say why they are not in scope.
local answers = require("answers")
local fixes = require("fixes")

-- The findings' messages, by language (rules/lib/i18n.lua).  A key's reason
-- to be out of scope is a phrase: "it is {reason}" in English, a noun
-- phrase in Japanese.  {why} is answers' phrase, in the same language.
local messages = {
  en = {
    aws_managed = "an AWS managed key (AWS rotates it every year; it cannot be changed)",
    pending_deletion = "pending deletion (rotation does not apply to a key being deleted)",
    disabled = "disabled (a disabled key encrypts nothing new)",
    hmac = "an HMAC key ({spec}; KMS cannot rotate HMAC keys automatically)",
    asymmetric = "an asymmetric key ({spec}; KMS cannot rotate asymmetric keys automatically)",
    imported = "a key with imported material (Origin EXTERNAL; rotate it by hand, KMS cannot)",
    custom_store = "a key in a custom key store (Origin {origin}; KMS cannot rotate it"
      .. " automatically)",
    replica = "a multi-Region replica key (it rotates with its primary key {primary}, judged"
      .. " there)",
    replica_elsewhere = "a multi-Region replica key (it rotates with its primary key in"
      .. " another region, judged there)",
    out_of_scope = "KMS key {key} is not in scope of automatic rotation: it is {reason}.",
    no_metadata = "DescribeKey shows no KeyMetadata",
    undecided_key = "Could not decide whether KMS key {key} rotates: {why}.",
    no_status = "KeyRotationEnabled is missing",
    undecided_cmk = "Could not decide whether customer managed key {key} rotates: {why}.",
    rotates = "Customer managed key {key} rotates its key material automatically (every {days}"
      .. " days).",
    does_not_rotate = "Customer managed key {key} does not rotate its key material: data it"
      .. " protects stays under one key for as long as the key lives.",
    does_not_rotate_described = "Customer managed key {key} ({description}) does not rotate"
      .. " its key material: data it protects stays under one key for as long as the key"
      .. " lives.",
    undecided_region = "Could not decide whether the KMS keys of {region} rotate: {why}.",
  },
  ja = {
    aws_managed = "AWS マネージドキー (AWS が毎年ローテーションし、この設定は変更できません)",
    pending_deletion = "削除保留中のキー (削除予定のキーにはローテーションが適用されません)",
    disabled = "無効なキー (無効なキーで新たに暗号化されるデータはありません)",
    hmac = "HMAC キー ({spec})。KMS は HMAC キーを自動ローテーションできません",
    asymmetric = "非対称キー ({spec})。KMS は非対称キーを自動ローテーションできません",
    imported = "キーマテリアルをインポートしたキー (Origin EXTERNAL)。"
      .. "KMS ではローテーションできないため、手動でローテーションします",
    custom_store = "カスタムキーストアのキー (Origin {origin})。KMS は自動ローテーションできません",
    replica = "マルチリージョンのレプリカキー (プライマリキー {primary} "
      .. "と共にローテーションされるため、そちらで判定します)",
    replica_elsewhere = "マルチリージョンのレプリカキー "
      .. "(別のリージョンのプライマリキーと共にローテーションされるため、そちらで判定します)",
    out_of_scope = "KMS キー {key} は自動ローテーションの対象外です: {reason}。",
    no_metadata = "DescribeKey に KeyMetadata がありません",
    undecided_key = "KMS キー {key} がローテーションされるかどうかを判定できません: {why}。",
    no_status = "KeyRotationEnabled がありません",
    undecided_cmk = "カスタマーマネージドキー {key} "
      .. "がローテーションされるかどうかを判定できません: {why}。",
    rotates = "カスタマーマネージドキー {key} はキーマテリアルを自動でローテーションしています ({days} 日ごと)。",
    does_not_rotate = "カスタマーマネージドキー {key} "
      .. "はキーマテリアルをローテーションしていません。このキーで保護されたデータは、"
      .. "キーが存在する限り同じキーマテリアルのままです。",
    does_not_rotate_described = "カスタマーマネージドキー {key} ({description}) "
      .. "はキーマテリアルをローテーションしていません。このキーで保護されたデータは、"
      .. "キーが存在する限り同じキーマテリアルのままです。",
    undecided_region = "{region} の KMS キーがローテーションされるかどうかを判定できません: {why}。",
  },
}
local say = require("i18n").catalogue(messages)

-- Why a key is outside KMS.4, or nil when it is in scope.  Order matters:
-- the first reason that applies is the one a reader needs.
local function out_of_scope(m)
  if m.KeyManager == "AWS" then
    return say("aws_managed")
  end
  if m.KeyState == "PendingDeletion" or m.KeyState == "PendingReplicaDeletion" then
    return say("pending_deletion")
  end
  if m.Enabled == false or m.KeyState == "Disabled" then
    return say("disabled")
  end
  local spec = m.KeySpec or m.CustomerMasterKeySpec
  if type(spec) == "string" and spec:match("^HMAC_") then
    return say("hmac", {spec = spec})
  end
  if type(spec) == "string" and spec ~= "SYMMETRIC_DEFAULT" then
    return say("asymmetric", {spec = spec})
  end
  if m.Origin == "EXTERNAL" then
    return say("imported")
  end
  if m.Origin == "AWS_CLOUDHSM" or m.Origin == "EXTERNAL_KEY_STORE" then
    return say("custom_store", {origin = m.Origin})
  end
  local mr = type(m.MultiRegionConfiguration) == "table" and m.MultiRegionConfiguration
  if mr and mr.MultiRegionKeyType == "REPLICA" then
    local primary = type(mr.PrimaryKey) == "table" and mr.PrimaryKey.Arn
    if primary == nil or primary == false then return say("replica_elsewhere") end
    return say("replica", {primary = primary})
  end
  return nil
end

-- (Commands are concatenated: string.format is a sandboxed call costing
-- several times more.  fixes.q gives strings.)
local function enable_fix(region, key)
  return "aws kms enable-key-rotation --region " .. fixes.q(region) .. " --key-id " .. fixes.q(key)
end

-- A region whose keys are unknown: the same review for every account that
-- lacks them alike (answers.said_once).
local undecided_region = answers.said_once(function(region, why)
  return say("undecided_region", {region = region, why = why})
end)
local ask_keys = answers.said_once(function(region)
  return "aws kms list-keys --region " .. fixes.q(region)
end)

local function judge_key(snapshot, region, entry)
  local key = entry.KeyArn or entry.KeyId
  local result = {resource = key, region = region, node = entry}
  local desc, why = answers.keyed(snapshot, region, "kms", "DescribeKey", key)
  local m = desc and type(desc.KeyMetadata) == "table" and desc.KeyMetadata
  if not m then
    result.fix = "aws kms describe-key --region " .. fixes.q(region) .. " --key-id "
      .. fixes.q(key)
    result.message = say("undecided_key", {key = key, why = why or say("no_metadata")})
    return review(result)
  end
  result.node = m
  local reason = out_of_scope(m)
  if reason then
    result.message = say("out_of_scope", {key = key, reason = reason})
    return pass(result)
  end
  local status, why2 = answers.keyed(snapshot, region, "kms", "GetKeyRotationStatus", key)
  if not status or type(status.KeyRotationEnabled) ~= "boolean" then
    result.fix = "aws kms get-key-rotation-status --region " .. fixes.q(region) .. " --key-id "
      .. fixes.q(key)
    result.message = say("undecided_cmk", {key = key, why = why2 or say("no_status")})
    return review(result)
  end
  if status.KeyRotationEnabled then
    result.node = status
    result.message = say("rotates", {key = key, days = status.RotationPeriodInDays or 365})
    return pass(result)
  end
  result.node = status
  result.fix = enable_fix(region, key)
  if type(m.Description) == "string" and m.Description ~= "" then
    result.message = say("does_not_rotate_described", {key = key, description = m.Description})
  else
    result.message = say("does_not_rotate", {key = key})
  end
  fail(result)
end

-- The remediation's AWS CLI, in both languages (texts.ja says its
-- <placeholders> in Japanese).
local CLI = "aws kms enable-key-rotation --region <region> --key-id <key ARN>"
  .. " [--rotation-period-in-days 365]"

return {
  id = "kms-key-rotation",
  name = "KmsKeyRotation",
  title = "Customer managed symmetric KMS keys rotate their key material automatically",
  severity = "medium",
  description = "A key that never rotates protects ever more data with the same material, so"
    .. " a leaked or broken key exposes all of it. Automatic rotation makes new material"
    .. " every year (or the period set) and keeps the old material for decryption.",
  remediation = {
    console = "KMS > Customer managed keys > choose the key > Key rotation > Automatically"
      .. " rotate this KMS key > Save.",
    cli = CLI,
    terraform = [[
resource "aws_kms_key" "example" {
  # ...
  enable_key_rotation     = true
  rotation_period_in_days = 365
}]],
  },
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#kms-4",
    "https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html",
  },
  texts = {
    ja = {
      title = "カスタマーマネージド型の対称 KMS キーでキーマテリアルの自動ローテーションが有効になっている",
      description = "リスク: ローテーションしないキーは、"
        .. "同じキーマテリアルで保護するデータが増え続けるため、"
        .. "キーが漏えいしたり破られたりすると、そのすべてが危険にさらされます。"
        .. "対策: 自動キーローテーションを有効にします。"
        .. "KMS が毎年 (または設定した期間ごとに) 新しいキーマテリアルを作成し、"
        .. "古いキーマテリアルは復号のために保持します。",
      remediation = {
        cli = fixes.placeholders_ja(CLI),
        console = "KMS > カスタマーマネージド型のキー > キーを選択 > キーのローテーション > "
          .. "自動キーローテーションを有効にする > 保存",
      },
    },
  },
  messages = messages,
  compliance = require("compliance").of("kms-key-rotation"),
  check = function(snapshot)
    local regions = answers.regions(snapshot) -- (by index: no C call per step)
    for i = 1, #regions do
      local region = regions[i]
      local keys, why = answers.get(snapshot, region, "kms", "ListKeys")
      if not keys and not trailscan.keeps_reviews then
        review() -- only counted: no report shows it
      elseif not keys then
        -- (concatenated: string.format is a sandboxed call costing more;
        -- the partition and account id are strings, the loader checked)
        review{resource = "arn:" .. snapshot.partition .. ":kms:" .. region .. ":"
                 .. snapshot.account_id .. ":key/*",
               region = region, node = snapshot.regions[region],
               fix = ask_keys(region),
               message = undecided_region(region, why)}
      else
        for _, entry in ipairs(keys.Keys or {}) do
          if type(entry) == "table" and (entry.KeyArn or entry.KeyId) then
            judge_key(snapshot, region, entry)
          end
        end
      end
    end
  end,
}

-- Security Hub KMS.4 / CIS 1.2 2.8, 1.4-2.0 3.8, 3.0-5.0 3.6, 6.0-7.0 4.6:
-- every enabled customer-managed symmetric KMS key with AWS-made key
-- material rotates automatically.  Keys rotation cannot apply to are
-- reported as passes that say why they are not in scope.
local answers = require("answers")
local fixes = require("fixes")

-- Why a key is outside KMS.4, or nil when it is in scope.  Order matters:
-- the first reason that applies is the one a reader needs.
local function out_of_scope(m)
  if m.KeyManager == "AWS" then
    return "an AWS managed key (AWS rotates it every year; it cannot be changed)"
  end
  if m.KeyState == "PendingDeletion" or m.KeyState == "PendingReplicaDeletion" then
    return "pending deletion (rotation does not apply to a key being deleted)"
  end
  if m.Enabled == false or m.KeyState == "Disabled" then
    return "disabled (a disabled key encrypts nothing new)"
  end
  local spec = m.KeySpec or m.CustomerMasterKeySpec
  if type(spec) == "string" and spec:match("^HMAC_") then
    return "an HMAC key (" .. spec .. "; KMS cannot rotate HMAC keys automatically)"
  end
  if type(spec) == "string" and spec ~= "SYMMETRIC_DEFAULT" then
    return "an asymmetric key (" .. spec .. "; KMS cannot rotate asymmetric keys"
      .. " automatically)"
  end
  if m.Origin == "EXTERNAL" then
    return "a key with imported material (Origin EXTERNAL; rotate it by hand, KMS cannot)"
  end
  if m.Origin == "AWS_CLOUDHSM" or m.Origin == "EXTERNAL_KEY_STORE" then
    return "a key in a custom key store (Origin " .. m.Origin .. "; KMS cannot rotate it"
      .. " automatically)"
  end
  local mr = type(m.MultiRegionConfiguration) == "table" and m.MultiRegionConfiguration
  if mr and mr.MultiRegionKeyType == "REPLICA" then
    local primary = type(mr.PrimaryKey) == "table" and mr.PrimaryKey.Arn
    return "a multi-Region replica key (it rotates with its primary key "
      .. tostring(primary or "in another region") .. ", judged there)"
  end
  return nil
end

local function enable_fix(region, key)
  return string.format("aws kms enable-key-rotation --region %s --key-id %s", fixes.q(region),
                       fixes.q(key))
end

local function judge_key(snapshot, region, entry)
  local key = entry.KeyArn or entry.KeyId
  local result = {resource = key, region = region, node = entry}
  local desc, why = answers.keyed(snapshot, region, "kms", "DescribeKey", key)
  local m = desc and type(desc.KeyMetadata) == "table" and desc.KeyMetadata
  if not m then
    result.fix = string.format("aws kms describe-key --region %s --key-id %s", fixes.q(region),
                               fixes.q(key))
    result.message = string.format("Could not decide whether KMS key %s rotates: %s.", key,
                                   why or "DescribeKey shows no KeyMetadata")
    return review(result)
  end
  result.node = m
  local reason = out_of_scope(m)
  if reason then
    result.message = string.format("KMS key %s is not in scope of automatic rotation: it is %s.",
                                   key, reason)
    return pass(result)
  end
  local status, why2 = answers.keyed(snapshot, region, "kms", "GetKeyRotationStatus", key)
  if not status or type(status.KeyRotationEnabled) ~= "boolean" then
    result.fix = string.format("aws kms get-key-rotation-status --region %s --key-id %s",
                               fixes.q(region), fixes.q(key))
    result.message = string.format("Could not decide whether customer managed key %s rotates:"
                                   .. " %s.", key, why2 or "KeyRotationEnabled is missing")
    return review(result)
  end
  if status.KeyRotationEnabled then
    result.node = status
    result.message = string.format("Customer managed key %s rotates its key material"
                                   .. " automatically (every %s days).", key,
                                   tostring(status.RotationPeriodInDays or 365))
    return pass(result)
  end
  result.node = status
  result.fix = enable_fix(region, key)
  result.message = string.format("Customer managed key %s%s does not rotate its key material:"
                                 .. " data it protects stays under one key for as long as the"
                                 .. " key lives.", key,
                                 type(m.Description) == "string" and m.Description ~= ""
                                   and (" (" .. m.Description .. ")") or "")
  fail(result)
end

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
    cli = "aws kms enable-key-rotation --region <region> --key-id <key ARN>"
      .. " [--rotation-period-in-days 365]",
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
  compliance = require("compliance").of("kms-key-rotation"),
  check = function(snapshot)
    for _, region in ipairs(answers.regions(snapshot)) do
      local keys, why = answers.get(snapshot, region, "kms", "ListKeys")
      if not keys then
        review{resource = string.format("arn:%s:kms:%s:%s:key/*", snapshot.partition, region,
                                        snapshot.account_id),
               region = region, node = snapshot.regions[region],
               fix = "aws kms list-keys --region " .. fixes.q(region),
               message = string.format("Could not decide whether the KMS keys of %s rotate: %s.",
                                       region, why)}
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

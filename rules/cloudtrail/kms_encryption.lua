-- Security Hub CloudTrail.2 / CIS AWS Foundations 1.4 item 3.7, 3.0 and 5.0
-- item 3.5.  Judged per trail, from DescribeTrails alone.
local trails = require("trails")
local fixes = require("fixes")

-- The findings' messages, by language (rules/lib/i18n.lua).
local messages = {
  en = {
    what = "encrypts its log files with a KMS key",
    encrypted = "Trail {trail} encrypts its log files with KMS key {key}.",
    plain = "Trail {trail} does not encrypt its log files with a KMS key: DescribeTrails shows"
      .. " no KmsKeyId, so they only get S3's default encryption.",
  },
  ja = {
    what = "ログファイルを KMS キーで暗号化している",
    encrypted = "証跡{trail}はログファイルを KMS キー {key} で暗号化しています。",
    plain = "証跡{trail}はログファイルを KMS キーで暗号化していません。"
      .. "DescribeTrails に KmsKeyId がないため、"
      .. "ログファイルには S3 のデフォルト暗号化しか適用されません。",
  },
}
local say = require("i18n").catalogue(messages)

-- The remediation's AWS CLI, in both languages (texts.ja says its
-- <placeholders> in Japanese).
local CLI = "aws cloudtrail update-trail --region <home region> --name <trail>"
  .. " --kms-key-id <KMS key ARN or alias>"

return {
  id = "cloudtrail-kms-encryption",
  name = "CloudTrailKmsEncryption",
  title = "CloudTrail trails encrypt their log files with a KMS key (SSE-KMS)",
  severity = "medium",
  description = "Without SSE-KMS, anyone who can read the log bucket can read the trail's"
    .. " log files, which describe every API call in the account. With a KMS key, reading"
    .. " them also needs kms:Decrypt on that key, and each use of the key is itself logged.",
  remediation = {
    console = "CloudTrail > Trails > choose the trail > General details > Edit > Log file"
      .. " SSE-KMS encryption: Enabled, choose or create a KMS key in the bucket's Region"
      .. " whose key policy lets cloudtrail.amazonaws.com use it > Save changes.",
    cli = CLI,
    terraform = [[
resource "aws_cloudtrail" "main" {
  # ...
  kms_key_id = aws_kms_key.cloudtrail.arn # its policy must allow cloudtrail.amazonaws.com
}]],
  },
  texts = {
    ja = {
      title = "CloudTrail の証跡でログファイルを KMS キーで暗号化 (SSE-KMS) している",
      description = "リスク: SSE-KMS を使わない証跡では、"
        .. "ログバケットを読み取れる人なら誰でもログファイルを読めます。"
        .. "ログファイルにはアカウントのすべての API 呼び出しが記録されています。"
        .. "KMS キーで暗号化すると、読み取りにはそのキーに対する kms:Decrypt の権限も必要になり、"
        .. "キーの使用自体も記録されます。対策: すべての証跡でログファイルの SSE-KMS "
        .. "暗号化を有効にします。",
      remediation = {
        cli = fixes.placeholders_ja(CLI),
        console = "CloudTrail > 証跡 > 証跡を選択 > 全般的な詳細 > 編集 > ログファイルの SSE-KMS "
          .. "暗号化: 有効 > バケットと同じリージョンにあり、"
          .. "キーポリシーで cloudtrail.amazonaws.com に使用を許可した KMS キーを選択または作成 > "
          .. "変更の保存",
        terraform = [[
resource "aws_cloudtrail" "main" {
  # ...
  kms_key_id = aws_kms_key.cloudtrail.arn # キーポリシーで cloudtrail.amazonaws.com を許可すること
}]],
      },
    },
  },
  messages = messages,
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-2",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html",
  },
  compliance = require("compliance").of("cloudtrail-kms-encryption"),
  check = function(snapshot)
    local what = say("what")
    local keeps_passes = trailscan.keeps_passes
    local list = trails.each_listed(snapshot, what) -- (by index: no C call per step)
    for i = 1, #list do
      local t = list[i]
      local key = t.trail.KmsKeyId
      if trails.unsettled(t, what) then
        -- reported
      elseif type(key) == "string" and key ~= "" and not keeps_passes then
        pass() -- counted: no report shows passes
      elseif type(key) == "string" and key ~= "" then
        local result = trails.result(t)
        result.message = say("encrypted", {trail = trails.label(t), key = key})
        pass(result)
      else
        local result = trails.result(t)
        result.message = say("plain", {trail = trails.label(t)})
        result.fix = fixes.where(t, fixes.cloudtrail(t, "update-trail",
                                                     fixes.placeholders(
                                                       "--kms-key-id '<KMS key ARN or alias>'")))
        fail(result)
      end
    end
  end,
}

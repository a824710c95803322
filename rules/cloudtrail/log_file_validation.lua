-- Security Hub CloudTrail.4 / CIS AWS Foundations 1.4, 3.0 and 5.0 item 3.2.
-- Judged per trail, from DescribeTrails alone.
local trails = require("trails")
local fixes = require("fixes")

-- The findings' messages, by language (rules/lib/i18n.lua).
local messages = {
  en = {
    enabled = "Trail {trail} has log file validation enabled.",
    disabled = "Trail {trail} does not validate its log files: LogFileValidationEnabled is"
      .. " {value}, so no signed digests prove the logs unaltered.",
    absent = "absent",
    -- A value as the sentence says it (Japanese adds its particle).
    value = "{value}",
    what = "has log file validation enabled",
  },
  ja = {
    enabled = "証跡{trail}ではログファイルの検証が有効です。",
    disabled = "証跡{trail}はログファイルを検証していません。"
      .. "LogFileValidationEnabled が{value}ため、"
      .. "ログが配信後に改ざんされていないことを署名付きダイジェストで証明できません。",
    absent = "設定されていない",
    value = " {value} の",
    what = "ログファイルの検証が有効になっている",
  },
}
local say = require("i18n").catalogue(messages)

-- The remediation's AWS CLI, in both languages (texts.ja says its
-- <placeholders> in Japanese).
local CLI = "aws cloudtrail update-trail --region <home region> --name <trail>"
  .. " --enable-log-file-validation"

return {
  id = "cloudtrail-log-file-validation",
  name = "CloudTrailLogFileValidation",
  title = "CloudTrail trails have log file integrity validation enabled",
  severity = "low",
  description = "Without log file validation, CloudTrail writes no signed digest files, so"
    .. " nobody can prove that a log file was not changed or deleted after delivery. An"
    .. " intruder who reaches the log bucket could then edit out their own activity.",
  remediation = {
    console = "CloudTrail > Trails > choose the trail > General details > Edit > Additional"
      .. " settings > Log file validation: Enabled > Save changes.",
    cli = CLI,
    terraform = [[
resource "aws_cloudtrail" "main" {
  # ...
  enable_log_file_validation = true
}]],
  },
  texts = {
    ja = {
      title = "CloudTrail の証跡でログファイルの整合性検証が有効になっている",
      description = "リスク: ログファイルの検証が無効な証跡では、"
        .. "CloudTrail が署名付きのダイジェストファイルを出力しないため、"
        .. "ログファイルが配信後に変更・削除されていないことを誰も証明できません。"
        .. "ログバケットに到達した攻撃者は、自らの操作の記録を書き換えて消すことができます。"
        .. "対策: すべての証跡でログファイルの検証を有効にします。",
      remediation = {
        cli = fixes.placeholders_ja(CLI),
        console = "CloudTrail > 証跡 > 証跡を選択 > 全般的な詳細 > 編集 > 追加の設定 > "
          .. "ログファイルの検証: 有効 > 変更の保存",
      },
    },
  },
  messages = messages,
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-4",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html",
  },
  compliance = require("compliance").of("cloudtrail-log-file-validation"),
  check = function(snapshot)
    local what = say("what")
    local keeps_passes = trailscan.keeps_passes
    local list = trails.each_listed(snapshot, what) -- (by index: no C call per step)
    for i = 1, #list do
      local t = list[i]
      local v = t.trail.LogFileValidationEnabled
      if trails.unsettled(t, what) then
        -- reported
      elseif v == true and not keeps_passes then
        pass() -- counted: no report shows passes
      elseif v == true then
        local result = trails.result(t)
        result.message = say("enabled", {trail = trails.label(t)})
        pass(result)
      else
        local result = trails.result(t)
        result.message = say("disabled", {trail = trails.label(t),
                                          value = v == nil and say("absent")
                                                  or say("value", {value = tostring(v)})})
        result.fix = fixes.where(t, fixes.cloudtrail(t, "update-trail",
                                                     "--enable-log-file-validation"))
        fail(result)
      end
    end
  end,
}

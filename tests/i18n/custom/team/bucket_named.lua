-- A compliance team's own rule with its own Japanese texts and message
-- catalogue (README, "Rule texts in two languages").
local messages = {
  en = {
    named = "Trail {trail} delivers to bucket {bucket}.",
    unnamed = "Trail {trail} names no log bucket.",
  },
  ja = {
    named = "証跡 {trail} はバケット {bucket} にログを配信しています。",
    unnamed = "証跡 {trail} にはログの配信先バケットがありません。",
  },
}
local say = require("i18n").catalogue(messages)

return {
  id = "team-trail-bucket-named",
  name = "TeamTrailBucketNamed",
  title = "Every trail names its log bucket",
  severity = "low",
  description = "A trail without a bucket keeps no logs.",
  remediation = {console = "CloudTrail > Trails > choose the trail > Edit > Storage location."},
  texts = {
    ja = {
      title = "すべての証跡にログの配信先バケットが設定されている",
      description = "リスク: 配信先バケットのない証跡はログを保存しません。",
      remediation = {console = "CloudTrail > 証跡 > 証跡を選択 > 編集 > ストレージの場所"},
    },
  },
  messages = messages,
  check = function(snapshot)
    for region, r in pairs(snapshot.regions or {}) do
      local list = r.cloudtrail and r.cloudtrail.DescribeTrails
      for _, t in ipairs(list and list.trailList or {}) do
        local result = {resource = t.TrailARN, region = region, node = t}
        if t.S3BucketName then
          result.message = say("named", {trail = t.Name, bucket = t.S3BucketName})
          pass(result)
        else
          result.message = say("unnamed", {trail = t.Name})
          fail(result)
        end
      end
    end
  end,
}

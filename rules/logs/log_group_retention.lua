-- Security Hub CloudWatch.16: every log group, in every region of the
-- snapshot, keeps its events for at least min_retention_days.
local answers = require("answers")
local loggroups = require("loggroups")

-- The findings' messages, by language (rules/lib/i18n.lua).  {phrase} is
-- loggroups.retention's, in the same language.
local messages = {
  en = {
    judged = "Log group {group} {phrase}.",
    undecided = "Could not decide whether log group {group} keeps events for {min} days: it"
      .. " {phrase}.",
    region_undecided = "Could not decide whether every log group in {region} keeps events for"
      .. " {min} days: {why}.",
  },
  ja = {
    judged = "ロググループ「{group}」は{phrase}。",
    undecided = "ロググループ「{group}」がイベントを {min} "
      .. "日間保持しているかどうかを判定できません: {phrase}。",
    region_undecided = "{region} のすべてのロググループがイベントを {min} "
      .. "日間保持しているかどうかを判定できません: {why}。",
  },
}
local say = require("i18n").catalogue(messages)

local function judge(snapshot, min_days, keeps_passes, region, g, name)
  local days = g.retentionInDays
  -- Most groups pass; when no report shows passes, only count them.
  if not keeps_passes and loggroups.verdict(days, min_days) == "pass" then
    return pass()
  end
  local verdict, phrase = loggroups.retention(days, min_days)
  local result = {resource = loggroups.arn(snapshot, region, g), region = region, node = g,
                  message = say("judged", {group = name, phrase = phrase})}
  if verdict == "pass" then
    return pass(result)
  end
  result.fix = loggroups.fix(region, name, min_days)
  if verdict == "review" then
    result.message = say("undecided", {group = name, min = string.format("%g", min_days),
                                       phrase = phrase})
    return review(result)
  end
  fail(result)
end

-- A region whose groups are unknown (or only partly known) gets one review.
local function review_region(snapshot, params, region, r, why)
  review{resource = string.format("arn:%s:logs:%s:%s:log-group:*", snapshot.partition, region,
                                  snapshot.account_id),
         region = region, node = r,
         fix = "aws logs describe-log-groups --region " .. region,
         message = say("region_undecided", {region = region,
                                            min = string.format("%g", params.min_retention_days),
                                            why = why})}
end

return {
  id = "logs-log-group-retention",
  name = "CloudWatchLogGroupRetention",
  title = "CloudWatch Logs log groups keep their events for at least a year",
  severity = "medium",
  description = "A log group with a short retention period deletes its events before an"
    .. " intrusion is usually found (months, on average), so the evidence needed to"
    .. " investigate it is gone. A log group without a retention period keeps its events"
    .. " forever.",
  remediation = {
    console = "CloudWatch > Logs > Log groups > choose the group > Actions > Edit retention"
      .. " setting > choose 1 year (365 days) or longer, or Never expire > Save.",
    cli = "aws logs put-retention-policy --region <region> --log-group-name <group>"
      .. " --retention-in-days 365",
    terraform = [[
resource "aws_cloudwatch_log_group" "example" {
  # ...
  retention_in_days = 365 # or 0: never expire
}]],
  },
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-16",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention",
    "https://docs.aws.amazon.com/config/latest/developerguide/cw-loggroup-retention-period-check.html",
  },
  texts = {
    ja = {
      title = "CloudWatch Logs のロググループがイベントを 1 年以上保持している",
      description = "リスク: 保持期間の短いロググループは、"
        .. "侵入が発見されるまでの一般的な期間 (平均で数か月) より前にイベントを削除するため、"
        .. "調査に必要な証拠が失われます。保持期間が設定されていないロググループは、"
        .. "イベントを無期限に保持します。"
        .. "対策: すべてのロググループの保持期間を 365 日以上にするか、「失効しない」にします。",
      remediation = {
        console = "CloudWatch > ログ > ロググループ > ロググループを選択 > アクション > "
          .. "保持設定を編集 > 1 年 (365 日) 以上、または「失効しない」を選択 > 保存",
        terraform = [[
resource "aws_cloudwatch_log_group" "example" {
  # ...
  retention_in_days = 365 # または 0: 失効しない
}]],
      },
    },
  },
  messages = messages,
  compliance = require("compliance").of("logs-log-group-retention"),
  params = {
    min_retention_days = {
      default = 365,
      description = "The fewest days a log group must keep its events (Security Hub allows"
        .. " 365, 400, 545, 731, 1827 or 3653 for CloudWatch.16). No retention period (never"
        .. " expire) always passes.",
    },
  },
  check = function(snapshot, params)
    local min_days, keeps_passes = params.min_retention_days, trailscan.keeps_passes
    for _, region in ipairs(answers.regions(snapshot)) do
      local r = snapshot.regions[region]
      local groups, complete, why = loggroups.list(snapshot, region)
      if not groups then
        review_region(snapshot, params, region, r, complete)
      else
        for _, g in ipairs(groups) do
          local name = type(g) == "table" and g.logGroupName
          if type(name) == "string" then
            judge(snapshot, min_days, keeps_passes, region, g, name)
          end
        end
        if not complete then
          review_region(snapshot, params, region, r, why)
        end
      end
    end
  end,
}

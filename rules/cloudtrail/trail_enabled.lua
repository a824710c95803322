-- Security Hub CloudTrail.3 (PCI DSS): the account has at least one trail
-- and one of them is logging.  One result for the account; an organization
-- trail that logs for it counts.  Stricter controls (multi-region, both
-- read and write management events) are cloudtrail-management-events'.
local account = require("account")
local fixes = require("fixes")
local trails = require("trails")
local i18n = require("i18n")

-- The findings' messages, by language (rules/lib/i18n.lua).
local messages = {
  en = {
    logging = "Account {account} has trail {trail} logging ({arn}, home region {region}).",
    unknown = "trail {trail}: {why}",
    undecided = "Could not decide whether account {account} has a trail that is logging: {why}.",
    none = "Account {account} has no CloudTrail trail: its API activity is not recorded beyond"
      .. " the 90-day event history.",
    stopped_one = "Account {account} has trails but none is logging: {trails} is stopped.",
    stopped_many = "Account {account} has trails but none is logging: {trails} are stopped.",
    in_account = "account {account}",
    owner_snapshot = "the owner's snapshot",
  },
  ja = {
    logging = "アカウント {account} では証跡{trail}がログ記録中です ({arn}、"
      .. "ホームリージョン {region})。",
    unknown = "証跡{trail}: {why}",
    undecided = "アカウント {account} にログ記録中の証跡があるかどうかを判定できません: {why}。",
    none = "アカウント {account} には CloudTrail の証跡がありません。"
      .. "API アクティビティは 90 日間のイベント履歴を超えて記録されません。",
    stopped_one = "アカウント {account} には証跡がありますが、"
      .. "ログ記録中の証跡がありません: 証跡{trails}は停止しています。",
    stopped_many = "アカウント {account} には証跡がありますが、"
      .. "ログ記録中の証跡がありません: 証跡{trails}はいずれも停止しています。",
    in_account = "アカウント {account} で実行してください",
    owner_snapshot = "所有アカウントのスナップショット",
  },
}
local say = i18n.catalogue(messages)

local function create_fix(snapshot)
  return fixes.note("aws cloudtrail create-trail --name management-trail --s3-bucket-name"
                    .. " <bucket> --is-multi-region-trail && aws cloudtrail start-logging"
                    .. " --name management-trail",
                    say("in_account", {account = tostring(snapshot.account_id)}))
end

return {
  id = "cloudtrail-trail-enabled",
  name = "CloudTrailTrailEnabled",
  title = "At least one CloudTrail trail exists and is logging",
  severity = "high",
  description = "Without a trail that is logging, no API activity of the account is kept"
    .. " beyond CloudTrail's 90-day event history: who did what, and when, cannot be shown"
    .. " to an assessor or an investigator.",
  remediation = {
    console = "CloudTrail > Trails > Create trail (multi-region, a log bucket) > Create; or"
      .. " choose a stopped trail > Start logging.",
    cli = "aws cloudtrail create-trail --name <trail> --s3-bucket-name <bucket>"
      .. " --is-multi-region-trail && aws cloudtrail start-logging --name <trail>",
    terraform = [[
resource "aws_cloudtrail" "main" {
  name                  = "management-trail"
  s3_bucket_name        = aws_s3_bucket.cloudtrail.id
  is_multi_region_trail = true
  enable_logging        = true
}]],
  },
  texts = {
    ja = {
      title = "CloudTrail の証跡が 1 つ以上あり、ログ記録中である",
      description = "リスク: ログ記録中の証跡がないと、"
        .. "アカウントの API アクティビティは CloudTrail の 90 日間のイベント履歴にしか残らず、"
        .. "誰がいつ何をしたかを監査人や調査担当者に示せません。"
        .. "対策: マルチリージョン証跡を作成し、ログ記録を開始します。",
      remediation = {
        console = "CloudTrail > 証跡 > 証跡を作成 (マルチリージョン、"
          .. "ログの保存先バケットを指定) > 証跡を作成。または、"
          .. "停止中の証跡を選択 > ログ記録の開始",
      },
    },
  },
  messages = messages,
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-3",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-create-a-trail-using-the-console-first-time.html",
  },
  compliance = require("compliance").of("cloudtrail-trail-enabled"),
  check = function(snapshot)
    local a = account.of(snapshot)
    local result = {resource = a.resource, node = snapshot.regions}
    local stopped, unknown = {}, {}
    local list = trails.all(snapshot) -- (a list of trails: by index, no C call per step)
    for i = 1, #list do
      local t = list[i]
      if t.logging == true then
        result.region = t.home
        result.node = t.trail
        if t.owner then -- the owner's entry, named in the scan's language
          result.evidence = {{node = t.trail, what = say("owner_snapshot")}}
        end
        result.message = say("logging", {account = a.id, trail = trails.label(t), arn = t.arn,
                                         region = tostring(t.home)})
        return pass(result)
      elseif t.logging == false then
        stopped[#stopped + 1] = t
      else
        unknown[#unknown + 1] = t
      end
    end
    local reasons, region = trails.unlisted(snapshot)
    for _, t in ipairs(unknown) do
      reasons[#reasons + 1] = say("unknown", {trail = trails.label(t),
                                              why = tostring(t.status_missing)})
    end
    if #reasons > 0 then
      result.fix = #unknown > 0
        and string.format("aws cloudtrail get-trail-status --region %s --name %s",
                          fixes.q(unknown[1].home), fixes.q(unknown[1].arn))
        or ("aws cloudtrail describe-trails --include-shadow-trails"
            .. (region and (" --region " .. fixes.q(region)) or ""))
      result.message = say("undecided", {account = a.id, why = i18n.clauses(reasons)})
      return review(result)
    end
    if #stopped == 0 then
      result.fix = create_fix(snapshot)
      result.message = say("none", {account = a.id})
      return fail(result)
    end
    local names, fix = {}, {}
    for _, t in ipairs(stopped) do
      names[#names + 1] = trails.label(t)
      if not t.foreign then
        fix[#fix + 1] = fixes.cloudtrail(t, "start-logging")
      end
    end
    result.region = stopped[1].home
    result.node = stopped[1].trail
    if stopped[1].owner then
      result.evidence = {{node = stopped[1].trail, what = say("owner_snapshot")}}
    end
    result.fix = #fix > 0 and fixes.fit(fixes.chain(fix), fix[1]) or create_fix(snapshot)
    result.message = say(#names == 1 and "stopped_one" or "stopped_many",
                         {account = a.id, trails = i18n.list(names)})
    fail(result)
  end,
}

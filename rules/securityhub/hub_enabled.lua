-- CIS 1.5-5.0 4.16, 6.0-7.0 5.16: AWS Security Hub is enabled in every
-- region of the snapshot.  DescribeHub answers with a HubArn where it is;
-- InvalidAccessException ("not subscribed") is the answer where it is not.
-- Any other failure says nothing about the hub: review.
local account = require("account")
local answers = require("answers")
local fixes = require("fixes")

local NOT_SUBSCRIBED = {InvalidAccessException = true}

-- The findings' messages, by language (rules/lib/i18n.lua).  {error} is
-- account.describe_error's, {why} answers': in the same language.
local messages = {
  en = {
    not_enabled = "AWS Security Hub is not enabled in {region} (DescribeHub: {error}), so"
      .. " findings of GuardDuty, Inspector, Config and the security standards are not"
      .. " gathered there.",
    enabled = "AWS Security Hub is enabled in {region} ({hub}, subscribed {at}).",
    enabled_since_unknown = "AWS Security Hub is enabled in {region} ({hub}, subscribed at an"
      .. " unknown time).",
    no_hub_arn = "DescribeHub shows no HubArn",
    undecided = "Could not decide whether AWS Security Hub is enabled in {region}: {why}.",
  },
  ja = {
    not_enabled = "{region} では AWS Security Hub が有効になっていません (DescribeHub: {error})。"
      .. "そのため、GuardDuty、Inspector、"
      .. "Config の検出結果やセキュリティ標準のチェック結果がこのリージョンでは集約されません。",
    enabled = "{region} では AWS Security Hub が有効です ({hub}、サブスクライブ日時: {at})。",
    enabled_since_unknown = "{region} では AWS Security Hub が有効です ({hub}、"
      .. "サブスクライブ日時: 不明)。",
    no_hub_arn = "DescribeHub に HubArn がありません",
    undecided = "{region} で AWS Security Hub が有効かどうかを判定できません: {why}。",
  },
}
local say = require("i18n").catalogue(messages)

-- (Concatenated: every region of every account asks, and string.format
-- is a sandboxed call costing several times more.  The partition and
-- account id are strings (the loader checked), region a region's name.)
local function hub_arn(snapshot, region)
  return "arn:" .. snapshot.partition .. ":securityhub:" .. region .. ":" .. snapshot.account_id
    .. ":hub/default"
end

-- A region whose hub is unknown: the same review for every account that
-- lacks it alike (answers.said_once).
local undecided = answers.said_once(function(region, why)
  return say("undecided", {region = region, why = why})
end)
local ask = answers.said_once(function(region)
  return "aws securityhub describe-hub --region " .. fixes.q(region)
end)

local function judge_region(snapshot, region)
  local e = account.error_for(snapshot, region, "securityhub", "DescribeHub")
  local unsubscribed = e and NOT_SUBSCRIBED[e.code]
  local hub, why, enabled
  if not unsubscribed then
    hub, why = answers.get(snapshot, region, "securityhub", "DescribeHub")
    enabled = hub and type(hub.HubArn) == "string" and hub.HubArn ~= ""
    -- An undecided region no report shows is only counted
    -- (trailscan.keeps_reviews).
    if not enabled and not trailscan.keeps_reviews then return review() end
  end
  local result = {resource = hub_arn(snapshot, region), region = region,
                  node = snapshot.regions[region]}
  if unsubscribed then
    result.fix = "aws securityhub enable-security-hub --region " .. fixes.q(region)
      .. " --enable-default-standards"
    result.message = say("not_enabled", {region = region, error = account.describe_error(e)})
    return fail(result)
  end
  if enabled then
    result.resource = hub.HubArn
    result.node = hub
    if hub.SubscribedAt == nil then
      result.message = say("enabled_since_unknown", {region = region, hub = hub.HubArn})
    else
      result.message = say("enabled", {region = region, hub = hub.HubArn, at = hub.SubscribedAt})
    end
    return pass(result)
  end
  result.fix = ask(region)
  result.message = undecided(region, why or say("no_hub_arn"))
  review(result)
end

return {
  id = "securityhub-enabled",
  name = "SecurityHubEnabled",
  title = "AWS Security Hub is enabled in every region",
  severity = "medium",
  description = "Security Hub gathers the findings of AWS security services and runs the"
    .. " security standards' checks continuously. A region without it has no central view of"
    .. " what those services find there, so a finding can go unseen.",
  remediation = {
    console = "Security Hub (in each region) > Go to Security Hub > choose the security"
      .. " standards > Enable Security Hub; or, in an organization, the delegated"
      .. " administrator's central configuration for every region.",
    cli = "aws securityhub enable-security-hub --region <region> --enable-default-standards",
    terraform = [[
resource "aws_securityhub_account" "main" {
  # one per region (provider alias per region)
  enable_default_standards = true
}]],
  },
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-enable.html",
    "https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_DescribeHub.html",
  },
  texts = {
    ja = {
      title = "すべてのリージョンで AWS Security Hub が有効になっている",
      description = "リスク: Security Hub は AWS のセキュリティサービスの検出結果を集約し、"
        .. "セキュリティ標準のチェックを継続的に実行します。"
        .. "Security Hub が有効でないリージョンでは、"
        .. "これらのサービスの検出結果を一元的に確認できないため、"
        .. "検出結果が見過ごされるおそれがあります。"
        .. "対策: すべてのリージョンで Security Hub を有効にします。",
      remediation = {
        console = "Security Hub (リージョンごと) > Security Hub に移動 > セキュリティ標準を選択 > "
          .. "Security Hub を有効化。組織では、"
          .. "委任管理者アカウントの中央設定ですべてのリージョンを対象にします。",
        terraform = [[
resource "aws_securityhub_account" "main" {
  # リージョンごとに 1 つ (リージョンごとに provider のエイリアスを使います)
  enable_default_standards = true
}]],
      },
    },
  },
  messages = messages,
  compliance = require("compliance").of("securityhub-enabled"),
  check = function(snapshot)
    local regions = answers.regions(snapshot) -- (by index: no C call per step)
    for i = 1, #regions do
      local region = regions[i]
      judge_region(snapshot, region)
    end
  end,
}

-- Security Hub CloudTrail.6 / CIS AWS Foundations 1.4 item 3.3: the bucket a
-- trail delivers to is not public.
--
-- What passes, by default (CloudTrail.6 and CIS judge whether the bucket is
-- public, not how it is kept private):
--   * its bucket policy is not public (GetBucketPolicyStatus IsPublic not
--     true, or NoSuchBucketPolicy), or the effective RestrictPublicBuckets
--     is on, which keeps a public policy from granting anyone outside the
--     account;
--   * its ACL grants nothing to the AllUsers or AuthenticatedUsers groups
--     (AuthenticatedUsers means any AWS account, not "ours"), or the
--     effective IgnorePublicAcls is on, which makes S3 ignore such grants.
-- "Effective" is setting by setting: on when the account's public access
-- block (global.s3control.GetPublicAccessBlock; an `errors` entry with
-- NoSuchPublicAccessBlockConfiguration means none is set) or the bucket's
-- own has it on.  A bucket that grants nothing public passes with no block
-- at all; what depends on a block setting nobody read is review, naming
-- the call.
--
-- The stricter stance, parameter require_bucket_block: the bucket's own
-- block has all four settings on and no grant is public, even one a block
-- hides (turning one setting off would publish the logs).  The account's
-- block cannot stand in: an account-wide setting is changed for reasons
-- that have nothing to do with this bucket.
local account = require("account")
local buckets = require("buckets")
local fixes = require("fixes")
local i18n = require("i18n")

-- The findings' messages, by language (rules/lib/i18n.lua).
local messages = {
  en = {
    what = "is private",
    everyone = "everyone (AllUsers)",
    any_account = "every AWS account (AuthenticatedUsers)",
    effective = "judged on the effective public access block (the account's or the bucket's,"
      .. " setting by setting)",
    strict = "judged on the bucket's own public access block (require_bucket_block)",
    no_policy = "it has no bucket policy",
    no_policy_status = "GetBucketPolicyStatus has no PolicyStatus",
    policy_private = "its bucket policy is not public",
    grant = "{permission} to {who}",
    bucket_block = "the bucket's",
    account_block = "the account's",
    account_where = "s3control GetPublicAccessBlock (the account's block)",
    no_config = "{where} has no PublicAccessBlockConfiguration",
    failed = "{where} failed: {error}",
    absent = "{where} is not in the snapshot",
    the_policy = "its bucket policy",
    the_acl = "its ACL",
    hidden = "{what}, which {whose} {setting} keeps from taking effect",
    kept = "{whose} {setting} keeps whatever {subject} grants from taking effect ({what})",
    unknown_with = "{what}; {why}",
    unblocked = "{what}, and neither the bucket's nor the account's public access block turns"
      .. " {setting} on",
    unknown_effect = "{what}, and whether {setting} keeps it from taking effect is unknown:"
      .. " {why}",
    policy_public = "its bucket policy makes it public (GetBucketPolicyStatus IsPublic)",
    acl_nothing = "its ACL grants nothing to AllUsers or AuthenticatedUsers",
    acl_grants = "its ACL grants {grants}",
    acl_hidden = "its ACL grants {grants}, which IgnorePublicAcls hides only while it stays on",
    no_own_block = "it has no public access block of its own",
    left_off = "its public access block leaves {settings} off",
    and_last = "{list} and {last}",
    fail_public = "Bucket {bucket} ({trails}) is public, {stance}: {problems}.",
    fail_strict = "Bucket {bucket} ({trails}) is or can become public, {stance}: {problems}.",
    also_unknown = " Also unknown: {unknown}.",
    undecided = "Could not decide whether bucket {bucket} ({trails}) is private, {stance}:"
      .. " {why}.",
    all_four = "all four settings of its own public access block are on",
    note_sep = ", ",
    notes_and = "{list}, and {last}",
    private = "Bucket {bucket} ({trails}) is not public, {stance}: {notes}.",
  },
  ja = {
    what = "非公開である",
    everyone = "全員 (AllUsers)",
    any_account = "認証されたユーザーグループ (AuthenticatedUsers)",
    effective = "アカウントとバケットのパブリックアクセスブロックを設定ごとに組み合わせた実効設定で判定",
    strict = "バケット自体のパブリックアクセスブロックで判定 (require_bucket_block)",
    no_policy = "バケットポリシーがありません",
    no_policy_status = "GetBucketPolicyStatus に PolicyStatus がありません",
    policy_private = "バケットポリシーはパブリックではありません",
    grant = "{who} に {permission}",
    bucket_block = "バケット",
    account_block = "アカウント",
    account_where = "s3control GetPublicAccessBlock (アカウントのパブリックアクセスブロック)",
    no_config = "{where} に PublicAccessBlockConfiguration がありません",
    failed = "{where} が失敗しました: {error}",
    absent = "スナップショットに {where} がありません",
    the_policy = "バケットポリシー",
    the_acl = "ACL",
    hidden = "{what}。ただし、{whose}の {setting} により効力を持ちません",
    kept = "{whose}の {setting} により、{subject}による許可は効力を持ちません ({what})",
    unknown_with = "{what}。{why}",
    unblocked = "{what}。バケットとアカウントのどちらのパブリックアクセスブロックでも {setting} "
      .. "が有効になっていません",
    unknown_effect = "{what}。{setting} によって効力を持たないかどうかを判定できません: {why}",
    policy_public = "バケットポリシーによりパブリックになっています (GetBucketPolicyStatus の "
      .. "IsPublic)",
    acl_nothing = "ACL は全員 (AllUsers) にも認証されたユーザーグループ (AuthenticatedUsers) "
      .. "にも何も許可していません",
    acl_grants = "ACL で{grants} が許可されています",
    acl_hidden = "ACL で{grants} が許可されています。IgnorePublicAcls が有効な間だけ無視されます",
    no_own_block = "バケット自体のパブリックアクセスブロックがありません",
    left_off = "バケットのパブリックアクセスブロックで {settings} が無効です",
    and_last = "{list}、{last}",
    fail_public = "バケット「{bucket}」({trails}) はパブリックです ({stance}): {problems}。",
    fail_strict = "バケット「{bucket}」({trails}) はパブリックであるか、"
      .. "パブリックになり得ます ({stance}): {problems}。",
    also_unknown = "ほかに不明な点: {unknown}。",
    undecided = "バケット「{bucket}」({trails}) について、"
      .. "非公開かどうかを判定できません ({stance}): {why}。",
    all_four = "バケット自体のパブリックアクセスブロックの 4 つの設定がすべて有効です",
    note_sep = "。",
    notes_and = "{list}。{last}",
    private = "バケット「{bucket}」({trails}) はパブリックではありません ({stance}): {notes}。",
  },
}
local say = i18n.catalogue(messages)

local SETTINGS = {"BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy",
                  "RestrictPublicBuckets"}
local PUBLIC_GROUPS = {
  {uri = "/groups/global/AllUsers", who = "everyone"},
  {uri = "/groups/global/AuthenticatedUsers", who = "any_account"},
}

-- The bucket's policy: true (public), false, or nil; then the response or
-- what to say (false) or why unknown (nil).
local function policy_of(snapshot, b)
  local resp, why, code = buckets.response(snapshot, "GetBucketPolicyStatus", b.name)
  if code == "NoSuchBucketPolicy" then return false, say("no_policy") end
  if not resp then return nil, why end
  local ps = resp.PolicyStatus
  if type(ps) ~= "table" then return nil, say("no_policy_status") end
  if ps.IsPublic == true then return true, resp end
  return false, say("policy_private")
end

local function public_group(uri)
  for _, g in ipairs(PUBLIC_GROUPS) do
    if type(uri) == "string" and uri:sub(-#g.uri) == g.uri then return say(g.who) end
  end
  return nil
end

-- The ACL's public grants ("READ to everyone (AllUsers)", ...) and the
-- response, or nil and why not.
local function acl_of(snapshot, b)
  local resp, why = buckets.response(snapshot, "GetBucketAcl", b.name)
  if not resp then return nil, why end
  local out = {}
  for _, grant in ipairs(resp.Grants or {}) do
    local who = type(grant) == "table" and type(grant.Grantee) == "table"
      and public_group(grant.Grantee.URI)
    if who then
      out[#out + 1] = say("grant", {permission = tostring(grant.Permission), who = who})
    end
  end
  return out, resp
end

-- A public access block: {settings, resp, whose} (settings {} when none is
-- set) or {unknown = why, whose}.
local function block(resp, why, code, whose, where)
  if code == "NoSuchPublicAccessBlockConfiguration" then
    return {settings = {}, none = true, whose = whose}
  end
  if not resp then return {unknown = why, whose = whose} end
  local c = resp.PublicAccessBlockConfiguration
  if type(c) ~= "table" then
    return {unknown = say("no_config", {where = where}), whose = whose}
  end
  return {settings = c, resp = resp, whose = whose}
end

local function bucket_block(snapshot, b)
  local resp, why, code = buckets.response(snapshot, "GetPublicAccessBlock", b.name)
  return block(resp, why, code, say("bucket_block"), "GetPublicAccessBlock")
end

-- The account's block: the AWS CLI's `aws s3control get-public-access-block`
-- answer, one per account (no key).
local function account_block(snapshot)
  local where, whose = say("account_where"), say("account_block")
  local s3c = snapshot.global and snapshot.global.s3control
  local resp = s3c and s3c.GetPublicAccessBlock
  if resp then return block(resp, nil, nil, whose, where) end
  local e = account.error_for(snapshot, nil, "s3control", "GetPublicAccessBlock", nil)
  if e then
    return block(nil, say("failed", {where = where, error = account.describe_error(e)}),
                 e.code, whose, where)
  end
  return block(nil, say("absent", {where = where}), nil, whose, where)
end

-- A setting as S3 applies it: true and whose block sets it, false, or nil
-- and why nobody can tell.
local function effective(blocks, setting)
  local unknown = {}
  for _, blk in ipairs(blocks) do
    if not blk.settings then
      unknown[#unknown + 1] = blk.unknown
    elseif blk.settings[setting] == true then
      return true, blk.whose
    end
  end
  if #unknown > 0 then return nil, i18n.clauses(unknown) end
  return false
end

-- One way of being public (a policy, ACL grants) against the setting that
-- keeps it from taking effect.  exposed: true, false or nil (unknown, what
-- is then why); subject names it ("its ACL").
local function weigh(out, blocks, exposed, what, setting, subject)
  if exposed == false then return end
  local on, whose = effective(blocks, setting)
  if on == nil and blocks[2].unknown then out.needs_account = true end
  if on then
    out.notes[#out.notes + 1] = exposed
      and say("hidden", {what = what, whose = whose, setting = setting})
      or say("kept", {whose = whose, setting = setting, subject = subject, what = what})
  elseif exposed == nil then
    out.unknown[#out.unknown + 1] = on == nil and say("unknown_with", {what = what, why = whose})
      or what
  elseif on == false then
    out.problems[#out.problems + 1] = say("unblocked", {what = what, setting = setting})
  else
    out.unknown[#out.unknown + 1] = say("unknown_effect", {what = what, setting = setting,
                                                           why = whose})
  end
end

-- The default stance: out.problems, out.unknown, out.notes (why it passes),
-- out.policy / out.acl (the fixes), out.node (the evidence).
local function judge_effective(snapshot, b, out)
  local bb = bucket_block(snapshot, b)
  local blocks = {bb, account_block(snapshot)}
  out.pab = bb.resp
  local public, presp = policy_of(snapshot, b)
  if public then
    weigh(out, blocks, true, say("policy_public"), "RestrictPublicBuckets", say("the_policy"))
    out.policy, out.node = #out.problems > 0, #out.problems > 0 and presp or nil
  else
    weigh(out, blocks, public, presp, "RestrictPublicBuckets", say("the_policy"))
    if public == false then out.notes[#out.notes + 1] = presp end
  end
  local grants, aresp = acl_of(snapshot, b)
  local before = #out.problems
  if grants and #grants == 0 then
    out.notes[#out.notes + 1] = say("acl_nothing")
  else
    local what = grants and say("acl_grants", {grants = i18n.list(grants)}) or aresp
    weigh(out, blocks, grants and true or nil, what, "IgnorePublicAcls", say("the_acl"))
  end
  if #out.problems > before then out.acl, out.node = true, out.node or aresp end
end

-- The stricter stance: no public grant, hidden or not, and the bucket's own
-- block with all four settings on.
local function judge_strict(snapshot, b, out)
  local bb = bucket_block(snapshot, b)
  local public, presp = policy_of(snapshot, b)
  if public then
    out.problems[#out.problems + 1] = say("policy_public")
    out.block, out.node = true, presp
  elseif public == nil then
    out.unknown[#out.unknown + 1] = presp
  else
    out.notes[#out.notes + 1] = presp
  end
  if bb.none then
    out.problems[#out.problems + 1] = say("no_own_block")
    out.block = true
  elseif bb.unknown then
    out.unknown[#out.unknown + 1] = bb.unknown
  else
    local off = {}
    for _, s in ipairs(SETTINGS) do
      if bb.settings[s] ~= true then off[#off + 1] = s end
    end
    out.pab = bb.resp
    if #off > 0 then
      local last = table.remove(off)
      out.problems[#out.problems + 1] = say("left_off", {
        settings = #off > 0 and say("and_last", {list = i18n.list(off), last = last}) or last})
      out.block, out.node = true, out.node or bb.resp
    end
  end
  local grants, aresp = acl_of(snapshot, b)
  if not grants then out.unknown[#out.unknown + 1] = aresp; return end
  local hides = bb.settings and bb.settings.IgnorePublicAcls == true
  for _, g in ipairs(grants) do
    out.problems[#out.problems + 1] = say(hides and "acl_hidden" or "acl_grants", {grants = g})
    out.acl, out.node = true, out.node or aresp
  end
  if #grants == 0 then
    out.notes[#out.notes + 1] = say("acl_nothing")
  end
end

local function fix_for(b, out)
  local cmds = {}
  if out.block or out.policy then
    cmds[#cmds + 1] = "aws s3api put-public-access-block --bucket " .. fixes.q(b.name)
      .. " --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,"
      .. "BlockPublicPolicy=true,RestrictPublicBuckets=true"
  end
  if out.acl then
    -- CloudTrail delivers through the bucket policy: it needs no ACL grant.
    cmds[#cmds + 1] = "aws s3api put-bucket-acl --bucket " .. fixes.q(b.name) .. " --acl private"
  end
  return fixes.chain(cmds)
end

local function ask(b)
  local q = fixes.q(b.name)
  return "aws s3api get-bucket-policy-status --bucket " .. q .. " && aws s3api get-bucket-acl"
    .. " --bucket " .. q .. " && aws s3api get-public-access-block --bucket " .. q
end

local function ask_account(snapshot)
  return "aws s3control get-public-access-block --account-id "
    .. fixes.q(tostring(snapshot.account_id))
end

-- The result at this account's trail, the owner's response as evidence,
-- when another account's snapshot holds the bucket (b.label then names it:
-- call before the message is written).
local function placed(b, result)
  if b.owner then
    local r = buckets.result(b, result.node ~= b.node and result.node or nil)
    result.node, result.evidence = r.node, r.evidence
  end
  return result
end

local function judge(snapshot, params, b)
  local out = {problems = {}, unknown = {}, notes = {}}
  local stance = params.require_bucket_block and "strict" or "effective"
  if stance == "strict" then
    judge_strict(snapshot, b, out)
  else
    judge_effective(snapshot, b, out)
  end
  local result = {resource = b.arn, region = b.region}
  if #out.problems > 0 then
    result.node = out.node or b.node
    placed(b, result)
    result.fix = fix_for(b, out)
    result.message = say(stance == "strict" and "fail_strict" or "fail_public",
                         {bucket = b.name, trails = b.label, stance = say(stance),
                          problems = i18n.clauses(out.problems)})
      .. (#out.unknown > 0 and say("also_unknown", {unknown = i18n.clauses(out.unknown)}) or "")
    return fail(result)
  end
  if #out.unknown > 0 then
    result.node, result.fix = out.pab or b.node, ask(b)
    if out.needs_account then result.fix = fixes.chain({result.fix, ask_account(snapshot)}) end
    placed(b, result)
    result.message = say("undecided", {bucket = b.name, trails = b.label, stance = say(stance),
                                       why = i18n.clauses(out.unknown)})
    return review(result)
  end
  if stance == "strict" then
    out.notes[#out.notes + 1] = say("all_four")
  end
  result.node = out.pab or b.node
  placed(b, result)
  local last = table.remove(out.notes)
  local notes = #out.notes > 0
    and say("notes_and", {list = table.concat(out.notes, say("note_sep")), last = last}) or last
  result.message = say("private", {bucket = b.name, trails = b.label, stance = say(stance),
                                   notes = notes})
  pass(result)
end

-- The Terraform of the remediation, one source for both languages: only its
-- comment is said in each ({ownership}).
local TERRAFORM = [[
resource "aws_s3_bucket_public_access_block" "cloudtrail" {
  bucket                  = aws_s3_bucket.cloudtrail.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "cloudtrail" {
  bucket = aws_s3_bucket.cloudtrail.id
  rule {
    object_ownership = "BucketOwnerEnforced" # {ownership}
  }
}]]
local TERRAFORM_COMMENTS = {
  en = {ownership = "disables ACLs altogether"},
  ja = {ownership = "ACL を完全に無効にします"},
}

local function terraform(lang)
  return (TERRAFORM:gsub("{(%w+)}", TERRAFORM_COMMENTS[lang]))
end

return {
  id = "cloudtrail-bucket-not-public",
  name = "CloudTrailBucketNotPublic",
  title = "The S3 bucket a trail delivers to is not publicly accessible",
  severity = "critical",
  description = "CloudTrail log files list every API call in the account: who, from where,"
    .. " on what. A public log bucket hands that map of the account, and of its weaknesses,"
    .. " to anyone, and may let them delete the evidence.",
  remediation = {
    console = "S3 > Buckets > the trail's bucket > Permissions > Block public access (bucket"
      .. " settings) > Edit > Block all public access > Save; under Access control list"
      .. " (ACL) remove grants to Everyone and to Authenticated users group; under Bucket"
      .. " policy remove statements that allow Principal \"*\" without a restricting"
      .. " condition.",
    cli = "aws s3api put-public-access-block --bucket <bucket>"
      .. " --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,"
      .. "BlockPublicPolicy=true,RestrictPublicBuckets=true"
      .. " && aws s3api put-bucket-acl --bucket <bucket> --acl private",
    terraform = terraform("en"),
  },
  texts = {
    ja = {
      title = "証跡の配信先 S3 バケットがパブリックにアクセス可能になっていない",
      description = "リスク: CloudTrail のログファイルには、"
        .. "アカウントのすべての API 呼び出し (誰が、どこから、何に対して) が記録されています。"
        .. "ログバケットがパブリックだと、アカウントとその弱点の地図を誰にでも渡すことになり、"
        .. "証拠を削除されるおそれもあります。対策: ブロックパブリックアクセスを有効にし、"
        .. "ACL とバケットポリシーからパブリックな許可を削除します。",
      remediation = {
        console = "S3 > バケット > 証跡の配信先バケット > アクセス許可 > "
          .. "ブロックパブリックアクセス (バケット設定) > 編集 > "
          .. "パブリックアクセスをすべてブロック > 変更の保存。"
          .. "アクセスコントロールリスト (ACL) で「全員」と「認証されたユーザーグループ」への許可を削除し、"
          .. "バケットポリシーで、条件による制限なしに Principal \"*\" "
          .. "を許可するステートメントを削除します。",
        terraform = terraform("ja"),
      },
    },
  },
  messages = messages,
  references = {
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-6",
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html",
  },
  compliance = require("compliance").of("cloudtrail-bucket-not-public"),
  params = {
    require_bucket_block = {
      default = false,
      description = "The stricter stance: the bucket's own public access block must have all"
        .. " four settings on (the account's cannot stand in) and no ACL grant or bucket"
        .. " policy may be public, even one a block keeps from taking effect.",
    },
  },
  check = function(snapshot, params)
    buckets.judge_each(snapshot, say("what"), ask,
                       function(b) judge(b.snapshot, params, b) end)
  end,
}

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

local SETTINGS = {"BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy",
                  "RestrictPublicBuckets"}
local PUBLIC_GROUPS = {
  {uri = "/groups/global/AllUsers", who = "everyone (AllUsers)"},
  {uri = "/groups/global/AuthenticatedUsers", who = "every AWS account (AuthenticatedUsers)"},
}
local STANCE = {
  effective = "judged on the effective public access block (the account's or the bucket's,"
    .. " setting by setting)",
  strict = "judged on the bucket's own public access block (require_bucket_block)",
}

-- The bucket's policy: true (public), false, or nil; then the response or
-- what to say (false) or why unknown (nil).
local function policy_of(snapshot, b)
  local resp, why, code = buckets.response(snapshot, "GetBucketPolicyStatus", b.name)
  if code == "NoSuchBucketPolicy" then return false, "it has no bucket policy" end
  if not resp then return nil, why end
  local ps = resp.PolicyStatus
  if type(ps) ~= "table" then return nil, "GetBucketPolicyStatus has no PolicyStatus" end
  if ps.IsPublic == true then return true, resp end
  return false, "its bucket policy is not public"
end

local function public_group(uri)
  for _, g in ipairs(PUBLIC_GROUPS) do
    if type(uri) == "string" and uri:sub(-#g.uri) == g.uri then return g.who end
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
    if who then out[#out + 1] = tostring(grant.Permission) .. " to " .. who end
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
    return {unknown = where .. " has no PublicAccessBlockConfiguration", whose = whose}
  end
  return {settings = c, resp = resp, whose = whose}
end

local function bucket_block(snapshot, b)
  local resp, why, code = buckets.response(snapshot, "GetPublicAccessBlock", b.name)
  return block(resp, why, code, "the bucket's", "GetPublicAccessBlock")
end

-- The account's block: the AWS CLI's `aws s3control get-public-access-block`
-- answer, one per account (no key).
local function account_block(snapshot)
  local where = "s3control GetPublicAccessBlock (the account's block)"
  local s3c = snapshot.global and snapshot.global.s3control
  local resp = s3c and s3c.GetPublicAccessBlock
  if resp then return block(resp, nil, nil, "the account's", where) end
  local e = account.error_for(snapshot, nil, "s3control", "GetPublicAccessBlock", nil)
  if e then
    return block(nil, where .. " failed: " .. account.describe_error(e), e.code,
                 "the account's", where)
  end
  return block(nil, where .. " is not in the snapshot", nil, "the account's", where)
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
  if #unknown > 0 then return nil, table.concat(unknown, "; ") end
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
      and string.format("%s, which %s %s keeps from taking effect", what, whose, setting)
      or string.format("%s %s keeps whatever %s grants from taking effect (%s)", whose,
                       setting, subject, what)
  elseif exposed == nil then
    out.unknown[#out.unknown + 1] = what .. (on == nil and ("; " .. whose) or "")
  elseif on == false then
    out.problems[#out.problems + 1] = string.format("%s, and neither the bucket's nor the"
                                                    .. " account's public access block turns"
                                                    .. " %s on", what, setting)
  else
    out.unknown[#out.unknown + 1] = string.format("%s, and whether %s keeps it from taking"
                                                  .. " effect is unknown: %s", what, setting,
                                                  whose)
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
    weigh(out, blocks, true, "its bucket policy makes it public (GetBucketPolicyStatus"
          .. " IsPublic)", "RestrictPublicBuckets", "its bucket policy")
    out.policy, out.node = #out.problems > 0, #out.problems > 0 and presp or nil
  else
    weigh(out, blocks, public, presp, "RestrictPublicBuckets", "its bucket policy")
    if public == false then out.notes[#out.notes + 1] = presp end
  end
  local grants, aresp = acl_of(snapshot, b)
  local before = #out.problems
  if grants and #grants == 0 then
    out.notes[#out.notes + 1] = "its ACL grants nothing to AllUsers or AuthenticatedUsers"
  else
    local what = grants and ("its ACL grants " .. table.concat(grants, ", ")) or aresp
    weigh(out, blocks, grants and true or nil, what, "IgnorePublicAcls", "its ACL")
  end
  if #out.problems > before then out.acl, out.node = true, out.node or aresp end
end

-- The stricter stance: no public grant, hidden or not, and the bucket's own
-- block with all four settings on.
local function judge_strict(snapshot, b, out)
  local bb = bucket_block(snapshot, b)
  local public, presp = policy_of(snapshot, b)
  if public then
    out.problems[#out.problems + 1] = "its bucket policy makes it public (GetBucketPolicyStatus"
      .. " IsPublic)"
    out.block, out.node = true, presp
  elseif public == nil then
    out.unknown[#out.unknown + 1] = presp
  else
    out.notes[#out.notes + 1] = presp
  end
  if bb.none then
    out.problems[#out.problems + 1] = "it has no public access block of its own"
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
      out.problems[#out.problems + 1] = "its public access block leaves "
        .. (#off > 0 and (table.concat(off, ", ") .. " and ") or "") .. last .. " off"
      out.block, out.node = true, out.node or bb.resp
    end
  end
  local grants, aresp = acl_of(snapshot, b)
  if not grants then out.unknown[#out.unknown + 1] = aresp; return end
  local hides = bb.settings and bb.settings.IgnorePublicAcls == true
  for _, g in ipairs(grants) do
    out.problems[#out.problems + 1] = "its ACL grants " .. g
      .. (hides and ", which IgnorePublicAcls hides only while it stays on" or "")
    out.acl, out.node = true, out.node or aresp
  end
  if #grants == 0 then
    out.notes[#out.notes + 1] = "its ACL grants nothing to AllUsers or AuthenticatedUsers"
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
    result.message = string.format("Bucket %s (%s) is %s, %s: %s.", b.name, b.label,
                                   stance == "strict" and "or can become public" or "public",
                                   STANCE[stance], table.concat(out.problems, "; "))
      .. (#out.unknown > 0 and (" Also unknown: " .. table.concat(out.unknown, "; ") .. ".") or "")
    return fail(result)
  end
  if #out.unknown > 0 then
    result.node, result.fix = out.pab or b.node, ask(b)
    if out.needs_account then result.fix = fixes.chain({result.fix, ask_account(snapshot)}) end
    placed(b, result)
    result.message = string.format("Could not decide whether bucket %s (%s) is private, %s:"
                                   .. " %s.", b.name, b.label, STANCE[stance],
                                   table.concat(out.unknown, "; "))
    return review(result)
  end
  if stance == "strict" then
    out.notes[#out.notes + 1] = "all four settings of its own public access block are on"
  end
  result.node = out.pab or b.node
  placed(b, result)
  local last = table.remove(out.notes)
  result.message = string.format("Bucket %s (%s) is not public, %s: %s%s.", b.name, b.label,
                                 STANCE[stance], table.concat(out.notes, ", "),
                                 (#out.notes > 0 and ", and " or "") .. last)
  pass(result)
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
    terraform = [[
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
    object_ownership = "BucketOwnerEnforced" # disables ACLs altogether
  }
}]],
  },
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
    buckets.judge_each(snapshot, "is private", ask,
                       function(b) judge(b.snapshot, params, b) end)
  end,
}

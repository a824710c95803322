-- Security Hub CloudTrail.6 / CIS AWS Foundations 1.4 item 3.3: the bucket a
-- trail delivers to is not public, and cannot quietly become public.
--
-- What passes, precisely:
--   * GetBucketPolicyStatus does not say IsPublic (no bucket policy at all,
--     NoSuchBucketPolicy, is fine);
--   * GetBucketAcl grants nothing to the AllUsers or AuthenticatedUsers
--     groups (AuthenticatedUsers means any AWS account, not "ours").  A
--     grant fails even while IgnorePublicAcls hides it: turning one setting
--     off would publish the logs;
--   * the bucket's own public access block has all four settings on.  Only
--     that makes public access impossible rather than absent today, and
--     CloudTrail itself needs none of what it blocks (it writes through a
--     bucket policy for the cloudtrail.amazonaws.com service principal).
--     The account-level block is not in the snapshot, so it cannot stand in.
local buckets = require("buckets")
local fixes = require("fixes")

local SETTINGS = {"BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy",
                  "RestrictPublicBuckets"}
local PUBLIC_GROUPS = {
  {uri = "/groups/global/AllUsers", who = "everyone (AllUsers)"},
  {uri = "/groups/global/AuthenticatedUsers", who = "every AWS account (AuthenticatedUsers)"},
}

-- Each check adds to out.problems / out.unknown and sets what the fix needs
-- (out.block, out.acl) and where the result points (out.node, out.pab).
local function check_policy(snapshot, b, out)
  local resp, why, code = buckets.response(snapshot, "GetBucketPolicyStatus", b.name)
  if code == "NoSuchBucketPolicy" then
    out.policy = "it has no bucket policy"
    return
  end
  if not resp then out.unknown[#out.unknown + 1] = why; return end
  local ps = resp.PolicyStatus
  if type(ps) ~= "table" then
    out.unknown[#out.unknown + 1] = "GetBucketPolicyStatus has no PolicyStatus"
  elseif ps.IsPublic == true then
    out.problems[#out.problems + 1] = "its bucket policy makes it public"
      .. " (GetBucketPolicyStatus IsPublic)"
    out.block, out.node = true, out.node or resp
  end
end

local function public_group(uri)
  for _, g in ipairs(PUBLIC_GROUPS) do
    if type(uri) == "string" and uri:sub(-#g.uri) == g.uri then return g.who end
  end
  return nil
end

local function check_acl(snapshot, b, out)
  local resp, why = buckets.response(snapshot, "GetBucketAcl", b.name)
  if not resp then out.unknown[#out.unknown + 1] = why; return end
  for _, grant in ipairs(resp.Grants or {}) do
    local who = type(grant) == "table" and type(grant.Grantee) == "table"
      and public_group(grant.Grantee.URI)
    if who then
      out.problems[#out.problems + 1] = string.format("its ACL grants %s to %s%s",
                                                      tostring(grant.Permission), who,
                                                      out.ignores_acls and ", which"
                                                        .. " IgnorePublicAcls hides only while it"
                                                        .. " stays on" or "")
      out.acl, out.node = true, out.node or resp
    end
  end
end

local function check_block(snapshot, b, out)
  local resp, why, code = buckets.response(snapshot, "GetPublicAccessBlock", b.name)
  if code == "NoSuchPublicAccessBlockConfiguration" then
    out.problems[#out.problems + 1] = "it has no public access block of its own"
    out.block = true
    return
  end
  if not resp then out.unknown[#out.unknown + 1] = why; return end
  local c = resp.PublicAccessBlockConfiguration
  if type(c) ~= "table" then
    out.unknown[#out.unknown + 1] = "GetPublicAccessBlock has no PublicAccessBlockConfiguration"
    return
  end
  out.ignores_acls = c.IgnorePublicAcls == true
  local off = {}
  for _, s in ipairs(SETTINGS) do
    if c[s] ~= true then off[#off + 1] = s end
  end
  out.pab = resp
  if #off > 0 then
    local last = table.remove(off)
    out.problems[#out.problems + 1] = "its public access block leaves "
      .. (#off > 0 and (table.concat(off, ", ") .. " and ") or "") .. last .. " off"
    out.block, out.node = true, out.node or resp
  end
end

local function fix_for(b, out)
  local cmds = {}
  if out.block then
    cmds[#cmds + 1] = "aws s3api put-public-access-block --bucket " .. fixes.q(b.name)
      .. " --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,"
      .. "BlockPublicPolicy=true,RestrictPublicBuckets=true"
  end
  if out.acl then
    -- CloudTrail delivers through the bucket policy: it needs no ACL grant.
    cmds[#cmds + 1] = "aws s3api put-bucket-acl --bucket " .. fixes.q(b.name) .. " --acl private"
  end
  return table.concat(cmds, " && ")
end

local function ask(b)
  local q = fixes.q(b.name)
  return "aws s3api get-bucket-policy-status --bucket " .. q .. " && aws s3api get-bucket-acl"
    .. " --bucket " .. q .. " && aws s3api get-public-access-block --bucket " .. q
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

local function judge(snapshot, b)
  local out = {problems = {}, unknown = {}}
  check_policy(snapshot, b, out)
  check_block(snapshot, b, out)
  check_acl(snapshot, b, out)
  local result = {resource = b.arn, region = b.region}
  if #out.problems > 0 then
    result.node = out.node or b.node
    placed(b, result)
    result.fix = fix_for(b, out)
    result.message = string.format("Bucket %s (%s) is or can become public: %s.", b.name,
                                   b.label, table.concat(out.problems, "; "))
      .. (#out.unknown > 0 and (" Also unknown: " .. table.concat(out.unknown, "; ") .. ".") or "")
    return fail(result)
  end
  if #out.unknown > 0 then
    result.node, result.fix = out.pab or b.node, ask(b)
    placed(b, result)
    result.message = string.format("Could not decide whether bucket %s (%s) is private: %s.",
                                   b.name, b.label, table.concat(out.unknown, "; "))
    return review(result)
  end
  result.node = out.pab or b.node
  placed(b, result)
  result.message = string.format("Bucket %s (%s) is not public: %s, its ACL grants nothing to"
                                 .. " AllUsers or AuthenticatedUsers, and all four public access"
                                 .. " block settings are on.", b.name, b.label,
                                 out.policy or "its bucket policy is not public")
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
  check = function(snapshot)
    buckets.judge_each(snapshot, "is private", ask, function(b) judge(b.snapshot, b) end)
  end,
}

-- The trail bucket's lifecycle configuration does not delete CloudTrail log
-- files early.  An enabled rule whose filter reaches a trail's log location
-- ("<S3KeyPrefix>/AWSLogs/") must not expire current objects, or noncurrent
-- versions, before min_retention_days.  Transitions (to Glacier and so on)
-- only move the files and are fine; no lifecycle configuration keeps them.
local buckets = require("buckets")
local fixes = require("fixes")
local trails = require("trails")

-- The rule's prefix ("" = whole bucket) and whether it also needs a tag.
-- The deprecated top-level Prefix is still honoured by S3.
local function scope(rule)
  local f, prefix, tagged = rule.Filter, nil, false
  if type(f) == "table" then
    if type(f.And) == "table" then
      prefix = f.And.Prefix
      tagged = type(f.And.Tags) == "table" and #f.And.Tags > 0
    else
      prefix = f.Prefix
      tagged = type(f.Tag) == "table"
    end
  else
    prefix = rule.Prefix
  end
  return type(prefix) == "string" and prefix or "", tagged
end

-- A rule reaches a log location when one is a prefix of the other: a wider
-- prefix covers every log file, a narrower one inside AWSLogs/ some of them.
local function reaches(prefix, location)
  return location:sub(1, #prefix) == prefix or prefix:sub(1, #location) == location
end

-- What rule deletes too early, as phrases (empty when nothing).
local function early(rule, min)
  local out = {}
  local e = rule.Expiration
  if type(e) == "table" then
    if type(e.Days) == "number" and e.Days < min then
      out[#out + 1] = string.format("expires log files after %g days", e.Days)
    end
    if e.Date ~= nil then
      out[#out + 1] = string.format("expires every log file on %s, whatever its age",
                                    tostring(e.Date))
    end
  end
  local n = rule.NoncurrentVersionExpiration
  if type(n) == "table" and type(n.NoncurrentDays) == "number" and n.NoncurrentDays < min then
    out[#out + 1] = string.format("deletes overwritten or deleted log files %g days later",
                                  n.NoncurrentDays)
  end
  return out
end

local function rule_name(rule, i)
  return type(rule.ID) == "string" and string.format("rule '%s'", rule.ID)
    or string.format("rule %d", i)
end

-- The enabled rules that delete a trail's log files too early.  Rules that
-- also need an object tag go to `tagged`: CloudTrail tags nothing, so they
-- reach log files only if something else tags them.
local function offenders(b, rules, min)
  local found, tagged = {}, {}
  for i, rule in ipairs(rules) do
    if type(rule) == "table" and rule.Status == "Enabled" then
      local prefix, needs_tag = scope(rule)
      local what = early(rule, min)
      for _, loc in ipairs(buckets.log_locations(b)) do
        if #what > 0 and reaches(prefix, loc.prefix) then
          local list = needs_tag and tagged or found
          local text = string.format("%s %s (it reaches %s of trail %s)", rule_name(rule, i),
                                     table.concat(what, " and "), loc.prefix,
                                     trails.label(loc.trail))
          list[#list + 1] = {rule = rule, text = text}
          break
        end
      end
    end
  end
  return found, tagged
end

-- The bucket's lifecycle configuration again, with the early deletions
-- raised to min days.  put-bucket-lifecycle-configuration replaces every
-- rule, so all of them are listed.
local function fix_for(b, rules, bad, min)
  local is_bad = {}
  for _, o in ipairs(bad) do is_bad[o.rule] = true end
  local json = fixes.json(rules, function(key, value, parent)
    if not is_bad[parent] or type(value) ~= "table" then return nil end
    if key == "Expiration" and (value.Date ~= nil
                                or (type(value.Days) == "number" and value.Days < min)) then
      return fixes.raw(string.format('{"Days":%d}', math.ceil(min)))
    elseif key == "NoncurrentVersionExpiration"
        and type(value.NoncurrentDays) == "number" and value.NoncurrentDays < min then
      local newer = value.NewerNoncurrentVersions
      local keep = type(newer) == "number"
        and (',"NewerNoncurrentVersions":' .. fixes.json(newer)) or ""
      return fixes.raw(string.format('{"NoncurrentDays":%d%s}', math.ceil(min), keep))
    end
    return nil
  end)
  local q = fixes.q(b.name)
  return fixes.fit("aws s3api put-bucket-lifecycle-configuration --bucket " .. q
                     .. " --lifecycle-configuration " .. fixes.q('{"Rules":' .. json .. '}'),
                   "aws s3api get-bucket-lifecycle-configuration --bucket " .. q
                     .. "  # raise those rules' expirations to " .. min .. " days, then"
                     .. " put-bucket-lifecycle-configuration")
end

local function texts(list)
  local out = {}
  for i, o in ipairs(list) do out[i] = o.text end
  return table.concat(out, "; ")
end

local function ask(b)
  return "aws s3api get-bucket-lifecycle-configuration --bucket " .. fixes.q(b.name)
end

local function judge(snapshot, params, b)
  local min = params.min_retention_days
  local resp, why, code = buckets.response(snapshot, "GetBucketLifecycleConfiguration", b.name)
  local result = {resource = b.arn, region = b.region, node = resp or b.node}
  if code == "NoSuchLifecycleConfiguration" then
    result.message = string.format("Bucket %s (%s) has no lifecycle configuration: its log"
                                   .. " files are kept until someone deletes them.", b.name,
                                   b.label)
    return pass(result)
  end
  if not resp then
    result.fix = ask(b)
    result.message = string.format("Could not decide whether bucket %s (%s) keeps log files"
                                   .. " for %g days: %s.", b.name, b.label, min, why)
    return review(result)
  end
  local rules = type(resp.Rules) == "table" and resp.Rules or {}
  local bad, tagged = offenders(b, rules, min)
  if #bad > 0 then
    result.fix = fix_for(b, rules, bad, min)
    result.message = string.format("Bucket %s (%s) deletes CloudTrail log files before %g"
                                   .. " days: %s.", b.name, b.label, min, texts(bad))
    return fail(result)
  end
  if #tagged > 0 then
    result.fix = fix_for(b, rules, tagged, min)
    result.message = string.format("Could not decide whether bucket %s (%s) keeps log files"
                                   .. " for %g days: %s, but only for objects with a given tag,"
                                   .. " and the snapshot does not show the log files' tags.",
                                   b.name, b.label, min, texts(tagged))
    return review(result)
  end
  result.message = string.format("Bucket %s (%s) keeps CloudTrail log files for at least %g"
                                 .. " days: no enabled lifecycle rule that reaches them expires"
                                 .. " them sooner.", b.name, b.label, min)
  pass(result)
end

return {
  id = "cloudtrail-bucket-lifecycle",
  name = "CloudTrailBucketLifecycle",
  title = "The trail bucket's lifecycle rules keep CloudTrail log files for at least a year",
  severity = "medium",
  description = "A lifecycle rule that expires objects in the trail's bucket silently deletes"
    .. " the account's API history. If it does so within months, the logs are gone before"
    .. " most intrusions are found. Moving old logs to a cheaper storage class is fine;"
    .. " deleting them early is not.",
  remediation = {
    console = "S3 > Buckets > the trail's bucket > Management > Lifecycle rules > edit each"
      .. " rule that covers the AWSLogs/ prefix: set 'Expire current versions of objects'"
      .. " and 'Permanently delete noncurrent versions' to at least 365 days (or remove those"
      .. " actions); keep transitions to Glacier if you want lower storage costs.",
    cli = "aws s3api get-bucket-lifecycle-configuration --bucket <bucket> > lifecycle.json,"
      .. " raise Expiration.Days and NoncurrentVersionExpiration.NoncurrentDays to 365 or more,"
      .. " then aws s3api put-bucket-lifecycle-configuration --bucket <bucket>"
      .. " --lifecycle-configuration file://lifecycle.json",
    terraform = [[
resource "aws_s3_bucket_lifecycle_configuration" "cloudtrail" {
  bucket = aws_s3_bucket.cloudtrail.id
  rule {
    id     = "archive-then-expire"
    status = "Enabled"
    filter {
      prefix = "AWSLogs/"
    }
    transition {
      days          = 90
      storage_class = "GLACIER"
    }
    expiration {
      days = 2555 # at least min_retention_days
    }
  }
}]],
  },
  references = {
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lifecycle-mgmt.html",
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html",
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-find-log-files.html",
  },
  compliance = require("compliance").of("cloudtrail-bucket-lifecycle"),
  params = {
    min_retention_days = {
      default = 365,
      description = "The fewest days CloudTrail log files must stay in the bucket before a"
        .. " lifecycle rule may expire them (current objects, and noncurrent versions after"
        .. " they become noncurrent).",
    },
  },
  check = function(snapshot, params)
    buckets.judge_each(snapshot, "keeps log files for " .. params.min_retention_days .. " days",
                       ask, function(b) judge(snapshot, params, b) end)
  end,
}

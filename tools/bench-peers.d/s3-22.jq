# Security Hub S3.22 in jq, for tools/bench-peers: the judgment of
# rules/s3/write_data_events.lua (lib/data_events.lua, lib/selectors.lua,
# lib/trails.lua) with its default parameters, over one snapshot per input.
# An account passes when a multi-region trail that is logging has basic
# selectors logging S3 object writes (ReadWriteType All/WriteOnly) for every
# bucket (arn:<partition>:s3 or arn:<partition>:s3:::), or an advanced
# selector whose only fields are eventCategory Equals Data, resources.type
# Equals AWS::S3::Object and a readOnly that admits "false".  It is a review
# when that cannot be decided (no DescribeTrails anywhere, or an eligible
# trail's status or selectors not in the snapshot); otherwise a fail.
# Output: one line per snapshot, "<account_id> pass|fail|review".
# Left out: the messages, the fix, and the accept_arn_exclusions parameter.

def has($v): any(.[]?; . == $v);

def all_buckets($p): . == "arn:\($p):s3" or . == "arn:\($p):s3:::";

def basic_writes($p):
  any(.EventSelectors[]?;
      (.ReadWriteType // "All") as $rw
      | ($rw == "All" or $rw == "WriteOnly")
        and any(.DataResources[]?;
                .Type == "AWS::S3::Object" and any(.Values[]?; all_buckets($p))));

def pattern_op: .NotEquals != null or .StartsWith != null or .NotStartsWith != null
                or .EndsWith != null or .NotEndsWith != null;

# One advanced selector: does it log S3 object writes, unnarrowed?
def advanced_writes_one:
  (.FieldSelectors // []) as $fs
  | ([$fs[] | select(.Field == "eventCategory" and (pattern_op | not))] | last
     | (.Equals // []) | has("Data")) as $data
  | ([$fs[] | select(.Field == "resources.type")] | last
     | (.Equals // []) | has("AWS::S3::Object")) as $s3
  | all($fs[] | select(.Field == "readOnly");
        (.StartsWith == null and .NotStartsWith == null and .EndsWith == null
         and .NotEndsWith == null)
        and (.Equals == null or (.Equals | has("false")))
        and (.NotEquals == null or (.NotEquals | has("false") | not))) as $writes
  | all($fs[]; .Field == "eventCategory" or .Field == "resources.type"
               or .Field == "readOnly") as $unnarrowed
  | $data and $s3 and $writes and $unnarrowed;

def writes($p): basic_writes($p) or any(.AdvancedEventSelectors[]?; advanced_writes_one);

. as $s
| .partition as $p
| [.regions // {} | to_entries[] | .value.cloudtrail.DescribeTrails.trailList? // empty] as $lists
| [$lists[][] | select(.TrailARN != null)] | unique_by(.TrailARN)
| map(. as $t
      | ($t.HomeRegion // ($t.TrailARN | split(":")[3])) as $home
      | ($s.regions[$home].cloudtrail // {}) as $ct
      | {multi: ($t.IsMultiRegionTrail == true),
         status: $ct.GetTrailStatus[$t.TrailARN]?,
         selectors: $ct.GetEventSelectors[$t.TrailARN]?})
| map(select(.multi and .status.IsLogging != false)) as $eligible
| (if ($lists | length) == 0 then "review"
   elif any($eligible[]; .status.IsLogging == true and .selectors != null
                         and (.selectors | writes($p))) then "pass"
   elif any($eligible[]; .selectors == null
                         or (.status == null and (.selectors | writes($p)))) then "review"
   else "fail" end) as $verdict
| "\($s.account_id) \($verdict)"

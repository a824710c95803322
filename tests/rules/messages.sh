#!/usr/bin/env bash
# What judgment messages say, where a fixture can hold only a verdict: the
# public-access stance that judged a trail bucket and the call a review
# waits for (cloudtrail-bucket-not-public), and why an S3 data-event
# selector does not count (s3-*-data-events).  The snapshots are the rules'
# own fixture cases, edited.
# usage: messages.sh path/to/trailscan
. "$(dirname "$0")/../cli/lib.sh" "$1"

# snap FIXTURE CASE OUT [PYTHON]: the case's snapshot completed as `rules
# test` completes it, edited by PYTHON (which sees it as `d`, and `values`
# to replace every selector value list), written to OUT.
snap() {
    python3 - "$ROOT/rules/$1" "$2" "$3" "${4:-}" <<'PY'
import json, sys
cases = json.load(open(sys.argv[1]))["cases"]
d = next(c for c in cases if c["name"] == sys.argv[2])["snapshot"]
for k, v in (("format", "trailscan-snapshot/1"), ("account_id", "123456789012"),
             ("partition", "aws"), ("collected_at", "2026-11-25T12:00:00Z")):
    d.setdefault(k, v)
def values(node, new):
    if isinstance(node, dict):
        for k in node:
            if k in ("Values", "StartsWith") and isinstance(node[k], list):
                node[k] = new
            else:
                values(node[k], new)
    elif isinstance(node, list):
        for x in node:
            values(x, new)
exec(sys.argv[4])
json.dump(d, open(sys.argv[3], "w"))
PY
}

BNP=cloudtrail/bucket_not_public.test.json
snap $BNP "an AuthenticatedUsers grant, no block anywhere: public" grant.json
check "bucket: the default stance is named, and which setting no block turns on" 1 \
    "is public, judged on the effective public access block \(the account's or the bucket's, setting by setting\): its ACL grants READ to every AWS account \(AuthenticatedUsers\), and neither the bucket's nor the account's public access block turns IgnorePublicAcls on" \
    -- "$T" scan --only cloudtrail-bucket-not-public grant.json

snap $BNP "no bucket-level block, the account's all on: not public" account.json
check "bucket: the account's block stands in by default" 0 \
    "is not public, judged on the effective public access block" \
    -- "$T" scan --include-passes --only cloudtrail-bucket-not-public account.json
cat > strict.json <<'EOF'
{"format": "trailscan-config/1",
 "params": {"cloudtrail-bucket-not-public": {"require_bucket_block": true}}}
EOF
check "bucket: require_bucket_block is named when it fails a bucket" 1 \
    "is or can become public, judged on the bucket's own public access block \(require_bucket_block\): it has no public access block of its own" \
    -- "$T" scan --config strict.json --only cloudtrail-bucket-not-public account.json

snap $BNP "an AuthenticatedUsers grant the account's IgnorePublicAcls keeps from taking effect: not public" hidden.json
check "bucket: a grant a block hides is said in the pass" 0 \
    "grants READ to every AWS account \(AuthenticatedUsers\), which the account's IgnorePublicAcls keeps from taking effect" \
    -- "$T" scan --include-passes --only cloudtrail-bucket-not-public hidden.json

snap $BNP "an AllUsers grant, no bucket-level IgnorePublicAcls, the account's block not in the snapshot: review" unread.json
check "bucket: a review names the account-level call" 0 \
    "whether IgnorePublicAcls keeps it from taking effect is unknown: s3control GetPublicAccessBlock \(the account's block\) is not in the snapshot" \
    -- "$T" scan --only cloudtrail-bucket-not-public unread.json
holds "bucket: the review's fix reads the account's block" \
    grep -q "aws s3control get-public-access-block --account-id 123456789012" out.txt

# A medium rule's failure is a warning: exit 0 under the default --fail-on.
WDE=s3/write_data_events.test.json
snap $WDE "basic selector naming one bucket covers that bucket only" star.json \
    'values(d, ["arn:aws:s3:::*/*"])'
check "data events: a basic selector's '*' value matches no bucket" 0 \
    "basic selector 1 does not log every bucket: arn:aws:s3:::\*/\* matches no bucket \('\*' is no wildcard in event selectors" \
    -- "$T" scan --only s3-write-data-events star.json

snap $WDE "advanced resources.ARN StartsWith one bucket narrows even with the parameter" \
    advstar.json 'values(d, ["arn:aws:s3:::*/*"])'
check "data events: an advanced StartsWith with '*' matches no bucket" 0 \
    "it also filters on resources.ARN \(StartsWith arn:aws:s3:::\*/\*\), and arn:aws:s3:::\*/\* matches no bucket" \
    -- "$T" scan --only s3-write-data-events advstar.json

snap $WDE "advanced readOnly true logs reads only" readonly.json
check "data events: readOnly narrowing is said" 0 \
    "advanced selector 'r' logs S3 object reads only \(readOnly Equals true\)" \
    -- "$T" scan --only s3-write-data-events readonly.json

snap $WDE "basic ReadOnly logs reads only" basicro.json
check "data events: a basic ReadOnly selector is said" 0 \
    "basic selector 1 logs S3 object reads only \(ReadWriteType ReadOnly\)" \
    -- "$T" scan --only s3-write-data-events basicro.json

snap $WDE "advanced resources.ARN NotStartsWith exclusion narrows by default" exclusion.json
check "data events: an exclusion names the parameter that accepts it" 0 \
    "filters on resources.ARN \(NotStartsWith arn:aws:s3:::trail-bucket/\), an exclusion that counts only with accept_arn_exclusions" \
    -- "$T" scan --only s3-write-data-events exclusion.json

snap $WDE "management events only" mgmt.json
check "data events: no S3 selector at all is said" 0 \
    "no event selector logs S3 object \(AWS::S3::Object\) data events" \
    -- "$T" scan --only s3-write-data-events mgmt.json

finish

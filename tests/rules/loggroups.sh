#!/usr/bin/env bash
# logs-log-group-retention reports a failing group with no call for its ARN
# or fix when no report shows passes (names' parts kept across accounts:
# lib/loggroups.lua's names), and by its judge otherwise (issue 21).  What
# a reader sees must not depend on it: the findings are the same with and
# without --include-passes, --profile (every instruction counted: the parts
# through `memo`) or --jobs, and each account's alone as among the others;
# odd groups keep their own names (a name with ':', an empty one, one that
# needs quotes, an ARN of another account, no logGroupArn).
# usage: loggroups.sh path/to/trailscan
. "$(dirname "$0")/../cli/lib.sh" "$1"

RULE=logs-log-group-retention

# org.py DIR: five accounts.  111111111111 and 222222222222 hold the odd
# groups (the same names in two regions each); 333333333333 fails with more
# distinct names than are kept (loggroups.lua's NAMED_MAX), 444444444444
# names again what the first did, after them.
cat > org.py <<'EOF'
import json, os, sys
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
def head(acct, region):
    return "arn:aws:logs:%s:%s:log-group:" % (region, acct)
def group(acct, region, name, days=7, arn="usual", star="usual"):
    g = {"logGroupName": name, "creationTime": 1787443570000, "metricFilterCount": 0,
         "storedBytes": 10}
    if star == "usual":
        g["arn"] = head(acct, region) + name + ":*"
    elif star is not None:
        g["arn"] = star
    if arn == "usual":
        g["logGroupArn"] = head(acct, region) + name
    elif arn is not None:
        g["logGroupArn"] = arn
    if days is not None:
        g["retentionInDays"] = days
    return g
def odd(acct, region):
    return [
        group(acct, region, "app/one"),
        group(acct, region, "app/two", days=30),
        group(acct, region, "a:b"),
        group(acct, region, "a:*"),
        group(acct, region, ""),
        group(acct, region, "my group", days=1),
        group(acct, region, "it's"),
        group(acct, region, "moved", arn=head("999999999999", "eu-west-3") + "moved"),
        group(acct, region, "nolga", arn=None),
        group(acct, region, "bare", arn=None, star=None),
        group(acct, region, "bad-arn", arn="arn:aws:s3:::bucket", star=None),
        group(acct, region, "kept", days=400),
        group(acct, region, "forever", days=None),
    ]
def snapshot(acct, regions):
    d = {"format": "trailscan-snapshot/1", "account_id": acct, "partition": "aws",
         "collected_at": "2026-11-25T12:00:00Z",
         "regions": {r: {"logs": {"DescribeLogGroups": {"logGroups": gs}}}
                     for r, gs in regions.items()}}
    json.dump(d, open(os.path.join(out, acct + ".json"), "w"), indent=1)
for acct in ["111111111111", "222222222222"]:
    snapshot(acct, {r: odd(acct, r) for r in ["us-east-1", "eu-west-1"]})
many = "333333333333"
snapshot(many, {"us-east-1": [group(many, "us-east-1", "svc/%04d" % i, days=[1, 7, 30][i % 3])
                              for i in range(700)]})
snapshot("444444444444", {"us-east-2": odd("444444444444", "us-east-2")})
EOF
python3 org.py org || bad "org.py"

# fails.py REPORT...: each report's findings of RULE, one JSON line each,
# sorted; all the reports must hold the same ones (and some).
cat > fails.py <<'EOF'
import json, sys
def fails(path):
    rs = [r for r in json.load(open(path))["results"]
          if r["rule"] == "logs-log-group-retention" and r["verdict"] != "pass"]
    return sorted(json.dumps(r, sort_keys=True) for r in rs)
first = fails(sys.argv[1])
for p in sys.argv[2:]:
    if fails(p) != first:
        print("differs:", p)
        sys.exit(1)
sys.exit(0 if first else 1)
EOF

scan() { "$T" scan --fail-on never --format json --only "$RULE" "$@"; }

for lang in en ja; do
    scan --lang "$lang" --jobs 1 org > plain.json 2>/dev/null
    scan --lang "$lang" --jobs 1 --include-passes org > passes.json 2>/dev/null
    scan --lang "$lang" --jobs 1 --profile org > profile.json 2>/dev/null
    scan --lang "$lang" --jobs 2 org > jobs.json 2>/dev/null
    holds "$lang: the same findings with and without --include-passes, --profile, --jobs 2" \
        python3 fails.py plain.json passes.json profile.json jobs.json
    differ=""
    for f in org/*.json; do
        scan --lang "$lang" --jobs 1 "$f" > one.json 2>/dev/null
        python3 - plain.json one.json "$(basename "$f" .json)" <<'EOF' || differ="$differ $f"
import json, sys
acct = sys.argv[3]
def of(path):
    return sorted(json.dumps(r, sort_keys=True) for r in json.load(open(path))["results"]
                  if r["rule"] == "logs-log-group-retention" and r["account"] == acct)
sys.exit(0 if of(sys.argv[1]) == of(sys.argv[2]) and of(sys.argv[1]) else 1)
EOF
    done
    [ -z "$differ" ] && ok "$lang: each account's findings alone as among the others" \
        || bad "$lang: differ alone:$differ"
done

# What the odd groups are reported as (English, no passes): resource, then fix.
scan --jobs 1 org/111111111111.json > one.json 2>/dev/null
cat > finding.py <<'EOF'
import json, sys
want_resource, want_fix = sys.argv[2], sys.argv[3]
for r in json.load(open(sys.argv[1]))["results"]:
    if r["rule"] == "logs-log-group-retention" and r.get("region") == "eu-west-1" \
            and r["resource"] == want_resource:
        sys.exit(0 if r["verdict"] == "fail" and r.get("fix", "").endswith(want_fix) else 1)
sys.exit(1)
EOF
H=arn:aws:logs:eu-west-1:111111111111:log-group:
FIX="--retention-in-days 365"
for want in "${H}app/one|--log-group-name app/one $FIX" \
            "${H}a:b|--log-group-name a:b $FIX" \
            "${H}a|--log-group-name 'a:*' $FIX" \
            "${H}|--log-group-name '' $FIX" \
            "${H}my group|--log-group-name 'my group' $FIX" \
            "${H}it's|--log-group-name 'it'\\''s' $FIX" \
            "arn:aws:logs:eu-west-3:999999999999:log-group:moved|--log-group-name moved $FIX" \
            "${H}nolga|--log-group-name nolga $FIX" \
            "${H}bare|--log-group-name bare $FIX" \
            "${H}bad-arn|--log-group-name bad-arn $FIX"; do
    holds "finding ${want%%|*}: ${want#*|}" python3 finding.py one.json "${want%%|*}" "${want#*|}"
done
cat > passes.py <<'EOF'
import json, sys
rs = json.load(open(sys.argv[1]))["results"]
sys.exit(1 if [r for r in rs if r["verdict"] == "pass"] else 0)
EOF
holds "the passing groups are counted, not listed" python3 passes.py one.json

finish

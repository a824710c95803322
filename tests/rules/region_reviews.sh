#!/usr/bin/env bash
# A region whose Config, KMS, VPC or Security Hub answer is missing gets a
# review whose message and command are said once per region, why and
# language and kept across accounts (answers.said_once, issue 21).  What a
# reader sees must not depend on it: each account's reviews name its own
# reason (its own error, or the absence) past more distinct reasons than
# are kept (512), in English and Japanese, the same with --profile (kept
# through `memo`), --jobs 2, and for an account scanned alone.
# usage: region_reviews.sh path/to/trailscan
. "$(dirname "$0")/../cli/lib.sh" "$1"

RULES=config-recording-all-regions,config-service-linked-role,kms-key-rotation,vpc-flow-logs,securityhub-enabled

# org.py DIR: 600 accounts in us-east-1 and eu-west-1.  An even account's
# Config, KMS and EC2 calls failed in us-east-1 with an error that names
# it (600 reasons: more than are kept); the rest are absent.
cat > org.py <<'EOF'
import json, os, sys
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for n in range(600):
    acct = "5%011d" % n
    errors = []
    if n % 2 == 0:
        for service, op in [("config", "DescribeConfigurationRecorders"), ("kms", "ListKeys"),
                            ("ec2", "DescribeVpcs")]:
            errors.append({"service": service, "operation": op, "region": "us-east-1",
                           "code": "AccessDenied", "message": "denied to %s" % acct})
    d = {"format": "trailscan-snapshot/1", "account_id": acct, "partition": "aws",
         "collected_at": "2026-11-25T12:00:00Z",
         "regions": {"us-east-1": {"logs": {}}, "eu-west-1": {"logs": {}}},
         "global": {}, "errors": errors}
    json.dump(d, open(os.path.join(out, acct + ".json"), "w"))
EOF
python3 org.py org || bad "org.py"

# reviews.py REPORT LANG: every account has ten reviews (five rules, two
# regions), each with its region's command; in us-east-1 an even account's
# Config, KMS and VPC reviews name its own error, and every other review
# says the answer is absent.
cat > reviews.py <<'EOF'
import collections, json, sys
report, lang = sys.argv[1], sys.argv[2]
absent = {"en": "is not in the snapshot", "ja": "がありません"}[lang]
failed = {"en": "failed: AccessDenied (denied to %s)",
          "ja": "が失敗しました: AccessDenied (denied to %s)"}[lang]
rs = json.load(open(report))["results"]
count = collections.Counter()
for r in rs:
    acct, region, rule = r["account"], r["region"], r["rule"]
    count[acct] += 1
    n = int(acct[1:])
    msg, fix = r["message"], r.get("fix", "")
    if r["verdict"] != "review" or not fix.endswith("--region " + region):
        sys.exit("%s %s %s: %s, fix %r" % (acct, region, rule, r["verdict"], fix))
    own = failed % acct
    if region == "us-east-1" and n % 2 == 0 and rule != "securityhub-enabled":
        ok = own in msg and absent not in msg
    else:
        ok = absent in msg and "denied to" not in msg
    if not ok or region not in msg:
        sys.exit("%s %s %s: %s" % (acct, region, rule, msg))
if len(count) != 600 or set(count.values()) != {10}:
    sys.exit("not ten reviews for each of 600 accounts")
EOF

# same.py REPORT...: the reports hold the same results (the file's folder aside).
cat > same.py <<'EOF'
import json, os, sys
def of(path):
    rs = json.load(open(path))["results"]
    for r in rs:
        r["file"] = os.path.basename(r.get("file", ""))
    return sorted(json.dumps(r, sort_keys=True) for r in rs)
first = of(sys.argv[1])
sys.exit(0 if first and all(of(p) == first for p in sys.argv[2:]) else 1)
EOF

scan() { "$T" scan --fail-on never --format json --only "$RULES" "$@"; }

for lang in en ja; do
    scan --lang "$lang" --jobs 1 org > plain.json 2>/dev/null
    holds "$lang: each account's reviews name its own reason, past 512 reasons" \
        python3 reviews.py plain.json "$lang"
    scan --lang "$lang" --jobs 1 --profile org > profile.json 2>/dev/null
    scan --lang "$lang" --jobs 2 org > jobs.json 2>/dev/null
    holds "$lang: the same reviews with --profile and --jobs 2" \
        python3 same.py plain.json profile.json jobs.json
    mkdir -p "last.$lang"
    cp org/500000000598.json org/500000000599.json "last.$lang/"
    scan --lang "$lang" --jobs 1 "last.$lang" > alone.json 2>/dev/null
    python3 - plain.json alone.json > among.json <<'EOF'
import json, sys
accts = {r["account"] for r in json.load(open(sys.argv[2]))["results"]}
d = json.load(open(sys.argv[1]))
d["results"] = [r for r in d["results"] if r["account"] in accts]
json.dump(d, sys.stdout)
EOF
    holds "$lang: the last accounts' reviews alone as among the others" \
        python3 same.py alone.json among.json
done

finish

#!/usr/bin/env bash
# The bucket rules share what they read of an account once (lib/buckets.lua:
# ListBuckets' names, each trail bucket's place) and s3-bucket-access-logging
# builds its fix around each name at once (issue 21).  What a reader sees
# must not depend on it: each rule's results alone are those it gives with
# the other bucket rules; a fix quotes a name that needs it exactly as a
# plain one is left bare, in both languages; and a pass no report shows is
# still counted, as the passes a report shows.
# usage: buckets.sh path/to/trailscan
. "$(dirname "$0")/../cli/lib.sh" "$1"

RULES="s3-bucket-access-logging cloudtrail-bucket-access-logging cloudtrail-bucket-lifecycle
       cloudtrail-bucket-not-public"
ALL=$(echo $RULES | tr ' ' ',')

python3 "$ROOT/tools/gen-org" "$W/org" --accounts 12 --seed 3 --control-tower-share 0.5 \
    >/dev/null 2>&1 || bad "gen-org"

# same.py ALL ONE RULE: the results of RULE in ALL equal those in ONE.
cat > same.py <<'EOF'
import json, sys
def of(path, rule):
    return [r for r in json.load(open(path))["results"] if r["rule"] == rule]
every, alone = of(sys.argv[1], sys.argv[3]), of(sys.argv[2], sys.argv[3])
sys.exit(0 if every == alone and every else 1)
EOF

for input in "$ROOT/snapshots" "$ROOT/tests/data/ct-compliant" "$ROOT/tests/data/ct-broken" \
             "$W/org"; do
    for lang in en ja; do
        name="$(basename "$input") $lang"
        "$T" scan --fail-on never --jobs 1 --lang "$lang" --format json --include-passes \
            --only "$ALL" "$input" > all.json 2>/dev/null || { bad "$name: the bucket rules"; continue; }
        differ=""
        for rule in $RULES; do
            "$T" scan --fail-on never --jobs 1 --lang "$lang" --format json --include-passes \
                --only "$rule" "$input" > one.json 2>/dev/null
            python3 same.py all.json one.json "$rule" || differ="$differ $rule"
        done
        [ -z "$differ" ] && ok "$name: each bucket rule alone as with the others" \
            || bad "$name: differ alone:$differ"
    done
done

# An account whose bucket names need quotes, beside plain ones, and one
# that logs (a pass), one the others log to, one with no answer.
cat > names.py <<'EOF'
import json, sys
names = sys.argv[2:]
d = {"format": "trailscan-snapshot/1", "account_id": "123456789012", "partition": "aws",
     "collected_at": "2026-11-25T12:00:00Z", "regions": {"us-east-1": {}},
     "global": {"s3": {"ListBuckets": {"Buckets": [{"Name": n} for n in names + ["logged", "logs", "unread"]]},
                       "GetBucketLogging": dict({n: {} for n in names}, logs={},
                           logged={"LoggingEnabled": {"TargetBucket": "logs", "TargetPrefix": "l/"}})}}}
json.dump(d, open(sys.argv[1], "w"))
EOF
python3 names.py plain.json app-1 app.2
python3 names.py quoted.json "my app" "it's" app-1

# fix.py REPORT NAME: the fix of the result on bucket NAME.
cat > fix.py <<'EOF'
import json, sys
r = [r for r in json.load(open(sys.argv[1]))["results"]
     if r["resource"] == "arn:aws:s3:::" + sys.argv[2]]
print(r[0].get("fix", "") if r else "")
EOF
fix_is() { # NAME REPORT BUCKET WANT
    local got
    got=$(python3 fix.py "$2" "$3")
    [ "$got" = "$4" ] && ok "$1" || { bad "$1"; echo "     got:  $got"; echo "     want: $4"; }
}
scan_json() { # OUT SNAPSHOT [ARGS...]
    local out=$1 in=$2
    shift 2
    "$T" scan --fail-on never --format json --only s3-bucket-access-logging "$@" "$in" \
        > "$out" 2>/dev/null
}

scan_json plain.out plain.json
fix_is "fix: a plain name is left bare" plain.out app-1 \
    "aws s3api put-bucket-logging --bucket app-1 --bucket-logging-status '{\"LoggingEnabled\":{\"TargetBucket\":\"<access-log bucket>\",\"TargetPrefix\":\"app-1/\"}}'"
scan_json quoted.out quoted.json
fix_is "fix: a name with a space is quoted, the plain one beside it left bare" quoted.out "my app" \
    "aws s3api put-bucket-logging --bucket 'my app' --bucket-logging-status '{\"LoggingEnabled\":{\"TargetBucket\":\"<access-log bucket>\",\"TargetPrefix\":\"my app/\"}}'"
fix_is "fix: a name with a quote is quoted, in the JSON too" quoted.out "it's" \
    "aws s3api put-bucket-logging --bucket 'it'\\''s' --bucket-logging-status '{\"LoggingEnabled\":{\"TargetBucket\":\"<access-log bucket>\",\"TargetPrefix\":\"it'\\''s/\"}}'"
fix_is "fix: a plain name among quoted ones is left bare" quoted.out app-1 \
    "aws s3api put-bucket-logging --bucket app-1 --bucket-logging-status '{\"LoggingEnabled\":{\"TargetBucket\":\"<access-log bucket>\",\"TargetPrefix\":\"app-1/\"}}'"
scan_json quoted-ja.out quoted.json --lang ja
fix_is "fix: in Japanese the placeholder is Japanese, the name quoted as in English" \
    quoted-ja.out "my app" \
    "aws s3api put-bucket-logging --bucket 'my app' --bucket-logging-status '{\"LoggingEnabled\":{\"TargetBucket\":\"<アクセスログの保存先バケット>\",\"TargetPrefix\":\"my app/\"}}'"
fix_is "fix: a bucket without an answer is asked about" quoted.out unread \
    "aws s3api get-bucket-logging --bucket unread"

# Passes: counted alike whether a report shows them or not; the log target
# passes only when exclude_access_log_targets says so.
cat > excl.json <<'EOF'
{"format": "trailscan-config/1",
 "params": {"s3-bucket-access-logging": {"exclude_access_log_targets": true}}}
EOF
# count.py REPORT: "fail review pass" of the summary, and the passes listed.
cat > count.py <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
s = d["summary"]
print(s["fail"], s["review"], s["pass"], sum(r["verdict"] == "pass" for r in d["results"]))
EOF
for cfg in "" excl.json; do
    args=()
    [ -n "$cfg" ] && args=(--config "$cfg")
    scan_json shown.out quoted.json --include-passes "${args[@]}"
    scan_json counted.out quoted.json "${args[@]}"
    read -r f1 r1 p1 l1 < <(python3 count.py shown.out)
    read -r f2 r2 p2 l2 < <(python3 count.py counted.out)
    want=1
    [ -n "$cfg" ] && want=2
    [ "$p1" = "$want" ] && [ "$l1" = "$want" ] && [ "$f1 $r1 $p1" = "$f2 $r2 $p2" ] && [ "$l2" = 0 ] \
        && ok "passes ${cfg:-default}: $p1 shown with --include-passes, counted alike without" \
        || bad "passes ${cfg:-default}: shown $f1 $r1 $p1 ($l1 listed), counted $f2 $r2 $p2 ($l2 listed)"
done

finish

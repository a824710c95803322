#!/usr/bin/env bash
# tools/export-aws-cli against a local moto server (signature checking on):
# the snapshot validates, matches what boto3 reads back and what `trailscan
# collect` reads, and scans to the verdicts the seeded account calls for (the
# same as collect's snapshot); a wrong secret writes nothing; an
# IAM policy that denies a call puts AccessDenied in `errors` and the rules
# that needed the answer report review.
#
#   aws_cli.sh TRAILSCAN REPO_ROOT        (exit 77 = skipped: no moto)
set -uo pipefail

TRAILSCAN=$1
ROOT=$2
HERE=$ROOT/tests/collect
EXPORT=$ROOT/tools/export-aws-cli
REGIONS=(--region us-east-1 --region eu-west-1)
# moto answers GetTrailStatus's delivery times with the time of the call.
VOLATILE=(--ignore LatestDeliveryTime --ignore LatestDeliveryAttemptTime)

. "$HERE/moto.sh"
moto_require
command -v aws >/dev/null || { echo "the AWS CLI is not installed: skipping" >&2; exit 77; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/aws_cli_test.XXXXXX")
PROXY_PID=
cleanup() { [ -n "$PROXY_PID" ] && kill "$PROXY_PID" 2>/dev/null; moto_stop; rm -rf "$TMP"; }
trap cleanup EXIT
FAILED=0
fail() { echo "FAIL: $*" >&2; FAILED=1; }

moto_start || exit 1   # keeps the cleanup trap, adds moto_stop
python3 "$HERE/seed.py" --endpoint "$MOTO_URL" >"$TMP/seed.json" || exit 1

# botocore sends S3 Control requests to <account>.127.0.0.1, which nothing
# resolves: the AWS CLI reaches moto through services_proxy.py as its HTTP
# proxy, which forwards whatever the host (services.sh tests the rest).
python3 "$HERE/services_proxy.py" --upstream "$MOTO_URL" --port-file "$TMP/port" \
    --log "$TMP/proxy.log" &
PROXY_PID=$!
wait_port_file "$TMP/port" "$PROXY_PID" || { echo "services_proxy.py did not start" >&2; exit 1; }
export HTTP_PROXY=http://127.0.0.1:$(cat "$TMP/port") NO_PROXY= no_proxy=
unset http_proxy

# A user whose policy denies GetEventSelectors, then an admin; then auth on.
cat >"$TMP/deny.json" <<'EOF'
{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "*", "Resource": "*"},
  {"Effect": "Deny", "Action": "cloudtrail:GetEventSelectors", "Resource": "*"}]}
EOF
moto_user limited-auditor "$TMP/deny.json" || exit 1
LIMITED_KEY=$MOTO_KEY_ID LIMITED_SECRET=$MOTO_SECRET
moto_auth_on auditor || exit 1
export AWS_ACCESS_KEY_ID=$MOTO_KEY_ID AWS_SECRET_ACCESS_KEY=$MOTO_SECRET
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_DEFAULT_PROFILE

echo "== export with the admin key" >&2
"$EXPORT" --endpoint-url "$MOTO_URL" "${REGIONS[@]}" --parallel 2 -o "$TMP/cli.json"
rc=$?
[ $rc -eq 0 ] || fail "export-aws-cli exit $rc, want 0 (complete snapshot)"
"$TRAILSCAN" validate "$TMP/cli.json" || fail "validate rejects the AWS CLI snapshot"

echo "== compare with boto3's view" >&2
python3 "$HERE/boto3_view.py" --endpoint "$MOTO_URL" --regions us-east-1,eu-west-1 \
    -o "$TMP/boto3.json" || exit 1
python3 "$HERE/compare.py" "${VOLATILE[@]}" "$TMP/cli.json" "$TMP/boto3.json" \
    || fail "the AWS CLI snapshot differs from boto3's view (above)"

echo "== scan" >&2
"$TRAILSCAN" scan --include-passes --format json -o "$TMP/scan.json" "$TMP/cli.json"
rc=$?
[ $rc -eq 1 ] || fail "scan exit $rc, want 1 (findings at error level)"

# expect SCAN_JSON RULE RESOURCE VERDICT: one result with that verdict.
expect() {
    python3 - "$@" <<'PY' || fail "$2 on $3: want $4"
import json, sys
scan, rule, resource, verdict = sys.argv[1:5]
got = [r["verdict"] for r in json.load(open(scan))["results"]
       if r["rule"] == rule and r["resource"] == resource]
if got != [verdict]:
    print(f"{rule} on {resource}: got {got}, want [{verdict!r}]", file=sys.stderr)
    sys.exit(1)
PY
}
ACCT=123456789012
MGMT=arn:aws:cloudtrail:us-east-1:$ACCT:trail/management-trail
EU=arn:aws:cloudtrail:eu-west-1:$ACCT:trail/eu-data-trail
BUCKET=arn:aws:s3:::trailscan-trail-logs-$ACCT
EU_BUCKET=arn:aws:s3:::trailscan-eu-trail-logs-$ACCT
S=$TMP/scan.json
expect "$S" cloudtrail-kms-encryption "$MGMT" fail
expect "$S" cloudtrail-kms-encryption "$EU" pass
expect "$S" cloudtrail-log-file-validation "$MGMT" fail
expect "$S" cloudtrail-log-file-validation "$EU" pass
expect "$S" cloudtrail-bucket-access-logging "$BUCKET" pass
expect "$S" cloudtrail-bucket-access-logging "$EU_BUCKET" fail
# No public access block (NoSuchPublicAccessBlockConfiguration in errors).
expect "$S" cloudtrail-bucket-not-public "$EU_BUCKET" fail
expect "$S" cloudtrail-bucket-not-public "$BUCKET" pass
# No lifecycle (NoSuchLifecycleConfiguration): nothing deletes the logs.
expect "$S" cloudtrail-bucket-lifecycle "$EU_BUCKET" pass
expect "$S" logs-log-group-retention "arn:aws:logs:eu-west-1:$ACCT:log-group:/aws/lambda/eu-app" fail
expect "$S" s3-write-data-events "AWS::::Account:$ACCT" pass
expect "$S" cis-alarm-root-usage "AWS::::Account:$ACCT" pass
expect "$S" cis-alarm-route-table-changes "AWS::::Account:$ACCT" fail

echo "== the same snapshot and verdicts as trailscan collect" >&2
if "$TRAILSCAN" collect --quiet --endpoint-url "$MOTO_URL" "${REGIONS[@]}" \
        -o "$TMP/collect.json" 2>"$TMP/collect.err"; then
    # collect keeps XML members botocore's model lacks (--extra-ok).
    python3 "$HERE/compare.py" --extra-ok "${VOLATILE[@]}" "$TMP/collect.json" "$TMP/cli.json" \
        || fail "the AWS CLI snapshot differs from collect's (above)"
    "$TRAILSCAN" scan --include-passes --format json -o "$TMP/collect-scan.json" \
        "$TMP/collect.json"
    python3 - "$TMP/collect-scan.json" "$S" <<'PY' || fail "the two snapshots scan differently"
import json, sys
a, b = ({(r["rule"], r["resource"], r["verdict"]) for r in json.load(open(f))["results"]}
        for f in sys.argv[1:3])
for x in sorted(a ^ b):
    print(("only collect: " if x in a else "only AWS CLI: ") + " ".join(x), file=sys.stderr)
sys.exit(1 if a != b else 0)
PY
else
    fail "trailscan collect failed: $(head -3 "$TMP/collect.err")"
fi

echo "== a wrong secret writes nothing" >&2
AWS_SECRET_ACCESS_KEY=not-the-secret "$EXPORT" --endpoint-url "$MOTO_URL" \
    "${REGIONS[@]}" -o "$TMP/wrong.json" 2>"$TMP/wrong.err"
rc=$?
[ $rc -eq 4 ] || fail "wrong secret: exit $rc, want 4"
[ ! -e "$TMP/wrong.json" ] || fail "wrong secret: a snapshot was written"
grep -q SignatureDoesNotMatch "$TMP/wrong.err" \
    || fail "wrong secret: stderr does not say SignatureDoesNotMatch"

echo "== AccessDenied is recorded, and rules report review" >&2
AWS_ACCESS_KEY_ID=$LIMITED_KEY AWS_SECRET_ACCESS_KEY=$LIMITED_SECRET \
    "$EXPORT" --endpoint-url "$MOTO_URL" "${REGIONS[@]}" -q -o "$TMP/denied.json"
rc=$?
[ $rc -eq 4 ] || fail "denied: exit $rc, want 4 (partial snapshot)"
"$TRAILSCAN" validate "$TMP/denied.json" || fail "validate rejects the partial snapshot"
python3 - "$TMP/denied.json" "$MGMT" "$EU" <<'PY' || fail "denied: errors lack AccessDenied for GetEventSelectors"
import json, sys
snap, want = json.load(open(sys.argv[1])), set(sys.argv[2:])
got = {e.get("key") for e in snap["errors"]
       if e["operation"] == "GetEventSelectors" and e["code"] == "AccessDenied"
       and e["message"]}
assert got == want, got
PY
"$TRAILSCAN" scan --include-passes --format json -o "$TMP/denied-scan.json" "$TMP/denied.json"
expect "$TMP/denied-scan.json" s3-write-data-events "AWS::::Account:$ACCT" review

echo "== no secret in any output" >&2
for f in "$TMP"/*.json "$TMP"/*.err; do
    if grep -qF -e "$AWS_SECRET_ACCESS_KEY" -e "$LIMITED_SECRET" "$f"; then
        fail "a secret appears in $(basename "$f")"
    fi
done

[ $FAILED -eq 0 ] && echo "PASS" >&2
exit $FAILED

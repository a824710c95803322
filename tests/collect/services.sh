#!/usr/bin/env bash
# The services beyond CloudTrail's own (AWS Config, KMS, VPC flow logs,
# Security Hub, S3 Control, every bucket's logging) against moto seeded with
# each control's passing and failing cases (seed.py, then seed_services.py):
# `collect` and the AWS CLI route (tools/export-aws-cli) read them as
# DESIGN.md section 2 says, `scan` gives the verdicts the seed intends, and a
# call AWS refuses (AccessDenied from services_proxy.py) is listed in
# `errors` and judged review.  moto has no GetEnabledStandards:
# services_proxy.py stands in for it.
# usage: services.sh path/to/trailscan REPO_ROOT      (exit 77: no moto)
set -u
export LC_ALL=C NO_COLOR=1
T=$(realpath "$1")
ROOT=$(realpath "$2")
HERE=$ROOT/tests/collect
W=$(mktemp -d)
. "$HERE/moto.sh"
moto_require
PROXY_PID=
cleanup() { [ -n "$PROXY_PID" ] && kill "$PROXY_PID" 2>/dev/null; moto_stop; rm -rf "$W"; }
trap cleanup EXIT
cd "$W" || exit 2
passed=0 failed=0
ok() { echo "ok   $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1"; shift; for l in "$@"; do echo "     $l"; done; failed=$((failed + 1)); }

export AWS_ACCESS_KEY_ID=AKIDTRAILSCANTEST AWS_SECRET_ACCESS_KEY=trailscan-secret-do-not-print
export AWS_SHARED_CREDENTIALS_FILE=$W/none AWS_CONFIG_FILE=$W/none TRAILSCAN_RETRY_BASE_MS=20
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_REGION AWS_DEFAULT_REGION AWS_MAX_ATTEMPTS
unset AWS_ENDPOINT_URL HTTP_PROXY HTTPS_PROXY http_proxy https_proxy ALL_PROXY all_proxy
REGIONS=(--region us-east-1 --region eu-west-1)

moto_start || exit 2
python3 "$HERE/seed.py" --endpoint "$MOTO_URL" >/dev/null || { echo "seed.py failed"; exit 2; }
python3 "$HERE/seed_services.py" --endpoint "$MOTO_URL" >seed.json ||
    { echo "seed_services.py failed"; exit 2; }

start_proxy() {  # start_proxy [--deny OP]...: PROXY_URL
    rm -f port proxy.log
    python3 "$HERE/services_proxy.py" --upstream "$MOTO_URL" --port-file port --log proxy.log \
        "$@" &
    PROXY_PID=$!
    wait_port_file port "$PROXY_PID" || { echo "FAIL: services_proxy.py did not start"; exit 1; }
    PROXY_URL=http://127.0.0.1:$(cat port)
}
stop_proxy() { kill "$PROXY_PID" 2>/dev/null; wait "$PROXY_PID" 2>/dev/null; PROXY_PID=; }

scan() {  # scan SNAPSHOT OUT
    "$T" scan --fail-on never --include-passes --format json -o "$2" "$1" 2>/dev/null
}

# 1. collect reads every new operation where DESIGN.md section 2 puts it.
start_proxy
"$T" collect --endpoint-url "$PROXY_URL" "${REGIONS[@]}" -o snap.json 2>err.txt
status=$?
if [ $status = 0 ] && "$T" validate snap.json >/dev/null 2>&1; then
    ok "collect exits 0; validate accepts the snapshot"
else bad "collect: exit $status" "$(head -3 err.txt)"; fi
if python3 - snap.json seed.json <<'PY'
import json, sys
s, seed = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
us, eu = s["regions"]["us-east-1"], s["regions"]["eu-west-1"]
assert [r["name"] for r in us["config"]["DescribeConfigurationRecorders"]["ConfigurationRecorders"]] == ["default"]
assert us["config"]["DescribeConfigurationRecorderStatus"]["ConfigurationRecordersStatus"][0]["recording"] is True
assert eu["config"]["DescribeDeliveryChannels"]["DeliveryChannels"][0]["s3BucketName"].startswith("trailscan-config-")
keys = seed["keys"]
listed = {k["KeyArn"] for k in us["kms"]["ListKeys"]["Keys"]}
assert set(keys.values()) <= listed, listed
assert "Truncated" not in us["kms"]["ListKeys"] and "NextMarker" not in us["kms"]["ListKeys"]
assert set(us["kms"]["DescribeKey"]) == listed, "every key described, keyed by ARN"
# Rotation asked only where it can apply: not the RSA key, not the one pending deletion.
assert set(us["kms"]["GetKeyRotationStatus"]) == {keys["rotating"], keys["static"]}, \
    us["kms"]["GetKeyRotationStatus"]
assert us["kms"]["GetKeyRotationStatus"][keys["rotating"]]["KeyRotationEnabled"] is True
vpcs = {v["VpcId"]: v for v in us["ec2"]["DescribeVpcs"]["Vpcs"]}
assert {"Key": "Name", "Value": "logged"} in vpcs[seed["vpcs"]["logged"]]["Tags"]
logs = {f["ResourceId"]: f for f in us["ec2"]["DescribeFlowLogs"]["FlowLogs"]}
assert logs[seed["vpcs"]["logged"]]["TrafficType"] == "ALL"
assert logs[seed["vpcs"]["accept-only"]]["TrafficType"] == "ACCEPT"
assert us["securityhub"]["DescribeHub"]["HubArn"].endswith(":hub/default")
std = us["securityhub"]["GetEnabledStandards"]["StandardsSubscriptions"]
assert std and std[0]["StandardsStatus"] == "READY", std
assert "securityhub" not in eu, "not subscribed: no answer stored"
hub = [e for e in s["errors"] if e["service"] == "securityhub"]
assert [(e["region"], e["operation"], e["code"]) for e in hub] == \
    [("eu-west-1", "DescribeHub", "InvalidAccessException")], hub
acct = [e for e in s["errors"] if e["service"] == "s3control"]
assert [(e["operation"], e["code"], "region" in e, "key" in e) for e in acct] == \
    [("GetPublicAccessBlock", "NoSuchPublicAccessBlockConfiguration", False, False)], acct
owned = {b["Name"] for b in s["global"]["s3"]["ListBuckets"]["Buckets"]}
for op in ("GetBucketLocation", "GetBucketLogging"):
    assert set(s["global"]["s3"][op]) == owned, (op, set(s["global"]["s3"][op]) ^ owned)
PY
then ok "the snapshot holds each new service's answers, keyed as the format says"
else bad "the new services' answers are not where the format puts them"; fi
python3 "$HERE/boto3_view.py" --endpoint "$PROXY_URL" --regions us-east-1,eu-west-1 -o boto3.json
if python3 "$HERE/compare.py" --extra-ok --ignore LatestDeliveryTime \
        --ignore LatestDeliveryAttemptTime snap.json boto3.json >diff.txt 2>&1; then
    ok "the snapshot matches boto3's view"
else bad "the snapshot differs from boto3's view" "$(head -10 diff.txt)"; fi

# 2. scan gives every verdict the seed intends.
scan snap.json scan.json
if python3 "$HERE/expect_verdicts.py" seed.json scan.json >verdicts.txt; then
    ok "collect + scan: the intended verdict for each seeded case ($(grep -c '^ok' verdicts.txt))"
else bad "collect + scan: verdicts" "$(grep FAIL verdicts.txt)"; fi

# 3. The AWS CLI route: the same snapshot and verdicts.  botocore sends S3
#    Control requests to <account>.127.0.0.1, which nothing resolves: the
#    proxy takes them (HTTP_PROXY), whatever the host.
if command -v aws >/dev/null; then
    HTTP_PROXY=$PROXY_URL NO_PROXY= no_proxy= "$ROOT/tools/export-aws-cli" \
        --endpoint-url "$MOTO_URL" "${REGIONS[@]}" --parallel 4 -q -o cli.json 2>cli.err
    status=$?
    if [ $status = 0 ] && "$T" validate cli.json >/dev/null 2>&1 &&
       python3 "$HERE/compare.py" --extra-ok --ignore LatestDeliveryTime \
           --ignore LatestDeliveryAttemptTime snap.json cli.json >diff.txt 2>&1; then
        ok "export-aws-cli: exit 0, the same snapshot as collect's"
    else bad "export-aws-cli: exit $status" "$(head -3 cli.err)" "$(head -5 diff.txt)"; fi
    scan cli.json cli-scan.json
    if python3 "$HERE/expect_verdicts.py" seed.json cli-scan.json >verdicts.txt; then
        ok "export-aws-cli + scan: the intended verdicts"
    else bad "export-aws-cli + scan: verdicts" "$(grep FAIL verdicts.txt)"; fi
else
    echo "SKIP the AWS CLI route: aws is not installed"
fi
stop_proxy

# 4. Each operation refused: listed in errors (keyed as its answers would
#    be), the snapshot partial (exit 4), and the rule that needs it says it
#    could not decide.
#    denied OP SERVICE OPERATION CODES RULE RESOURCE
#    (CODES: the code AWS gives, |-separated; RULE "-": no rule reads it)
denied() {
    local op=$1 service=$2 operation=$3 codes=$4 rule=$5 resource=$6
    start_proxy --deny "$op"
    "$T" collect --endpoint-url "$PROXY_URL" "${REGIONS[@]}" -o denied.json 2>err.txt
    local status=$?
    stop_proxy
    if [ $status = 4 ] && python3 - denied.json "$service" "$operation" "$codes" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
service, operation, codes = sys.argv[2], sys.argv[3], sys.argv[4].split("|")
hits = [e for e in s["errors"] if e["service"] == service and e["operation"] == operation]
assert hits and all(e["code"] in codes and "injected" in e["message"] for e in hits), hits
per_key = {"DescribeKey", "GetKeyRotationStatus", "GetBucketLogging", "GetBucketLocation"}
assert all(("key" in e) == (operation in per_key) for e in hits), hits
PY
    then
        ok "$operation refused: listed in errors, exit 4"
    else bad "$operation refused: exit $status" "$(head -3 err.txt)"; return; fi
    [ "$rule" = - ] && return
    scan denied.json denied-scan.json
    local got
    got=$(python3 - denied-scan.json "$rule" "$resource" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
print(",".join(sorted({x["verdict"] for x in r
                       if x["rule"] == sys.argv[2] and sys.argv[3] in x["resource"]})) or "none")
PY
)
    if [ "$got" = review ]; then ok "$operation refused: $rule on $resource is review"
    else bad "$operation refused: $rule on $resource is $got, wanted review"; fi
}
rotating=$(python3 -c "import json;print(json.load(open('seed.json'))['keys']['rotating'])")
logged=$(python3 -c "import json;print(json.load(open('seed.json'))['vpcs']['logged'])")
denied DescribeConfigurationRecorders config DescribeConfigurationRecorders AccessDeniedException \
    config-recording-all-regions us-east-1:123456789012:configuration-recorder
denied DescribeConfigurationRecorderStatus config DescribeConfigurationRecorderStatus \
    AccessDeniedException config-recording-all-regions configuration-recorder/default
denied DescribeDeliveryChannels config DescribeDeliveryChannels AccessDeniedException \
    config-recording-all-regions configuration-recorder/default
denied ListKeys kms ListKeys AccessDeniedException kms-key-rotation kms:us-east-1
denied DescribeKey kms DescribeKey AccessDeniedException kms-key-rotation kms:us-east-1
denied GetKeyRotationStatus kms GetKeyRotationStatus AccessDeniedException kms-key-rotation \
    "$rotating"
denied DescribeVpcs ec2 DescribeVpcs UnauthorizedOperation vpc-flow-logs vpc/
denied DescribeFlowLogs ec2 DescribeFlowLogs UnauthorizedOperation vpc-flow-logs "$logged"
denied DescribeHub securityhub DescribeHub AccessDeniedException securityhub-enabled \
    securityhub:us-east-1
denied GetEnabledStandards securityhub GetEnabledStandards AccessDeniedException - -
denied s3control:GetPublicAccessBlock s3control GetPublicAccessBlock AccessDenied - -
denied s3:location s3 GetBucketLocation AccessDenied - -
denied s3:logging s3 GetBucketLogging AccessDenied s3-bucket-access-logging trailscan-app-assets

# 5. The AWS CLI route lists refusals too, and the rules review: several
#    operations refused in one run (each concerns another rule).
if command -v aws >/dev/null; then
    start_proxy --deny DescribeConfigurationRecorders --deny ListKeys --deny DescribeFlowLogs \
        --deny DescribeHub --deny s3:logging
    HTTP_PROXY=$PROXY_URL NO_PROXY= no_proxy= "$ROOT/tools/export-aws-cli" \
        --endpoint-url "$MOTO_URL" "${REGIONS[@]}" --parallel 4 -q -o cli-denied.json 2>cli.err
    status=$?
    stop_proxy
    scan cli-denied.json cli-denied-scan.json
    if [ $status = 4 ] && python3 - cli-denied.json cli-denied-scan.json <<'PY'
import json, sys
s, r = (json.load(open(f)) for f in sys.argv[1:3])
refused = {(e["service"], e["operation"]) for e in s["errors"] if "injected" in e.get("message", "")}
assert refused == {("config", "DescribeConfigurationRecorders"), ("kms", "ListKeys"),
                   ("ec2", "DescribeFlowLogs"), ("securityhub", "DescribeHub"),
                   ("s3", "GetBucketLogging")}, refused
def verdicts(rule, part):
    return {x["verdict"] for x in r["results"] if x["rule"] == rule and part in x["resource"]}
for rule, part in (("config-recording-all-regions", "configuration-recorder"),
                   ("kms-key-rotation", "kms:us-east-1"), ("vpc-flow-logs", "vpc/"),
                   ("securityhub-enabled", "securityhub:us-east-1"),
                   ("s3-bucket-access-logging", "trailscan-app-assets")):
    assert verdicts(rule, part) == {"review"}, (rule, verdicts(rule, part))
PY
    then ok "export-aws-cli: refused calls listed in errors, exit 4, the rules review"
    else bad "export-aws-cli with refusals: exit $status" "$(head -3 cli.err)"; fi
fi

if grep -rl -- "$AWS_SECRET_ACCESS_KEY" . 2>/dev/null | grep -q .; then
    bad "the secret access key was printed"
else ok "no secret in any output"; fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

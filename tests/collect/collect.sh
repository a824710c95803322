#!/usr/bin/env bash
# trailscan collect against a real local AWS API (moto on 127.0.0.1):
# the snapshot matches boto3's view, scans as the seed intends, survives
# throttling and 500s, lists what failed for good, is signed as moto's
# signature check accepts, and never shows a secret.
# usage: collect.sh path/to/trailscan
set -u
export LC_ALL=C NO_COLOR=1
T=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
W=$(mktemp -d)
. "$HERE/moto.sh"
moto_require
cleanup() { [ -n "${PROXY_PID:-}" ] && kill "$PROXY_PID" 2>/dev/null; moto_stop; rm -rf "$W"; }
trap cleanup EXIT
cd "$W" || exit 2
passed=0 failed=0
ok() { echo "ok   $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1"; shift; for l in "$@"; do echo "     $l"; done; failed=$((failed + 1)); }

# Fake keys while moto's signature check is off; the secret is still one a
# test can grep for.
export AWS_ACCESS_KEY_ID=AKIDTRAILSCANTEST AWS_SECRET_ACCESS_KEY=trailscan-secret-do-not-print
export AWS_SHARED_CREDENTIALS_FILE=$W/none AWS_CONFIG_FILE=$W/none TRAILSCAN_RETRY_BASE_MS=20
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_REGION AWS_DEFAULT_REGION AWS_MAX_ATTEMPTS
REGIONS=(--region us-east-1 --region eu-west-1)

moto_start || exit 2
python3 "$HERE/seed.py" --endpoint "$MOTO_URL" > seed.json || { echo "seed failed"; exit 2; }

# Same content, as compare.py sees it, without the Latest*Time fields moto
# recomputes from its clock on every GetTrailStatus, and without the caller.
same() {  # same A B
    local f
    for f in "$1" "$2"; do
        python3 - "$f" "$f.stable" <<'PY'
import json, re, sys
def strip(v):
    if isinstance(v, dict):
        return {k: strip(x) for k, x in v.items() if not re.match(r"^Latest.*(Time|Date)$", k)}
    if isinstance(v, list):
        return [strip(x) for x in v]
    return v
s = strip(json.load(open(sys.argv[1])))
s.get("global", {}).pop("sts", None)  # who asked: differs between users
json.dump(s, open(sys.argv[2], "w"))
PY
    done
    python3 "$HERE/compare.py" --extra-ok "$1.stable" "$2.stable" > diff.txt 2>&1
}

no_secret() {  # no_secret NAME FILES...: the secret appears in none of them
    local name=$1; shift
    if grep -l -- "$AWS_SECRET_ACCESS_KEY" "$@" 2>/dev/null | grep -q .; then
        bad "$name: the secret access key was printed"
    else
        ok "$name: no secret in output"
    fi
}

# 1. A plain collection: validates, matches boto3's view, exit 0, silent.
"$T" collect --endpoint-url "$MOTO_URL" "${REGIONS[@]}" -o snap.json >out.txt 2>err.txt
status=$?
if [ $status = 0 ] && [ ! -s err.txt ] && [ ! -s out.txt ]; then
    ok "collect exits 0 and is silent when stderr is not a terminal"
else
    bad "collect: exit $status" "$(head -5 err.txt)"
fi
if "$T" validate snap.json >/dev/null 2>&1; then ok "validate accepts the snapshot"
else bad "validate rejects the snapshot" "$("$T" validate snap.json 2>&1 | head -5)"; fi
python3 "$HERE/boto3_view.py" --endpoint "$MOTO_URL" --regions us-east-1,eu-west-1 -o boto3.json
if same snap.json boto3.json; then ok "the snapshot matches boto3's view"
else bad "the snapshot differs from boto3's view" "$(head -10 diff.txt)"; fi
if python3 - snap.json <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["account_id"] == "123456789012" and s["partition"] == "aws", "envelope"
assert list(s["regions"]) == ["eu-west-1", "us-east-1"], "regions in order"
ct = s["regions"]["us-east-1"]["cloudtrail"]
arn = "arn:aws:cloudtrail:us-east-1:123456789012:trail/management-trail"
assert arn in ct["GetTrailStatus"] and arn in ct["GetEventSelectors"], "home-region calls"
eu = s["regions"]["eu-west-1"]["cloudtrail"]
assert arn not in eu.get("GetEventSelectors", {}), "selectors read only in the home region"
assert any(t["TrailARN"] == arn for t in eu["DescribeTrails"]["trailList"]), "shadow trail"
subs = s["regions"]["us-east-1"]["sns"]["ListSubscriptionsByTopic"]
assert len(subs) >= 2, "alarm topics"
for op in ("GetBucketLogging", "GetBucketPolicyStatus", "GetBucketAcl", "GetBucketLocation"):
    assert "trailscan-trail-logs-123456789012" in s["global"]["s3"][op], op
assert "trailscan-app-assets-123456789012" not in s["global"]["s3"]["GetBucketAcl"], "only trail buckets"
for op in ("GetBucketLogging", "GetBucketLocation"):
    assert "trailscan-app-assets-123456789012" in s["global"]["s3"][op], "every bucket: " + op
for region in ("us-east-1", "eu-west-1"):
    r = s["regions"][region]
    for svc, op in (("config", "DescribeConfigurationRecorders"), ("kms", "ListKeys"),
                    ("ec2", "DescribeVpcs"), ("ec2", "DescribeFlowLogs")):
        assert op in r[svc], (region, op)
assert s["regions"]["eu-west-1"]["kms"]["GetKeyRotationStatus"], "the trail's key"
# Not subscribed to Security Hub, and no account-level public access block:
# answers, listed as AWS gives them.
hub = {(e.get("region"), e["code"]) for e in s["errors"] if e["service"] == "securityhub"}
assert hub == {("us-east-1", "InvalidAccessException"), ("eu-west-1", "InvalidAccessException")}, hub
assert any(e["service"] == "s3control" and "region" not in e and "key" not in e
           for e in s["errors"]), "s3control"
codes = {e["code"] for e in s["errors"]}
assert codes <= {"NoSuchLifecycleConfiguration", "NoSuchPublicAccessBlockConfiguration",
                 "NoSuchBucketPolicy", "InvalidAccessException"}, codes
PY
then ok "the snapshot holds what the seed made, where DESIGN.md puts it"
else bad "the snapshot's content is not as seeded"; fi

# 2. It scans as the seed intends.
"$T" scan --fail-on never --format json -o scan.json snap.json 2>/dev/null
verdict() {  # verdict RULE RESOURCE-SUBSTRING -> fail|pass|review
    python3 - scan.json "$1" "$2" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
out = set()
for res in r["results"]:
    if res["rule"] == sys.argv[2] and sys.argv[3] in res["resource"]:
        out.add(res["verdict"])
print(",".join(sorted(out)) or "none")
PY
}
expect_verdict() {  # RULE RESOURCE WANT [SNAPSHOT]
    local got
    "$T" scan --fail-on never --include-passes --format json -o scan.json "${4:-snap.json}" \
        2>/dev/null
    got=$(verdict "$1" "$2")
    if [ "$got" = "$3" ]; then ok "scan: $1 on $2 is $3"
    else bad "scan: $1 on $2 is $got, wanted $3"; fi
}
expect_verdict cloudtrail-log-file-validation trail/management-trail fail
expect_verdict cloudtrail-log-file-validation trail/eu-data-trail pass
expect_verdict cloudtrail-kms-encryption trail/eu-data-trail pass
expect_verdict cloudtrail-bucket-access-logging trailscan-trail-logs pass
expect_verdict cloudtrail-bucket-access-logging trailscan-eu-trail-logs fail
expect_verdict s3-write-data-events 123456789012 pass

# 3. Two collections give the same snapshot.
"$T" collect --endpoint-url "$MOTO_URL" "${REGIONS[@]}" -o snap2.json 2>/dev/null
if same snap.json snap2.json && diff <(grep -v collected_at snap.json | grep -v Latest) \
        <(grep -v collected_at snap2.json | grep -v Latest) >/dev/null; then
    ok "two collections give the same bytes (but for collected_at and moto's clock)"
else bad "two collections differ" "$(head -5 diff.txt)"; fi

# 4. Through a proxy that throttles every request once and fails it with 500
#    once: the retries end with the same snapshot, and exit 0.
start_proxy() {
    rm -f port proxy.log
    python3 "$HERE/fault_proxy.py" --upstream "$MOTO_URL" --port-file port --log proxy.log "$@" &
    PROXY_PID=$!
    wait_port_file port "$PROXY_PID" || { echo "FAIL: fault_proxy.py did not start"; exit 1; }
    PROXY_URL=http://127.0.0.1:$(cat port)
}
stop_proxy() { kill "$PROXY_PID" 2>/dev/null; wait "$PROXY_PID" 2>/dev/null; PROXY_PID=; }

start_proxy --flaky 2
"$T" collect --endpoint-url "$PROXY_URL" "${REGIONS[@]}" -o flaky.json 2>err.txt
status=$?
faults=$(grep -c '"status": 5\|"status": 4' proxy.log)
if [ $status = 0 ] && same snap.json flaky.json && [ "$faults" -gt 20 ]; then
    ok "throttling and 500s are retried: same snapshot ($faults faults injected)"
else bad "under throttling and 500s: exit $status, $faults faults" "$(head -5 err.txt)" \
        "$(head -5 diff.txt)"; fi
no_secret "collect through the proxy" err.txt flaky.json proxy.log
stop_proxy

# 5. A call that fails for good: listed in errors, snapshot still written,
#    exit 4, and the rules that need it say they could not decide.
start_proxy --fail-operation GetEventSelectors
"$T" collect --endpoint-url "$PROXY_URL" "${REGIONS[@]}" -o partial.json 2>err.txt
status=$?
if [ $status = 4 ] && grep -q "partial snapshot: 2 calls failed" err.txt &&
   python3 -c "
import json,sys
s=json.load(open('partial.json'))
e=[x for x in s['errors'] if x['operation']=='GetEventSelectors']
assert len(e)==2 and all(x['code']=='InternalFailure' for x in e), e" ; then
    ok "a call that keeps failing is listed in errors; exit 4, snapshot written"
else bad "permanent failure: exit $status" "$(cat err.txt)"; fi
cp partial.json snap.json.bak
"$T" scan --fail-on never --format json -o scan.json partial.json 2>/dev/null
got=$(verdict s3-write-data-events 123456789012)
if [ "$got" = review ]; then ok "scan of the partial snapshot: S3 write events is review"
else bad "scan of the partial snapshot: S3 write events is $got, wanted review"; fi
stop_proxy

# 5b. A call that does not answer in time: --timeout, retried, then listed.
start_proxy --hang-operation DescribeMetricFilters
"$T" collect --endpoint-url "$PROXY_URL" --region eu-west-1 --timeout 1 --max-attempts 2 \
    -o slow.json 2>err.txt
status=$?
if [ $status = 4 ] && python3 -c "
import json
s=json.load(open('slow.json'))
e=[x for x in s['errors'] if x['operation']=='DescribeMetricFilters']
assert len(e)==1 and e[0]['code']=='Timeout', e
assert s['regions']['eu-west-1']['logs']['DescribeLogGroups']['logGroups'], 'the rest is there'
" && [ "$(grep -c DescribeMetricFilters proxy.log)" = 2 ]; then
    ok "a call that hangs times out, is tried twice, then listed as Timeout"
else bad "hanging call: exit $status" "$(head -3 err.txt)"; fi
stop_proxy

# 5c. Every page of a paginated call: moto pages log groups and metric
#     filters by 50 and subscriptions by 100.
python3 - "$MOTO_URL" <<'PY'
import sys, boto3
kw = dict(region_name="ap-south-1", endpoint_url=sys.argv[1])
logs, sns, cw = boto3.client("logs", **kw), boto3.client("sns", **kw), boto3.client("cloudwatch", **kw)
for i in range(120):
    logs.create_log_group(logGroupName="/paged/group-%03d" % i)
for i in range(60):
    logs.put_metric_filter(logGroupName="/paged/group-000", filterName="f-%03d" % i,
                           filterPattern="ERROR", metricTransformations=[
                               {"metricName": "m%d" % i, "metricNamespace": "paged", "metricValue": "1"}])
topic = sns.create_topic(Name="paged")["TopicArn"]
sqs = "arn:aws:sqs:ap-south-1:123456789012:q"
for i in range(130):
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint="%s%d" % (sqs, i))
cw.put_metric_alarm(AlarmName="paged", MetricName="m0", Namespace="paged", Statistic="Sum",
                    Period=300, EvaluationPeriods=1, Threshold=1,
                    ComparisonOperator="GreaterThanOrEqualToThreshold", AlarmActions=[topic])
PY
start_proxy
"$T" collect --endpoint-url "$PROXY_URL" --region ap-south-1 -o paged.json 2>err.txt
status=$?
if [ $status = 0 ] && python3 -c "
import json
r=json.load(open('paged.json'))['regions']['ap-south-1']
assert len(r['logs']['DescribeLogGroups']['logGroups'])==120
assert len(r['logs']['DescribeMetricFilters']['metricFilters'])==60
subs=list(r['sns']['ListSubscriptionsByTopic'].values())[0]['Subscriptions']
assert len(subs)==130 and len({s['Endpoint'] for s in subs})==130
assert 'nextToken' not in r['logs']['DescribeLogGroups'] and 'NextToken' not in list(r['sns']['ListSubscriptionsByTopic'].values())[0]
" && [ "$(grep -c '"DescribeLogGroups"' proxy.log)" -ge 3 ] &&
   [ "$(grep -c '"ListSubscriptionsByTopic"' proxy.log)" -ge 2 ]; then
    ok "paginated calls are followed to the end and stored as one answer"
else bad "pagination: exit $status" "$(head -3 err.txt)"; fi
stop_proxy

# 5d. An alarm notifying a topic in a region not being collected: the topic
#     is not read, and no region holding only SNS appears.
python3 - "$MOTO_URL" <<'PY'
import sys, boto3
boto3.client("sns", region_name="ca-central-1", endpoint_url=sys.argv[1]).create_topic(
    Name="elsewhere")  # exists, so the all-regions run below reads it fine
cw = boto3.client("cloudwatch", region_name="sa-east-1", endpoint_url=sys.argv[1])
cw.put_metric_alarm(AlarmName="far", MetricName="m", Namespace="n", Statistic="Sum",
                    Period=300, EvaluationPeriods=1, Threshold=1,
                    ComparisonOperator="GreaterThanOrEqualToThreshold",
                    AlarmActions=["arn:aws:sns:ca-central-1:123456789012:elsewhere"])
PY
"$T" collect --endpoint-url "$MOTO_URL" --region sa-east-1 -o far.json 2>err.txt
# us-east-1 holds management-trail's status and selectors alone (5e).
if python3 -c "
import json
r = json.load(open('far.json'))['regions']
assert list(r) == ['sa-east-1', 'us-east-1'], list(r)
assert list(r['us-east-1']) == ['cloudtrail'], r['us-east-1']"; then
    ok "a topic in a region not collected is not read; no SNS-only region"
else bad "topic in another region" "$(head -3 err.txt)"; fi

# 5e. A trail whose home region --region leaves out: its status and
#     selectors are still read there (and stored under it), so the rules
#     that need them decide.
"$T" collect --endpoint-url "$MOTO_URL" --region eu-west-1 -o away.json 2>err.txt
status=$?
if [ $status = 0 ] && python3 -c "
import json
s = json.load(open('away.json'))
arn = 'arn:aws:cloudtrail:us-east-1:123456789012:trail/management-trail'
r = s['regions']
assert sorted(r) == ['eu-west-1', 'us-east-1'], list(r)
assert sorted(r['us-east-1']['cloudtrail']) == ['GetEventSelectors', 'GetTrailStatus'], r['us-east-1']
assert list(r['us-east-1']['cloudtrail']['GetTrailStatus']) == [arn]
assert r['us-east-1']['cloudtrail']['GetEventSelectors'][arn]['EventSelectors']
"; then ok "--region without a trail's home region: its status and selectors read at home"
else bad "trail homed outside --region: exit $status" "$(head -3 err.txt)"; fi
expect_verdict cloudtrail-management-events 123456789012 pass away.json
expect_verdict s3-write-data-events 123456789012 pass away.json
expect_verdict s3-read-data-events 123456789012 pass away.json
# ... and us-east-1, holding only those answers, is no region the
# every-region rules judge (they would say they could not read it).
if python3 - scan.json <<'PY'
import json, sys
every = {"config-recording-all-regions", "kms-key-rotation", "vpc-flow-logs",
         "securityhub-enabled", "logs-log-group-retention", "cloudwatch-alarm-actions-configured",
         "cloudwatch-alarm-actions-enabled"}
spurious = [(r["rule"], r["verdict"]) for r in json.load(open(sys.argv[1]))["results"]
            if r["rule"] in every and r.get("region") == "us-east-1"]
assert not spurious, spurious
PY
then ok "the home-only region is not judged by the every-region rules"
else bad "the home-only region gets every-region results"; fi

# 6. Session tokens are sent (and signed); the log shows the scope used.
start_proxy
AWS_SESSION_TOKEN=token-from-sts "$T" collect --endpoint-url "$PROXY_URL" --region eu-west-1 \
    -o token.json 2>err.txt
if python3 -c "
import json
lines=[json.loads(l) for l in open('proxy.log')]
assert lines and all(l['token'] for l in lines)
assert all('x-amz-date' in l['headers'] and 'authorization' in l['headers'] for l in lines)
scopes={l['scope'] for l in lines}
assert any(s.endswith('/eu-west-1/cloudtrail/aws4_request') for s in scopes), scopes
assert any(s.endswith('/eu-west-1/monitoring/aws4_request') for s in scopes), scopes
assert any(s.endswith('/s3/aws4_request') for s in scopes), scopes
"; then ok "every request is signed, with the session token, in the right scope"
else bad "signing headers or scopes are wrong" "$(head -3 proxy.log)"; fi
stop_proxy

# 7. Every enabled region when none is named (EC2 DescribeRegions; moto also
#    lists regions not opted in, which AWS leaves out and collect skips).
"$T" collect --endpoint-url "$MOTO_URL" -o all.json 2>err.txt
status=$?
want=$(python3 -c "
import boto3
ec2=boto3.client('ec2',region_name='us-east-1',endpoint_url='$MOTO_URL')
print(len([r for r in ec2.describe_regions()['Regions'] if r.get('OptInStatus') != 'not-opted-in']))")
got=$(python3 -c "import json;print(len(json.load(open('all.json'))['regions']))" 2>/dev/null)
if [ $status = 0 ] && [ "$got" = "$want" ]; then ok "no --region: all $want enabled regions"
else bad "no --region: exit $status, $got regions, wanted $want" "$(head -3 err.txt)" \
    "$(python3 -c "import json;print([e for e in json.load(open('all.json'))['errors'] if not e['code'].startswith('NoSuch')])" 2>&1 | head -c 600)"; fi

# 8. Progress on a terminal, nothing with --quiet.
if command -v script >/dev/null; then
    script -qec "$T collect --endpoint-url $MOTO_URL --region eu-west-1 -o tty.json" tty.txt >/dev/null
    if grep -q "regions 1/1, calls" tty.txt && ! grep -q -- "$AWS_SECRET_ACCESS_KEY" tty.txt; then
        ok "progress on a terminal"
    else bad "no progress on a terminal" "$(tail -c 300 tty.txt)"; fi
    script -qec "$T collect -q --endpoint-url $MOTO_URL --region eu-west-1 -o tty.json" tty.txt >/dev/null
    if ! grep -q "regions" tty.txt; then ok "--quiet: no progress"
    else bad "--quiet still shows progress"; fi
fi

# 9. Mistakes: clear messages, distinct statuses, nothing written.
check() {  # check NAME STATUS PATTERN -- COMMAND...
    local name=$1 want=$2 pattern=$3
    shift 4
    rm -f never.json
    "$@" >out.txt 2>err.txt
    local got=$?
    if [ "$got" = "$want" ] && grep -Eq -- "$pattern" err.txt && [ ! -e never.json ]; then
        ok "$name"
    else bad "$name: exit $got (wanted $want)" "$(head -3 err.txt)"; fi
}
check "no -o" 2 "no output file" -- "$T" collect --endpoint-url "$MOTO_URL"
check "bad region" 2 "not a region name" -- "$T" collect --region 'us east' -o never.json
check "bad endpoint" 2 "must start with http" -- "$T" collect --endpoint-url ftp://x -o never.json
check "no credentials" 2 "credentials" -- env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY \
    HOME="$W" "$T" collect --endpoint-url "$MOTO_URL" -o never.json
closed=$(moto_free_port)
check "endpoint not listening" 4 "nothing collected.*ConnectionError" -- \
    "$T" collect --endpoint-url "http://127.0.0.1:$closed" --max-attempts 2 -o never.json

# 9b. A misbehaving endpoint: paginators that repeat their token stop (and
#     say so), a message quoting the session token never shows it, a
#     __type with a suffix is still recognised as throttling, and a region
#     that is not a region name never becomes part of a host name.
rm -f port evil.log
python3 "$HERE/evil_server.py" --port-file port --log evil.log &
EVIL_PID=$!
wait_port_file port "$EVIL_PID" || { echo "FAIL: evil_server.py did not start"; exit 1; }
EVIL_URL=http://127.0.0.1:$(cat port)
TOKEN=IQoJb3JpZ2luX2VjTOKENSECRETabcdefghijklmnopqrstuvwxyz0123456789
AWS_SESSION_TOKEN=$TOKEN timeout 60 "$T" collect --endpoint-url "$EVIL_URL" --region us-east-1 \
    -o evil.json 2>err.txt
status=$?
if [ $status = 4 ] && python3 -c "
import json
s=json.load(open('evil.json'))
e={(x['operation'],x['code']) for x in s['errors']}
assert ('DescribeLogGroups','PaginationStopped') in e, e
assert ('ListBuckets','PaginationStopped') in e, e
assert ('DescribeAlarms','ThrottlingException') in e, e
assert ('DescribeMetricFilters','SignatureDoesNotMatch') in e, e
assert all('\n' not in x.get('message','') for x in s['errors'])
" && [ "$(grep -c DescribeLogGroups evil.log)" = 2 ] && [ "$(grep -c DescribeAlarms evil.log)" = 3 ] &&
   ! grep -q "TOKENSECRET" err.txt evil.json; then
    ok "a repeated page token stops paging; throttling with a suffix is retried; no token shown"
else bad "misbehaving endpoint: exit $status" "$(head -3 err.txt)" \
    "$(python3 -c "import json;print(json.load(open('evil.json'))['errors'])" 2>&1 | head -c 800)"; fi
kill "$EVIL_PID" 2>/dev/null; wait "$EVIL_PID" 2>/dev/null
check "a region from the environment that is no region" 2 "is not a region name" -- \
    env AWS_REGION='localhost:1#' "$T" collect --endpoint-url "$MOTO_URL" -o never.json

# 10. Signature checking on: moto accepts the signatures, refuses a wrong
#     secret, and enforces IAM policies (AccessDenied is recorded).
# The limited user is made while moto still lets anyone in.
python3 - "$MOTO_URL" > limited.txt <<'PY'
import json, sys, boto3
iam = boto3.client("iam", region_name="us-east-1", endpoint_url=sys.argv[1])
iam.create_user(UserName="trailscan-limited")
iam.put_user_policy(UserName="trailscan-limited", PolicyName="deny-some", PolicyDocument=json.dumps(
    {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"},
        {"Effect": "Deny", "Action": ["cloudtrail:GetEventSelectors",
                                      "sns:ListSubscriptionsByTopic"], "Resource": "*"}]}))
k = iam.create_access_key(UserName="trailscan-limited")["AccessKey"]
print(k["AccessKeyId"], k["SecretAccessKey"])
PY
read -r KEY2 SECRET2 < limited.txt
if moto_auth_on trailscan-auditor; then
    AWS_ACCESS_KEY_ID=$MOTO_KEY_ID AWS_SECRET_ACCESS_KEY=$MOTO_SECRET \
        "$T" collect --endpoint-url "$MOTO_URL" "${REGIONS[@]}" -o signed.json 2>err.txt
    status=$?
    if [ $status = 0 ] && same snap.json signed.json; then
        ok "signature checking on: moto accepts every request; same snapshot"
    else bad "signature checking on: exit $status" "$(head -5 err.txt)" "$(head -5 diff.txt)"; fi
    AWS_ACCESS_KEY_ID=$MOTO_KEY_ID AWS_SECRET_ACCESS_KEY=wrong-secret-do-not-print \
        "$T" collect --endpoint-url "$MOTO_URL" "${REGIONS[@]}" -o never.json 2>err.txt
    status=$?
    if [ $status = 4 ] && grep -q "SignatureDoesNotMatch" err.txt && [ ! -e never.json ] &&
       ! grep -q "wrong-secret-do-not-print\|$MOTO_SECRET" err.txt; then
        ok "a wrong secret is refused: exit 4, nothing written, secret not shown"
    else bad "wrong secret: exit $status" "$(head -3 err.txt)"; fi
    AWS_ACCESS_KEY_ID=$KEY2 AWS_SECRET_ACCESS_KEY=$SECRET2 \
        "$T" collect --endpoint-url "$MOTO_URL" "${REGIONS[@]}" -o denied.json 2>err.txt
    status=$?
    if [ $status = 4 ] && python3 -c "
import json
s=json.load(open('denied.json'))
ops={(e['operation'],e['code']) for e in s['errors']}
# AWS says AccessDeniedException for JSON services; moto says AccessDenied.
assert {('GetEventSelectors','AccessDeniedException'), ('GetEventSelectors','AccessDenied')} & ops, ops
assert {('ListSubscriptionsByTopic','AuthorizationError'), ('ListSubscriptionsByTopic','AccessDenied')} & ops, ops
"; then ok "AccessDenied is recorded in errors; exit 4"
    else bad "AccessDenied: exit $status" "$(head -3 err.txt)" \
        "$(python3 -c "import json;print(json.load(open('denied.json'))['errors'])" 2>&1 | head -c 600)"; fi
    "$T" scan --fail-on never --format json -o scan.json denied.json 2>/dev/null
    got=$(verdict s3-write-data-events 123456789012)
    if [ "$got" = review ]; then ok "scan under AccessDenied: S3 write events is review"
    else bad "scan under AccessDenied: S3 write events is $got, wanted review"; fi
else
    bad "could not turn moto's signature checking on"
fi

no_secret "collect" err.txt out.txt snap.json all.json
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

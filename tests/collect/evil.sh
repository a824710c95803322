#!/usr/bin/env bash
# trailscan collect against endpoints that misbehave (evil_server.py, on
# 127.0.0.1; no moto needed): whatever the server answers, collect writes a
# snapshot `validate` accepts, or nothing and exit 4.  Answers that would
# not load are listed in errors (InvalidResponse); paginators that loop or
# never end stop; plain http goes only to loopback addresses.
# usage: evil.sh path/to/trailscan
set -u
export LC_ALL=C NO_COLOR=1
T=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
W=$(mktemp -d)
EVIL_PID= LISTENER_PID=
cleanup() {
    [ -n "$EVIL_PID" ] && kill "$EVIL_PID" 2>/dev/null
    [ -n "$LISTENER_PID" ] && kill "$LISTENER_PID" 2>/dev/null
    rm -rf "$W"
}
trap cleanup EXIT
cd "$W" || exit 2
passed=0 failed=0
ok() { echo "ok   $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1"; shift; for l in "$@"; do echo "     $l"; done; failed=$((failed + 1)); }

export AWS_ACCESS_KEY_ID=AKIDTRAILSCANTEST AWS_SECRET_ACCESS_KEY=trailscan-secret-do-not-print
export AWS_SHARED_CREDENTIALS_FILE=$W/none AWS_CONFIG_FILE=$W/none TRAILSCAN_RETRY_BASE_MS=20
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_REGION AWS_DEFAULT_REGION AWS_MAX_ATTEMPTS
unset AWS_ENDPOINT_URL HTTP_PROXY HTTPS_PROXY ALL_PROXY http_proxy https_proxy all_proxy
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost

start_evil() {  # start_evil SCENARIO: EVIL_URL, requests in evil.log
    rm -f port evil.log
    python3 "$HERE/evil_server.py" --port-file port --log evil.log --scenario "$1" &
    EVIL_PID=$!
    for _ in $(seq 300); do [ -s port ] && break; sleep 0.1; done
    EVIL_URL=http://127.0.0.1:$(cat port)
    touch evil.log
}
stop_evil() { kill "$EVIL_PID" 2>/dev/null; wait "$EVIL_PID" 2>/dev/null; EVIL_PID=; }

# The promise: exit 0 or 4; a snapshot written is one validate accepts.
loads() {  # loads NAME STATUS FILE
    if [ "$2" != 0 ] && [ "$2" != 4 ]; then
        bad "$1: exit $2, wanted 0 or 4" "$(head -3 err.txt)"
    elif [ -e "$3" ] && ! "$T" validate "$3" >val.txt 2>&1; then
        bad "$1: validate refuses the snapshot collect wrote" "$(head -5 val.txt)"
    else
        ok "$1: exit $2, and validate accepts what was written"
    fi
}

# 1. Answers the snapshot loader would refuse go to errors, not the snapshot.
start_evil invalid
timeout 120 "$T" collect --endpoint-url "$EVIL_URL" -o invalid.json 2>err.txt
status=$?
loads "invalid answers" $status invalid.json
if [ $status = 4 ] && python3 - invalid.json <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
assert list(s["regions"]) == ["us-east-1"], "no region 'localzone': %s" % list(s["regions"])
errors = {e["operation"]: e for e in s["errors"]}
for op, says in [("GetTrailStatus", "appears more than once"),
                 ("GetEventSelectors", "EventSelectors: expected an array, found a string"),
                 ("DescribeMetricFilters", "UTF-8"),
                 ("DescribeAlarms", "deep")]:
    assert errors[op]["code"] == "InvalidResponse", errors[op]
    assert says in errors[op]["message"], (op, errors[op]["message"])
    assert errors[op]["message"].startswith("the answer is not what AWS sends: "), errors[op]
r = s["regions"]["us-east-1"]
assert r["logs"]["DescribeLogGroups"]["logGroups"] == [{"logGroupName": "g"}], r["logs"]
assert "GetTrailStatus" not in r["cloudtrail"] and "DescribeMetricFilters" not in r["logs"], r
assert "DescribeAlarms" not in r.get("cloudwatch", {}), r
assert errors["ListBuckets"]["code"] == "AccessDenied"
assert errors["ListBuckets"]["message"].startswith("\u00e9\u00e9"), errors["ListBuckets"]
PY
then ok "invalid answers are listed as InvalidResponse, never stored; exit 4"
else bad "invalid answers: exit $status" "$(head -3 err.txt)" \
    "$(python3 -c "import json;print(json.load(open('invalid.json'))['errors'])" 2>&1 | head -c 900)"
fi
if grep -q "partial snapshot: 5 calls failed" err.txt; then
    ok "the invalid answers count as failed calls"
else bad "invalid answers: stderr says" "$(head -3 err.txt)"; fi

# 1b. A --region a snapshot cannot hold is a usage error, before any request.
: > evil.log
rm -f never.json
timeout 60 "$T" collect --endpoint-url "$EVIL_URL" --region us-east-1 --region localzone \
    -o never.json 2>err.txt
status=$?
if [ $status = 2 ] && grep -q "region 'localzone' is not a region name" err.txt &&
   [ ! -e never.json ] && [ ! -s evil.log ]; then
    ok "--region localzone is refused up front (exit 2)"
else bad "--region localzone: exit $status, $(wc -l < evil.log) requests" "$(head -3 err.txt)"; fi
stop_evil

# 2. An identity validate would refuse: nothing written, exit 4.
start_evil identity
rm -f identity.json
timeout 60 "$T" collect --endpoint-url "$EVIL_URL" --region us-east-1 -o identity.json 2>err.txt
status=$?
loads "an unknown partition" $status identity.json
if [ $status = 4 ] && [ ! -e identity.json ] &&
   grep -q "nothing collected: InvalidResponse: GetCallerIdentity: .*unknown partition 'aws-evil'" err.txt
then ok "an identity that would not load: nothing written, exit 4"
else bad "identity: exit $status" "$(head -3 err.txt)"; fi
stop_evil

# 3. Paginators: tokens that alternate stop at the first one seen again;
#    pages that never end stop at the listing's byte cap.
start_evil loop
TRAILSCAN_COLLECT_MAX_LISTING_BYTES=200000 timeout 300 "$T" collect --endpoint-url "$EVIL_URL" \
    --region us-east-1 -o loop.json 2>err.txt
status=$?
loads "looping paginators" $status loop.json
groups=$(grep -c '^DescribeLogGroups' evil.log)
filters=$(grep -c '^DescribeMetricFilters' evil.log)
if [ $status = 4 ] && [ "$groups" = 3 ] && python3 - loop.json <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
e = [x for x in s["errors"] if x["operation"] == "DescribeLogGroups"]
assert len(e) == 1 and e[0]["code"] == "PaginationStopped", e
assert "came back a second time" in e[0]["message"], e
groups = s["regions"]["us-east-1"]["logs"]["DescribeLogGroups"]["logGroups"]
assert [g["logGroupName"] for g in groups] == ["g", "gA", "gB"], groups
PY
then ok "alternating page tokens stop at the first repeat (3 requests); exit 4"
else bad "alternating tokens: exit $status, $groups requests" "$(head -3 err.txt)"; fi
if [ "$filters" -ge 5 ] && [ "$filters" -le 12 ] && python3 - loop.json <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
e = [x for x in s["errors"] if x["operation"] == "DescribeMetricFilters"]
assert len(e) == 1 and e[0]["code"] == "PaginationStopped", e
assert "more than 195 KiB" in e[0]["message"], e
mf = s["regions"]["us-east-1"]["logs"]["DescribeMetricFilters"]["metricFilters"]
assert 4 <= len(mf) < 12 and "nextToken" not in s["regions"]["us-east-1"]["logs"]["DescribeMetricFilters"], len(mf)
PY
then ok "pages that never end stop at the byte cap ($filters requests)"
else bad "byte cap: $filters requests for DescribeMetricFilters" "$(head -3 err.txt)"; fi

# 3b. However many listings, what is kept stops at what a snapshot may hold.
: > evil.log
TRAILSCAN_COLLECT_MAX_BYTES=150000 timeout 300 "$T" collect --endpoint-url "$EVIL_URL" \
    --region us-east-1 -o total.json 2>err.txt
status=$?
loads "answers past the total cap" $status total.json
filters=$(grep -c '^DescribeMetricFilters' evil.log)
if [ $status = 4 ] && [ "$filters" -le 9 ] && python3 - total.json <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
e = [x for x in s["errors"] if x["operation"] == "DescribeMetricFilters"]
assert len(e) == 1 and e[0]["code"] == "AnswerTooLarge", e
assert "more than 146 KiB" in e[0]["message"], e
PY
then ok "answers past the total cap are listed, not kept ($filters requests)"
else bad "total cap: exit $status, $filters requests" "$(head -3 err.txt)"; fi
stop_evil

# 4. Plain http only to this machine: any other host is refused before a
#    connection is made.  Every proxy variable points at a local listener
#    that logs each connection, so a request that got out would show there
#    (and nothing leaves 127.0.0.1 even then).
rm -f port listener.log
python3 - port listener.log <<'PY' &
import os, socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1]))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
while True:
    c, _ = s.accept()
    with open(sys.argv[2], "a") as f:
        f.write("connection\n")
    c.close()
PY
LISTENER_PID=$!
for _ in $(seq 300); do [ -s port ] && break; sleep 0.1; done
touch listener.log
PROXY=http://127.0.0.1:$(cat port)
refused() {  # refused NAME PATTERN -- COMMAND...: exit 2, PATTERN on stderr, no connection
    local name=$1 pattern=$2
    shift 3
    rm -f never.json
    : > listener.log
    env http_proxy="$PROXY" https_proxy="$PROXY" all_proxy="$PROXY" HTTP_PROXY="$PROXY" \
        HTTPS_PROXY="$PROXY" ALL_PROXY="$PROXY" NO_PROXY= no_proxy= \
        timeout 60 "$@" --max-attempts 1 --timeout 5 -o never.json >out.txt 2>err.txt
    local got=$?
    if [ $got = 2 ] && grep -Eq -- "$pattern" err.txt && [ ! -s listener.log ] &&
       [ ! -e never.json ]; then
        ok "$name"
    else bad "$name: exit $got, $(wc -l < listener.log) connection(s)" "$(head -3 err.txt)"; fi
}
refused "--endpoint-url http:// to an address elsewhere is refused, nothing sent" \
    "endpoint-url 'http://192.0.2.1:8080': plain http only to this machine" -- \
    "$T" collect --endpoint-url http://192.0.2.1:8080 --region us-east-1
refused "--endpoint-url http:// to a name elsewhere is refused" "plain http only" -- \
    "$T" collect --endpoint-url http://127.0.0.1.example.invalid/ --region us-east-1
refused "a loopback address as user name does not make the host loopback" "plain http only" -- \
    "$T" collect --endpoint-url http://127.0.0.1@192.0.2.1/ --region us-east-1
refused "an IPv4-mapped address elsewhere is refused" "plain http only" -- \
    "$T" collect --endpoint-url http://[::ffff:192.0.2.1]:80 --region us-east-1
refused "AWS_ENDPOINT_URL=http:// elsewhere is refused" \
    "AWS_ENDPOINT_URL 'http://192.0.2.1': plain http only" -- \
    env AWS_ENDPOINT_URL=http://192.0.2.1 "$T" collect --region us-east-1
refused "AWS_ENDPOINT_URL_S3=http:// elsewhere is refused" \
    "AWS_ENDPOINT_URL_S3 'http://example.invalid': plain http only" -- \
    env AWS_ENDPOINT_URL=http://127.0.0.1:1 AWS_ENDPOINT_URL_S3=http://example.invalid \
    "$T" collect --region us-east-1

# Loopback over plain http works, by name or by the environment, and never
# goes through a proxy (which would see the credentials).
start_evil classic
: > listener.log
port=${EVIL_URL##*:}
env http_proxy="$PROXY" HTTP_PROXY="$PROXY" all_proxy="$PROXY" ALL_PROXY="$PROXY" NO_PROXY= no_proxy= \
    AWS_ENDPOINT_URL="http://localhost:$port" timeout 60 "$T" collect --region us-east-1 \
    -o local.json 2>err.txt
status=$?
loads "AWS_ENDPOINT_URL to localhost" $status local.json
if [ $status = 4 ] && [ -e local.json ] && grep -q "^GetCallerIdentity" evil.log &&
   [ ! -s listener.log ]; then
    ok "AWS_ENDPOINT_URL=http://localhost:PORT is used, without the proxy"
else bad "AWS_ENDPOINT_URL to localhost: exit $status, $(wc -l < listener.log) proxied" \
    "$(head -3 err.txt)"; fi
# 127.0.0.0/8 in any spelling curl accepts is this machine.
env http_proxy="$PROXY" HTTP_PROXY="$PROXY" NO_PROXY= no_proxy= timeout 60 \
    "$T" collect --endpoint-url "http://127.1:$port/" --region us-east-1 -o short.json 2>err.txt
status=$?
if [ $status = 4 ] && grep -q "partial snapshot" err.txt && [ ! -s listener.log ]; then
    ok "http://127.1:PORT is loopback"
else bad "http://127.1: exit $status" "$(head -3 err.txt)"; fi
# ::1 is too (nothing listens there: the connection is tried, and fails).
env http_proxy="$PROXY" HTTP_PROXY="$PROXY" NO_PROXY= no_proxy= timeout 60 \
    "$T" collect --endpoint-url "http://[::1]:$port" --region us-east-1 --max-attempts 1 \
    -o never.json 2>err.txt
status=$?
if [ $status = 4 ] && grep -q "nothing collected: ConnectionError" err.txt && [ ! -s listener.log ]
then ok "http://[::1]:PORT is loopback"
else bad "http://[::1]: exit $status" "$(head -3 err.txt)"; fi
stop_evil
kill "$LISTENER_PID" 2>/dev/null; wait "$LISTENER_PID" 2>/dev/null

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

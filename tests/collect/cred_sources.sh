#!/usr/bin/env bash
# The credential sources that fetch keys from somewhere else, end to end:
# credential_process, container credentials, EC2 instance metadata (IMDSv2)
# and IAM Identity Center, each through a stand-in on 127.0.0.1
# (standins/*.py) that checks what AWS checks and hands out temporary keys
# moto accepts with its signature check on.  Each collects moto's account;
# a wrong, missing or expired credential fails with a message that says
# what to do; no secret in any output, log or snapshot.
# usage: cred_sources.sh path/to/trailscan
set -u
export LC_ALL=C NO_COLOR=1 PYTHONDONTWRITEBYTECODE=1
T=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
S=$HERE/standins
W=$(mktemp -d); echo "work: $W"
. "$HERE/moto.sh"
moto_require
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
    moto_stop
    [ -n "${KEEP:-}" ] || rm -rf "$W"
}
trap cleanup EXIT
cd "$W" || exit 2
passed=0 failed=0
ok() { echo "ok   $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1"; shift; for l in "$@"; do echo "     $l"; done; failed=$((failed + 1)); }

for v in $(env | sed -n 's/^\(AWS_[A-Z0-9_]*\)=.*/\1/p'); do unset "$v"; done
mkdir -p home/.aws/sso/cache "my tools"
export HOME=$W/home AWS_CONFIG_FILE=$W/config AWS_SHARED_CREDENTIALS_FILE=$W/credentials
export AWS_EC2_METADATA_DISABLED=true TRAILSCAN_RETRY_BASE_MS=20
: > credentials

moto_start || exit 2
python3 "$HERE/seed.py" --endpoint "$MOTO_URL" --regions us-east-1 > seed.json \
    || { echo "seed failed"; exit 2; }
moto_auth_on trailscan-test || { echo "moto auth failed"; exit 2; }
python3 "$S/mint.py" --endpoint "$MOTO_URL" --out creds.json || { echo "mint failed"; exit 2; }
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$@"; }
SECRETS=("$MOTO_SECRET" "$(field creds.json SecretAccessKey)" "$(field creds.json SessionToken)")

# start NAME SCRIPT ARGS...: a stand-in in the background; its port in $PORT.
start() {
    local name=$1 script=$2; shift 2
    rm -f "$name.port"
    python3 "$S/$script" --port-file "$name.port" --log "$name.log" --creds creds.json "$@" \
        > "$name.out" 2>&1 &
    PIDS+=($!)
    wait_port_file "$name.port" $! || { echo "$name did not start"; cat "$name.out"; exit 2; }
    PORT=$(cat "$name.port")
}

# collect NAME [ARGS...]: a collection from moto; status in $status.
collect() {
    local name=$1; shift
    "$T" collect --endpoint-url "$MOTO_URL" --region us-east-1 -o "$name.json" "$@" \
        > "$name.stdout" 2> "$name.stderr"
    status=$?
}

# collected NAME WHAT: exit 0 and the snapshot is moto's account.
collected() {
    if [ "$status" = 0 ] && python3 - "$1.json" <<'PY'
import json, sys
assert json.load(open(sys.argv[1]))["account_id"] == "123456789012"
PY
    then ok "$2"
    else bad "$2: exit $status" "$(head -c 600 "$1.stderr")"; fi
}

# refused NAME WHAT TEXT...: failed (exit 2 or 4, no snapshot), every TEXT
# in its stderr.
refused() {
    local name=$1 what=$2 t missing=""; shift 2
    for t in "$@"; do grep -qF -- "$t" "$name.stderr" || missing="$missing [$t]"; done
    if { [ "$status" = 2 ] || [ "$status" = 4 ]; } && [ ! -e "$name.json" ] && [ -z "$missing" ]
    then ok "$what"
    else bad "$what: exit $status, missing:$missing" "$(head -c 800 "$name.stderr")"; fi
}

# exit_is NAME STATUS WHAT: the last collection exited with STATUS (2: a
# wrong setting, said before any request; 4: the settings were right but
# the credentials could not be fetched).
exit_is() {
    if [ "$status" = "$2" ]; then ok "$3"
    else bad "$3: exit $status, not $2" "$(head -c 600 "$1.stderr")"; fi
}
# A port on 127.0.0.1 where nothing listens: connections are refused.
DEAD_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

answer() {  # answer [EXPIRATION|none] [VERSION]: a credential_process answer
    python3 - "${1:-}" "${2:-1}" <<'PY'
import json, sys
c = json.load(open("creds.json"))
a = {"Version": int(sys.argv[2]), "AccessKeyId": c["AccessKeyId"],
     "SecretAccessKey": c["SecretAccessKey"], "SessionToken": c["SessionToken"],
     "Expiration": c["Expiration"]}
if sys.argv[1] == "none":
    del a["Expiration"]
elif sys.argv[1]:
    a["Expiration"] = sys.argv[1]
print(json.dumps(a))
PY
}
in_minutes() { python3 -c 'import datetime,sys; print((datetime.datetime.now(datetime.timezone.utc)+datetime.timedelta(minutes=int(sys.argv[1]))).strftime("%Y-%m-%dT%H:%M:%SZ"))' "$1"; }

# ---- 1. credential_process -------------------------------------------------
# The command (in a folder with a space, its argument quoted: split as shlex
# does, no shell) counts its runs, prints answer N (or the last one), and
# says on stderr which run it is.
cat > "my tools/creds.sh" <<'EOF2'
#!/bin/sh
[ "$1" = "an argument; not a shell" ] || { echo "creds.sh: wrong argument" >&2; exit 9; }
n=$(( $(cat "$2/runs" 2>/dev/null || echo 0) + 1 ))
echo "$n" > "$2/runs"
echo "creds.sh: run $n" >&2
f="$2/answer.$n"; [ -f "$f" ] || f="$2/answer"
[ -f "$2/sleep" ] && sleep 30
# A helper of its own that outlives it unless its whole group is killed.
[ -f "$2/grandchild" ] && { sleep 300 & echo $! > "$2/grandchild.pid"; wait; }
[ -f "$2/exit" ] && { echo "creds.sh: the session has expired, log in again" >&2; exit 3; }
cat "$f"
EOF2
chmod +x "my tools/creds.sh"
proc_profile() {  # proc_profile DIR: a fresh state folder for the command
    rm -rf "$1"; mkdir -p "$1"
    cat >> config <<EOF2
[profile $1]
credential_process = "$W/my tools/creds.sh" 'an argument; not a shell' $W/$1
EOF2
}
runs() { cat "$1/runs" 2>/dev/null || echo 0; }
: > config

proc_profile p1; answer > p1/answer
collect p1 --profile p1
collected p1 "credential_process: collects moto's account with the keys it prints"
if [ "$(runs p1)" = 1 ] && grep -q "creds.sh: run 1" p1.stderr; then
    ok "credential_process: run once, its stderr passed through"
else bad "credential_process: runs $(runs p1)" "$(head -c 300 p1.stderr)"; fi

# Keys that expire within botocore's refresh window (15 min) are fetched again
# before the next request: the command runs a second time, then not again.
proc_profile p2; answer "$(in_minutes 12)" > p2/answer.1; answer > p2/answer
collect p2 --profile p2
collected p2 "credential_process: keys about to expire are refreshed and the collection completes"
if [ "$(runs p2)" = 2 ]; then ok "credential_process: Expiration honoured (run again once)"
else bad "credential_process: Expiration in 12 min gave $(runs p2) runs, expected 2"; fi
proc_profile p3; answer none > p3/answer
collect p3 --profile p3
if [ "$status" = 0 ] && [ "$(runs p3)" = 1 ]; then ok "credential_process: no Expiration, run once"
else bad "credential_process: no Expiration: exit $status, $(runs p3) runs"; fi

proc_profile p4; answer > p4/answer; : > p4/exit
collect p4 --profile p4
refused p4 "credential_process: a failing command names the profile, its stderr shown" \
    "credential_process of profile 'p4'" "exited with status 3" "log in again"
proc_profile p5; answer "" 2 > p5/answer
collect p5 --profile p5
refused p5 "credential_process: Version 2 refused" "unsupported Version (supported versions: 1)"
proc_profile p6; echo "AccessKeyId=$(field creds.json SecretAccessKey)" > p6/answer
collect p6 --profile p6
refused p6 "credential_process: output that is not JSON refused (not quoted)" \
    "printed an answer trailscan cannot use: the answer is not JSON"
proc_profile p7; answer "2020-01-01T00:00:00Z" > p7/answer
collect p7 --profile p7
refused p7 "credential_process: expired keys refused" "Expiration has passed"
proc_profile p8; answer > p8/answer; : > p8/sleep
TRAILSCAN_CREDENTIAL_PROCESS_TIMEOUT=1 collect p8 --profile p8
refused p8 "credential_process: a command that hangs is stopped at the timeout" \
    "did not answer within 1.0 s" "TRAILSCAN_CREDENTIAL_PROCESS_TIMEOUT"
# At the timeout the command's own children are killed too (its process
# group), not left running.  Standard input is not a terminal here, as in CI.
proc_profile p11; answer > p11/answer; : > p11/grandchild
TRAILSCAN_CREDENTIAL_PROCESS_TIMEOUT=1 collect p11 --profile p11 < /dev/null
refused p11 "credential_process: a command whose child hangs is stopped at the timeout" \
    "did not answer within 1.0 s"
gone() {  # gone PID: no such process, or a zombie waiting for init
    local i
    for i in $(seq 100); do
        [ -e "/proc/$1" ] || return 0
        [ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)" = Z ] && return 0
        sleep 0.2
    done
    return 1
}
gp=$(cat p11/grandchild.pid 2>/dev/null)
if [ -n "$gp" ] && gone "$gp"; then
    ok "credential_process: at the timeout its children are killed too (its process group)"
else
    bad "credential_process: the command's child $gp still runs after the timeout"
    [ -n "$gp" ] && kill "$gp" 2>/dev/null
fi
printf '[profile p9]\ncredential_process = "unclosed\n' >> config
collect p9 --profile p9
refused p9 "credential_process: an unclosed quote is a configuration error" \
    "no closing quotation"
printf '[profile p10]\ncredential_process = %s/no-such-command\n' "$W" >> config
collect p10 --profile p10
refused p10 "credential_process: a command that does not exist" "cannot be run" \
    "No such file or directory"

# ---- 2. container credentials ------------------------------------------------
printf 'container-auth-token-%s' "$RANDOM$RANDOM" > ctoken
SECRETS+=("$(cat ctoken)")
start container container.py --token-file ctoken
export AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:$PORT/v2/credentials/task
AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=$W/ctoken collect c1
collected c1 "container: collects moto's account with the token file's authorization"
if grep -q "auth=valid" container.log && ! grep -q "auth=none" container.log; then
    ok "container: the endpoint saw the authorization token"
else bad "container: log" "$(cat container.log)"; fi
: > container.log
AWS_CONTAINER_AUTHORIZATION_TOKEN=wrong-token collect c2
refused c2 "container: a wrong token fails, saying which setting to check" \
    "Error when retrieving credentials from container-role" "Received non 200 response 401" \
    "AWS_CONTAINER_AUTHORIZATION_TOKEN"
exit_is c2 4 "container: a refused token is a failed fetch (exit 4)"
if [ "$(grep -c "auth=invalid" container.log)" = 3 ]; then
    ok "container: tried 3 times, as botocore"
else bad "container: attempts" "$(cat container.log)"; fi
AWS_CONTAINER_CREDENTIALS_FULL_URI=http://192.0.2.1/creds collect c3
refused c3 "container: plain http to another host refused before any request" \
    "unsupported host '192.0.2.1'" "169.254.170.2"
exit_is c3 2 "container: an endpoint that is not allowed is a wrong setting (exit 2)"
AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:$DEAD_PORT/creds collect c4
refused c4 "container: an endpoint that refuses connections fails" \
    "Error when retrieving credentials from container-role" "127.0.0.1:$DEAD_PORT"
exit_is c4 4 "container: an endpoint that refuses connections is a failed fetch (exit 4)"
unset AWS_CONTAINER_CREDENTIALS_FULL_URI

# ---- 3. EC2 instance metadata (IMDSv2) -----------------------------------------
start imds imds.py
unset AWS_EC2_METADATA_DISABLED
# A generous timeout: the CLI's 1 s is too short for a busy test machine.
export AWS_METADATA_SERVICE_TIMEOUT=30
AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:$PORT collect i1
collected i1 "instance metadata: collects moto's account with the role's keys (IMDSv2)"
if grep -q "^PUT /latest/api/token ok" imds.log && grep -q "token=valid" imds.log \
    && ! grep -q "token=none\|token=invalid" imds.log; then
    ok "instance metadata: a session token was asked for and sent with every GET"
else bad "instance metadata: log" "$(cat imds.log)"; fi
start imds2 imds.py --refuse-tokens
AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:$PORT collect i2
refused i2 "instance metadata: refused tokens fail with what happened" \
    "instance metadata credentials (http://127.0.0.1:$PORT)" "401 Unauthorized"
exit_is i2 4 "instance metadata: refused tokens are a failed fetch (exit 4)"
AWS_EC2_METADATA_DISABLED=true AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:$PORT \
    collect i3
n_before=$(wc -l < imds2.log)
refused i3 "instance metadata: AWS_EC2_METADATA_DISABLED skips it" "Unable to locate credentials"
AWS_EC2_METADATA_SERVICE_ENDPOINT=http://198.51.100.7 collect i4
refused i4 "instance metadata: plain http to another host refused" "unsupported host"
[ "$(wc -l < imds2.log)" = "$n_before" ] || bad "instance metadata: a request after DISABLED"
# As for container credentials: a setting that is wrong is exit 2, keys
# that cannot be fetched from the endpoint named are exit 4.
exit_is i4 2 "instance metadata: an endpoint that is not allowed is a wrong setting (exit 2)"
AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:$DEAD_PORT/ collect i8
refused i8 "instance metadata: an endpoint that refuses connections fails" \
    "instance metadata credentials (http://127.0.0.1:$DEAD_PORT)" "no answer"
exit_is i8 4 "instance metadata: an endpoint that refuses connections is a failed fetch (exit 4)"
# An old service without the token API: IMDSv1, as the CLI falls back to,
# unless AWS_EC2_METADATA_V1_DISABLED.
start imds3 imds.py --v1-only
AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:$PORT collect i5
collected i5 "instance metadata: falls back to IMDSv1 when the token API is refused"
AWS_EC2_METADATA_V1_DISABLED=true AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:$PORT \
    collect i6
refused i6 "instance metadata: AWS_EC2_METADATA_V1_DISABLED refuses the fallback" \
    "Unable to retrieve token for use in IMDSv2 call and IMDSv1 has been disabled"
if [ "$(grep -c "token=none" imds3.log)" = 2 ]; then
    ok "instance metadata: no GET without a token once IMDSv1 is disabled"
else bad "instance metadata: IMDSv1 log" "$(cat imds3.log)"; fi
# Keys that expire within the refresh window are fetched again (a new
# session token, then the role's keys) before the next request.
python3 - "$(in_minutes 12)" <<'PY'
import json, sys
c = json.load(open("creds.json")); c["Expiration"] = sys.argv[1]
json.dump(c, open("creds12.json", "w"))
PY
rm -f imds4.port
python3 "$S/imds.py" --port-file imds4.port --log imds4.log --creds creds12.json > imds4.out 2>&1 &
PIDS+=($!)
wait_port_file imds4.port $! || { echo "imds4 did not start"; exit 2; }
AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:$(cat imds4.port) collect i7
collected i7 "instance metadata: keys about to expire are refreshed and the collection completes"
if [ "$(grep -c "^PUT /latest/api/token ok" imds4.log)" -ge 2 ]; then
    ok "instance metadata: Expiration honoured (fetched again)"
else bad "instance metadata: refresh" "$(cat imds4.log)"; fi
export AWS_EC2_METADATA_DISABLED=true

# ---- 4. IAM Identity Center ----------------------------------------------------
SSO_TOKEN="sso-access-token-$RANDOM$RANDOM$RANDOM"
SECRETS+=("$SSO_TOKEN")
printf '%s' "$SSO_TOKEN" > sso_token
printf 'client-secret-%s' "$RANDOM$RANDOM" > client_secret
printf 'refresh-token-%s' "$RANDOM$RANDOM" > refresh_token
SECRETS+=("$(cat client_secret)" "$(cat refresh_token)")
start sso sso_portal.py --token-file sso_token --account 123456789012 --role Audit \
    --client-secret-file client_secret --refresh-file refresh_token
export AWS_ENDPOINT_URL_SSO=http://127.0.0.1:$PORT AWS_ENDPOINT_URL_SSO_OIDC=http://127.0.0.1:$PORT
cat >> config <<EOF2
[profile s1]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = Audit
[sso-session corp]
sso_start_url = https://example.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access
[profile s2]
sso_start_url = https://legacy.awsapps.com/start
sso_region = eu-west-1
sso_account_id = 123456789012
sso_role_name = Audit
[profile s3]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = Other
[profile s4]
sso_session = nowhere
sso_account_id = 123456789012
sso_role_name = Audit
[profile s10]
sso_session = corp
sso_account_id = 123456789012
[profile s11]
sso_session = corp
sso_region = eu-west-1
sso_account_id = 123456789012
sso_role_name = Audit
EOF2
# cache NAME_OR_URL MINUTES [REFRESH_TOKEN]: the token `aws sso login` would
# cache, named as it names it (with what refreshing it needs when given).
cache() {
    python3 - "$1" "$2" "$SSO_TOKEN" "${3:-}" <<'PY'
import datetime, hashlib, json, os, sys
now = datetime.datetime.now(datetime.timezone.utc)
iso = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")
path = os.path.expanduser("~/.aws/sso/cache/%s.json" % hashlib.sha1(sys.argv[1].encode()).hexdigest())
doc = {"startUrl": "x", "region": "us-east-1", "accessToken": sys.argv[3],
       "expiresAt": iso(now + datetime.timedelta(minutes=int(sys.argv[2])))}
if sys.argv[4]:
    doc.update(clientId="trailscan-test-client", clientSecret=open("client_secret").read(),
               refreshToken=sys.argv[4],
               registrationExpiresAt=iso(now + datetime.timedelta(days=90)))
json.dump(doc, open(path, "w"))
PY
}
cache_field() {  # cache_field NAME FIELD
    python3 -c 'import hashlib,json,os,sys; print(json.load(open(os.path.expanduser("~/.aws/sso/cache/%s.json" % hashlib.sha1(sys.argv[1].encode()).hexdigest())))[sys.argv[2]])' "$1" "$2"
}
cache corp 60
collect s1 --profile s1
collected s1 "sso: the sso-session form collects moto's account with the portal's keys"
if grep -q "bearer=valid account=123456789012 role=Audit" sso.log; then
    ok "sso: GetRoleCredentials with the cached bearer token"
else bad "sso: log" "$(cat sso.log)"; fi
cache https://legacy.awsapps.com/start 60
collect s2 --profile s2
collected s2 "sso: the legacy sso_start_url form (cache named by the URL's SHA-1)"
cache corp -5
collect s5 --profile s1
refused s5 "sso: an expired cached token says to log in" \
    "Token has expired and refresh failed" "aws sso login --profile s1"
rm -f home/.aws/sso/cache/*
collect s6 --profile s1
refused s6 "sso: no cached token says to log in" "Token for corp does not exist" \
    "aws sso login --profile s1"
cache corp 60
echo expired > sso_token
collect s7 --profile s1
refused s7 "sso: a session the portal expired says to log in again" \
    "The SSO session associated with this profile has expired or is otherwise invalid" \
    "aws sso login --profile s1"
printf '%s' "$SSO_TOKEN" > sso_token
collect s8 --profile s3
refused s8 "sso: a role the user may not use names the account and role" \
    "account 123456789012, role Other" "ForbiddenException"
collect s9 --profile s4
refused s9 "sso: an sso-session that does not exist" \
    'The specified sso-session does not exist: "nowhere"'
# An expired token with a refresh token: refreshed through SSO OIDC
# CreateToken (the portal refuses the old one) and saved back as the CLI does.
echo expired > sso_token
cache corp -5 "$(cat refresh_token)"
collect s12 --profile s1
collected s12 "sso: an expired token is refreshed with its refresh token"
if grep -q "POST /token refresh=valid" sso.log && [ "$(cache_field corp accessToken)" = "$(cat sso_token)" ] \
    && [ "$(cache_field corp refreshToken)" = "$(cat refresh_token)" ]; then
    ok "sso: the refreshed token and the new refresh token are saved in the cache"
else bad "sso: refresh" "$(tail -3 sso.log)"; fi
[ "$(cat sso_token)" = expired ] || SECRETS+=("$(cat sso_token)" "$(cat refresh_token)")
cache corp -5 wrong-refresh-token
collect s13 --profile s1
refused s13 "sso: a refresh the OIDC service refuses says to log in" \
    "Token has expired and refresh failed" "aws sso login --profile s1"
printf '%s' "$SSO_TOKEN" > sso_token
collect s10 --profile s10
refused s10 "sso: a missing setting is named as botocore names it" \
    'The profile "s10" is configured to use SSO but is missing required configuration: sso_role_name'
collect s11 --profile s11
refused s11 "sso: a profile that disagrees with its sso-session" \
    "The value for sso_region is inconsistent between profile (eu-west-1) and sso-session (us-east-1)."
unset AWS_ENDPOINT_URL_SSO

# ---- 5. endpoint settings of the profile -------------------------------------------
# A value trailscan cannot honour is said before any request (exit 2):
# sts_regional_endpoints in botocore's words; use_fips_endpoint other than
# true/false is refused rather than taken as false.
AWS_STS_REGIONAL_ENDPOINTS=global collect e1 --profile p1
refused e1 "AWS_STS_REGIONAL_ENDPOINTS: a value botocore refuses" \
    'STS regional endpoints option global is invalid. Valid options are: "legacy", "regional"'
exit_is e1 2 "AWS_STS_REGIONAL_ENDPOINTS: a wrong value is exit 2"
printf '[profile e2]\nuse_fips_endpoint = yes\ncredential_process = %s\n' \
    "$(sed -n 's/^credential_process = //p' config | head -1)" >> config
collect e2 --profile e2
refused e2 "use_fips_endpoint: a value other than true or false is refused" \
    "use_fips_endpoint is 'yes': it must be true or false"
exit_is e2 2 "use_fips_endpoint: a wrong value is exit 2"
# With --endpoint-url the settings change nothing: moto is still reached.
AWS_STS_REGIONAL_ENDPOINTS=legacy AWS_USE_FIPS_ENDPOINT=true collect e3 --profile p1
collected e3 "sts_regional_endpoints and use_fips_endpoint do not override --endpoint-url"

# ---- 6. secrets -------------------------------------------------------------------
leaks=""
for s in "${SECRETS[@]}"; do
    [ -n "$s" ] || continue
    f=$(grep -lF -- "$s" ./*.stdout ./*.stderr ./*.log ./*.out ./*.json 2>/dev/null \
        | grep -v '^./creds.json$' | grep -v '^./creds12.json$' | grep -v '^./seed.json$' || true)
    [ -z "$f" ] || leaks="$leaks $f"
done
if [ -z "$leaks" ]; then ok "no key, session token, container or SSO token in any output, log or snapshot"
else bad "secrets printed in:$leaks"; fi

echo "passed $passed, failed $failed"
[ "$failed" = 0 ]

#!/usr/bin/env bash
# The credential chain end to end against moto with signature checking on:
# assume-role chains through source_profile, credential_source, the
# role's settings (external_id, role_session_name, duration_seconds),
# web identity from the environment and from a profile, --role-arn, the
# config file's services section, renewal before expiry; errors that say
# what to do; no secret in any output, log or snapshot.
# usage: cred_chain.sh path/to/trailscan
set -u
export LC_ALL=C NO_COLOR=1
T=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
W=$(mktemp -d)
. "$HERE/moto.sh"
moto_require
cleanup() {
    [ -n "${PROXY_PID:-}" ] && kill "$PROXY_PID" 2>/dev/null
    [ -n "${ECS_PID:-}" ] && kill "$ECS_PID" 2>/dev/null
    [ -n "${IMDS_PID:-}" ] && kill "$IMDS_PID" 2>/dev/null
    [ -n "${ROT_PID:-}" ] && kill "$ROT_PID" 2>/dev/null
    moto_stop; rm -rf "$W"
}
trap cleanup EXIT
cd "$W" || exit 2
passed=0 failed=0
ok() { echo "ok   $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1"; shift; for l in "$@"; do echo "     $l"; done; failed=$((failed + 1)); }

unset AWS_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_REGION \
      AWS_DEFAULT_REGION AWS_MAX_ATTEMPTS AWS_WEB_IDENTITY_TOKEN_FILE AWS_ROLE_ARN \
      AWS_ROLE_SESSION_NAME AWS_ENDPOINT_URL AWS_ENDPOINT_URL_STS \
      AWS_IGNORE_CONFIGURED_ENDPOINT_URLS AWS_CONTAINER_CREDENTIALS_RELATIVE_URI \
      AWS_CONTAINER_CREDENTIALS_FULL_URI
export AWS_SHARED_CREDENTIALS_FILE=$W/credentials AWS_CONFIG_FILE=$W/config
export AWS_EC2_METADATA_DISABLED=true TRAILSCAN_RETRY_BASE_MS=20
ROLE_A=arn:aws:iam::111111111111:role/hop
ROLE_B=arn:aws:iam::222222222222:role/hop
ROLE_C=arn:aws:iam::333333333333:role/audit
ROLE_ENV=arn:aws:iam::444444444444:role/audit
ROLE_WEB=arn:aws:iam::555555555555:role/ci
ROLE_CLI=arn:aws:iam::666666666666:role/audit
ROLE_SVC=arn:aws:iam::777777777777:role/audit
ROLE_ECS=arn:aws:iam::888888888888:role/audit
ROLE_EC2=arn:aws:iam::999999999999:role/audit
OIDC_TOKEN=eyJoidc-token-TRAILSCAN-do-not-print

moto_start || exit 2
python3 "$HERE/cred_chain_roles.py" --endpoint "$MOTO_URL" "$ROLE_A" "$ROLE_B" "$ROLE_C" \
    "$ROLE_ENV" "$ROLE_WEB" "$ROLE_CLI" "$ROLE_SVC" "$ROLE_ECS" "$ROLE_EC2" \
    || { echo "roles failed"; exit 2; }
moto_auth_on base || { echo "moto auth failed"; exit 2; }
BASE_ID=$MOTO_KEY_ID BASE_SECRET=$MOTO_SECRET

python3 "$HERE/sts_log_proxy.py" --upstream "$MOTO_URL" --port-file port --log sts.log &
PROXY_PID=$!
wait_port_file port "$PROXY_PID" || { echo "the STS proxy did not start"; exit 2; }
STS_URL=http://127.0.0.1:$(cat port)
# STS through the logging proxy, every other service straight to moto.
export AWS_ENDPOINT_URL=$MOTO_URL AWS_ENDPOINT_URL_STS=$STS_URL

printf '%s' "$OIDC_TOKEN" > token
cat > credentials <<INI
[base]
aws_access_key_id = $BASE_ID
aws_secret_access_key = $BASE_SECRET
INI
cat > config <<INI
[profile a]
role_arn = $ROLE_A
source_profile = base
[profile b]
role_arn = $ROLE_B
source_profile = a
[profile c]
role_arn = $ROLE_C
source_profile = b
role_session_name = chain-c
[profile l1]
role_arn = $ROLE_A
source_profile = l2
[profile l2]
role_arn = $ROLE_B
source_profile = l1
[profile envrole]
role_arn = $ROLE_ENV
credential_source = Environment
external_id = ext-123
duration_seconds = 900
[profile ecsrole]
role_arn = $ROLE_ECS
credential_source = EcsContainer
[profile ec2role]
role_arn = $ROLE_EC2
credential_source = Ec2InstanceMetadata
[profile mfa]
role_arn = $ROLE_C
source_profile = base
mfa_serial = arn:aws:iam::123456789012:mfa/me
duration_seconds = 900
[profile web]
web_identity_token_file = $W/token
role_arn = $ROLE_WEB
role_session_name = web-profile
[profile svc]
aws_access_key_id = $BASE_ID
aws_secret_access_key = $BASE_SECRET
endpoint_url = $MOTO_URL
services = local
[services local]
sts =
  endpoint_url = $STS_URL
INI

n=0
# run NAME ARGS...: collect into NAME.json, output in NAME.out / NAME.err.
run() {
    local name=$1; shift
    n=$((n + 1))
    "$T" collect --region us-east-1 -o "$name.json" "$@" >"$name.out" 2>"$name.err" </dev/null
}

# account NAME ID [SESSION]: the snapshot is of account ID (and the caller's
# role session is SESSION).
account() {
    python3 - "$1.json" "$2" "${3:-}" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["account_id"] == sys.argv[2], "account %s" % s["account_id"]
arn = json.dumps(s["global"]["sts"])
assert ":assumed-role/" in arn, arn
if sys.argv[3]:
    assert "/" + sys.argv[3] + '"' in arn, arn
PY
}

# sts ACTION ROLE: the logged STS requests of ACTION for ROLE, one a line.
sts() { python3 - "$1" "$2" <<'PY'
import json, sys
for line in open("sts.log"):
    r = json.loads(line)
    if r["action"] == sys.argv[1] and r.get("RoleArn") == sys.argv[2]:
        print(json.dumps(r, sort_keys=True))
PY
}

# 1. A three-profile source_profile chain: c <- b <- a <- base's keys.
if run chain --profile c && account chain 333333333333 chain-c; then
    ok "a 3-profile source_profile chain collects account 333333333333"
else bad "source_profile chain" "$(head -3 chain.err)"; fi
if [ "$(sts AssumeRole "$ROLE_A" | wc -l)" -ge 1 ] && [ "$(sts AssumeRole "$ROLE_B" | wc -l)" -ge 1 ] \
   && sts AssumeRole "$ROLE_C" | grep -q '"RoleSessionName": "chain-c"'; then
    ok "each hop is an AssumeRole, the last with the profile's role_session_name"
else bad "the chain's AssumeRole requests" "$(tail -5 sts.log)"; fi

# 2. A loop is refused, naming the profiles, before any call.
lines=$(wc -l < sts.log)
run loop --profile l1; status=$?
if [ $status = 2 ] && grep -q "Infinite loop in credential configuration detected" loop.err \
   && grep -q "Visited profiles: l1 -> l2 -> l1" loop.err && [ ! -e loop.json ] \
   && [ "$(wc -l < sts.log)" = "$lines" ]; then
    ok "a source_profile loop is refused by name, exit 2, nothing sent"
else bad "loop: exit $status" "$(cat loop.err)"; fi

# 3. credential_source = Environment with external_id and a 900 s session:
#    inside the 15-minute advisory window at once, so every call renews it.
if AWS_ACCESS_KEY_ID=$BASE_ID AWS_SECRET_ACCESS_KEY=$BASE_SECRET run envrole --profile envrole \
   && account envrole 444444444444; then
    ok "credential_source = Environment collects account 444444444444"
else bad "credential_source = Environment" "$(head -3 envrole.err)"; fi
assumed=$(sts AssumeRole "$ROLE_ENV" | grep -c '"DurationSeconds": "900", "ExternalId": "ext-123"')
if [ "$assumed" -ge 3 ]; then
    ok "a 900 s role session is renewed before it expires ($assumed AssumeRole with ExternalId)"
else bad "renewal: $assumed AssumeRole requests for $ROLE_ENV" "$(sts AssumeRole "$ROLE_ENV" | head -3)"; fi
run envnone --profile envrole; status=$?
if [ $status = 2 ] && grep -q "No credentials found in credential_source referenced in profile envrole" envnone.err; then
    ok "credential_source = Environment without keys says so"
else bad "credential_source without keys: exit $status" "$(cat envnone.err)"; fi

# credential_source = EcsContainer and Ec2InstanceMetadata, through the
# container and IMDSv2 stand-ins of tests/collect/standins/ (the credential
# sources' part of issue 15; said and passed over without them).
S=$HERE/standins
if [ -f "$S/container.py" ] && [ -f "$S/imds.py" ] && [ -f "$S/mint.py" ]; then
    MOTO_KEY_ID=$BASE_ID MOTO_SECRET=$BASE_SECRET python3 "$S/mint.py" --endpoint "$MOTO_URL" \
        --out minted.json || { echo "mint failed"; exit 2; }
    printf 'container-auth-%s' "$RANDOM$RANDOM" > ctoken
    python3 "$S/container.py" --port-file ecs.port --log ecs.log --creds minted.json \
        --token-file ctoken > ecs.out 2>&1 &
    ECS_PID=$!
    python3 "$S/imds.py" --port-file imds.port --log imds.log --creds minted.json \
        > imds.out 2>&1 &
    IMDS_PID=$!
    if wait_port_file ecs.port "$ECS_PID" && wait_port_file imds.port "$IMDS_PID"; then
        if AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:$(cat ecs.port)/v2/credentials/task \
           AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=$W/ctoken run ecsrole --profile ecsrole \
           && account ecsrole 888888888888 && grep -q "auth=valid" ecs.log; then
            ok "credential_source = EcsContainer collects account 888888888888"
        else bad "credential_source = EcsContainer" "$(head -3 ecsrole.err)"; fi
        if env -u AWS_EC2_METADATA_DISABLED AWS_METADATA_SERVICE_TIMEOUT=30 \
           AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:$(cat imds.port) \
           "$T" collect --region us-east-1 -o ec2role.json --profile ec2role \
           >ec2role.out 2>ec2role.err </dev/null \
           && account ec2role 999999999999 && grep -q "token=valid" imds.log; then
            ok "credential_source = Ec2InstanceMetadata collects account 999999999999"
        else bad "credential_source = Ec2InstanceMetadata" "$(head -3 ec2role.err)"; fi
    else bad "the container or IMDS stand-in did not start"; fi
    SECRET_FILES=(minted.json ctoken)
else
    echo "note credential_source EcsContainer/Ec2InstanceMetadata: no stand-ins in $S"
    SECRET_FILES=()
fi

# 4. mfa_serial without a terminal: a clear error, nothing sent.
lines=$(wc -l < sts.log)
run mfa --profile mfa; status=$?
if [ $status = 2 ] && grep -q "needs an MFA code (mfa_serial arn:aws:iam::123456789012:mfa/me) and there is no terminal" mfa.err \
   && grep -q "aws configure export-credentials --profile mfa" mfa.err \
   && [ "$(wc -l < sts.log)" = "$lines" ]; then
    ok "mfa_serial without a terminal says how to run instead"
else bad "mfa: exit $status" "$(cat mfa.err)"; fi

# On a terminal the code is asked for, not echoed, and sent once.
python3 - "$T" > mfa_tty.out 2>&1 <<'PY'
import os, pty, select, signal, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], [sys.argv[1], "collect", "--region", "us-east-1", "--profile",
                           "mfa", "-q", "-o", "mfa_tty.json"])
seen, typed, end = b"", False, time.monotonic() + 300
while True:
    if time.monotonic() > end:  # never hang the suite: say so and stop it
        seen += b"\n(no end after 300 s: stopped)"
        os.kill(pid, signal.SIGKILL)
        break
    if not select.select([fd], [], [], 1)[0]:
        continue
    try:
        data = os.read(fd, 4096)
    except OSError:
        break
    if not data:
        break
    seen += data
    if not typed and b"Enter MFA code for arn:aws:iam::123456789012:mfa/me: " in seen:
        os.write(fd, b"918273\n")
        typed = True
status = os.waitpid(pid, 0)[1]
sys.stdout.write(seen.decode("utf-8", "replace"))
print("\nexit", os.waitstatus_to_exitcode(status), "typed", typed)
PY
if grep -q "exit 0 typed True" mfa_tty.out && ! grep -q 918273 mfa_tty.out \
   && account mfa_tty 333333333333 \
   && sts AssumeRole "$ROLE_C" | grep '"SerialNumber": "arn:aws:iam::123456789012:mfa/me"' \
      | grep -q '"TokenCode": true'; then
    ok "on a terminal the MFA code is asked for, not echoed, and sent with the serial"
else bad "mfa on a terminal" "$(tail -5 mfa_tty.out)"; fi
# Its 900 s session is inside the renewal window at once, but an MFA code
# is good for one AssumeRole: the session is kept, not renewed with it.
mfa_calls=$(sts AssumeRole "$ROLE_C" | grep -c '"SerialNumber"')
if [ "$mfa_calls" = 1 ]; then ok "the MFA code is used for one AssumeRole only"
else bad "the MFA code was sent $mfa_calls times"; fi

# 5. Web identity from the environment and from a profile.  moto 5 has
#    no exception for STS's unsigned AssumeRoleWithWebIdentity once its
#    signature checking is on (it answers 500): let the next request (the
#    run's first, the AssumeRoleWithWebIdentity) through, every later one
#    (the collection, with the role's keys) is checked again.
let_one_through() {
    python3 - "$MOTO_URL" <<'PY'
import sys, urllib.request
urllib.request.urlopen(urllib.request.Request(
    sys.argv[1] + "/moto-api/reset-auth", data=b"1", method="POST",
    headers={"Content-Type": "text/plain"}), timeout=30).read()
PY
}
let_one_through
if AWS_WEB_IDENTITY_TOKEN_FILE=$W/token AWS_ROLE_ARN=$ROLE_WEB AWS_ROLE_SESSION_NAME=gha-run \
   run webenv && account webenv 555555555555 gha-run; then
    ok "web identity from AWS_WEB_IDENTITY_TOKEN_FILE collects account 555555555555"
else bad "web identity (environment)" "$(head -3 webenv.err)"; fi
if sts AssumeRoleWithWebIdentity "$ROLE_WEB" | grep '"RoleSessionName": "gha-run"' \
   | grep -q '"WebIdentityToken": true.*' \
   && ! sts AssumeRoleWithWebIdentity "$ROLE_WEB" | grep -q '"signed": true'; then
    ok "AssumeRoleWithWebIdentity is unsigned and carries the token"
else bad "the web identity request" "$(sts AssumeRoleWithWebIdentity "$ROLE_WEB")"; fi
let_one_through
if run webprof --profile web && account webprof 555555555555 web-profile; then
    ok "web identity from a profile's web_identity_token_file"
else bad "web identity (profile)" "$(head -3 webprof.err)"; fi
rm token
run webgone --profile web; status=$?
if [ $status = 4 ] && grep -q "Unable to load web identity token file ($W/token" webgone.err; then
    ok "a missing token file is named"
else bad "missing token file: exit $status" "$(cat webgone.err)"; fi
printf '%s' "$OIDC_TOKEN" > token

# The token file is read again at every renewal: a stand-in STS (the proxy)
# takes only the token the file holds now, rotates the file after each
# exchange, and gives keys that expire in 12 minutes, inside the renewal
# window at once, so every call renews them with the rotated token.
mkdir rot && printf '%s' "$OIDC_TOKEN" > rot/token
STANDIN_KEY_ID=$BASE_ID STANDIN_SECRET=$BASE_SECRET python3 "$HERE/sts_log_proxy.py" \
    --upstream "$MOTO_URL" --port-file rot/port --log rot/sts.log --web-identity rot/token \
    --expiry 720 &
ROT_PID=$!
if wait_port_file rot/port "$ROT_PID"; then
    AWS_ENDPOINT_URL_STS=http://127.0.0.1:$(cat rot/port) AWS_WEB_IDENTITY_TOKEN_FILE=$W/rot/token \
        AWS_ROLE_ARN=$ROLE_WEB run webrot; status=$?
    good=$(grep -c '"action": "AssumeRoleWithWebIdentity".*"token_current": true' rot/sts.log)
    stale=$(grep -c '"token_current": false' rot/sts.log)
    if [ $status = 0 ] && account webrot 555555555555 && [ "$good" -ge 3 ] && [ "$stale" = 0 ]; then
        ok "web identity renews with the token file's current token ($good exchanges)"
    else bad "token rotation: exit $status, $good current, $stale stale" "$(head -3 webrot.err)"; fi
    # An expired token: STS's code, and what to check.
    printf '%s-expired' "$OIDC_TOKEN" > rot/token
    AWS_ENDPOINT_URL_STS=http://127.0.0.1:$(cat rot/port) AWS_WEB_IDENTITY_TOKEN_FILE=$W/rot/token \
        AWS_ROLE_ARN=$ROLE_WEB run webexp; status=$?
    if [ $status = 4 ] && grep -q "ExpiredTokenException" webexp.err \
       && grep -q "the token in $W/rot/token is expired or not accepted: check that its writer refreshes it" webexp.err; then
        ok "an expired web identity token says to check its writer"
    else bad "expired token: exit $status" "$(cat webexp.err)"; fi
else bad "the web identity stand-in did not start"; fi
kill "$ROT_PID" 2>/dev/null

# 6. --role-arn on top of the environment's keys.
if AWS_ACCESS_KEY_ID=$BASE_ID AWS_SECRET_ACCESS_KEY=$BASE_SECRET run cli --role-arn "$ROLE_CLI" \
   --external-id ext-9 --role-session-name cli-run && account cli 666666666666 cli-run \
   && sts AssumeRole "$ROLE_CLI" | grep -q '"ExternalId": "ext-9"'; then
    ok "--role-arn with --external-id and --role-session-name collects account 666666666666"
else bad "--role-arn" "$(head -3 cli.err)"; fi

# --role-arn's companions are checked before anything is sent.
lines=$(wc -l < sts.log)
run usage1 --external-id x9; s1=$?
run usage2 --role-arn nonsense; s2=$?
run usage3 --role-arn "$ROLE_CLI" --role-session-name 'bad name'; s3=$?
if [ "$s1$s2$s3" = 222 ] && grep -q "\-\-external-id needs --role-arn" usage1.err \
   && grep -q "\-\-role-arn 'nonsense' is not a role ARN" usage2.err \
   && grep -q "\-\-role-session-name 'bad name' must have 2 to 64" usage3.err \
   && [ "$(wc -l < sts.log)" = "$lines" ]; then
    ok "misused role options are usage errors, nothing sent"
else bad "role options: exits $s1 $s2 $s3" "$(cat usage1.err usage2.err usage3.err)"; fi

# 7. The config file's endpoints: the profile's endpoint_url for every
#    service, its services section's for STS (the proxy logs it).
if env -u AWS_ENDPOINT_URL -u AWS_ENDPOINT_URL_STS "$T" collect --region us-east-1 \
   --profile svc --role-arn "$ROLE_SVC" -o svc.json >svc.out 2>svc.err </dev/null \
   && account svc 777777777777 && [ "$(sts AssumeRole "$ROLE_SVC" | wc -l)" -ge 1 ]; then
    ok "endpoint_url and a [services] section route the calls"
else bad "config endpoints" "$(head -3 svc.err)"; fi

# 8. Wrong or unknown keys: AWS's code, and what to do.
AWS_ACCESS_KEY_ID=$BASE_ID AWS_SECRET_ACCESS_KEY=wrong-secret-do-not-print \
    run wrong --role-arn "$ROLE_CLI"; status=$?
if [ $status = 4 ] && grep -q "SignatureDoesNotMatch" wrong.err \
   && grep -q "the credentials that call AssumeRole were refused: check the keys of environment" wrong.err; then
    ok "a wrong secret says which keys to check"
else bad "wrong secret: exit $status" "$(cat wrong.err)"; fi
AWS_ACCESS_KEY_ID=AKIDUNKNOWNTRAILSCAN AWS_SECRET_ACCESS_KEY=$BASE_SECRET \
    run unknown --role-arn "$ROLE_CLI"; status=$?
if [ $status = 4 ] && grep -q "InvalidClientTokenId" unknown.err \
   && grep -q "check the keys of environment" unknown.err; then
    ok "an unknown key id says which keys to check"
else bad "unknown key: exit $status" "$(cat unknown.err)"; fi

# 9. No secret anywhere: outputs, snapshots, the proxy's log (with the
#    stand-ins' keys and token when they ran).
EXTRA=()
for f in "${SECRET_FILES[@]}"; do
    case $f in
        *.json) EXTRA+=(-e "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["SecretAccessKey"])' "$f")") ;;
        *) EXTRA+=(-e "$(cat "$f")") ;;
    esac
done
rm -f "${SECRET_FILES[@]}"
if grep -l -e "$BASE_SECRET" -e "$OIDC_TOKEN" -e wrong-secret-do-not-print -e 918273 "${EXTRA[@]}" \
   ./*.out ./*.err ./*.json ./*.log rot/sts.log "$MOTO_LOG" 2>/dev/null | grep -q .; then
    bad "a secret was printed" "$(grep -l -e "$BASE_SECRET" -e "$OIDC_TOKEN" ./*.out ./*.err ./*.json sts.log)"
else ok "no secret or token in $n runs' outputs, snapshots or logs"; fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

#!/usr/bin/env bash
# trailscan collect --org against an organisation in moto (127.0.0.1), with
# moto's signature checking on: every member's snapshot and the manifest,
# the account whose role may not be assumed named (exit 4) while the others
# complete, each snapshot equal to a single-account collect with that
# account's credentials, --accounts / --exclude-accounts / --shard /
# --skip-existing, one cap on requests in flight, an account throttled to
# the end, scan's verdicts, and no secret in any output.
# usage: org.sh path/to/trailscan
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

export AWS_SHARED_CREDENTIALS_FILE=$W/none AWS_CONFIG_FILE=$W/none TRAILSCAN_RETRY_BASE_MS=20
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_REGION AWS_DEFAULT_REGION AWS_MAX_ATTEMPTS
REGIONS=(--region us-east-1 --region eu-west-1)

moto_start || exit 2
AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing \
    python3 "$HERE/seed.py" --endpoint "$MOTO_URL" > seed.json || { echo "seed failed"; exit 2; }
python3 "$HERE/org_seed.py" --endpoint "$MOTO_URL" -o org.json > /dev/null ||
    { echo "org_seed failed"; exit 2; }
id_of() { python3 -c "import json,sys; print(json.load(open('org.json'))['accounts'][sys.argv[1]])" "$1"; }
MGMT=$(id_of management) LOGS=$(id_of log-archive) PROD=$(id_of prod) DEV=$(id_of dev)
SANDBOX=$(id_of sandbox) DENIED=$(id_of denied) CLOSED=$(id_of closed)
ORG_ID=$(python3 -c "import json; print(json.load(open('org.json'))['organization'])")
COLLECTED="$MGMT $LOGS $PROD $DEV $SANDBOX"

# The caller: a user of the management account that may do everything but
# assume the audit role in account "denied".  Then signature checking on.
cat > policy.json <<EOF
{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Action": "*", "Resource": "*"},
  {"Effect": "Deny", "Action": "sts:AssumeRole",
   "Resource": "arn:aws:iam::$DENIED:role/TrailscanAudit"}]}
EOF
read -r KEY SECRET < <(python3 "$HERE/moto_auth.py" --endpoint "$MOTO_URL" --user auditor \
                           --policy-file policy.json) || { echo "auth on failed"; exit 2; }
[ -n "$SECRET" ] || { echo "auth on failed"; exit 2; }
export AWS_ACCESS_KEY_ID=$KEY AWS_SECRET_ACCESS_KEY=$SECRET
ORG=(collect --org --role-name TrailscanAudit --endpoint-url "$MOTO_URL" "${REGIONS[@]}")

# A manifest's accounts as "id status detail" lines (detail: file, error
# code or reason), sorted by id.
entries() {
    python3 - "$1" 2>/dev/null <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
for a in m["accounts"]:
    d = a.get("file") or a.get("error", {}).get("code") or a.get("reason")
    print(a["id"], a["status"], d)
PY
}

# 1. The whole organisation.
"$T" "${ORG[@]}" -o all >out.txt 2>err.txt
status=$?
if [ $status = 4 ] && [ ! -s out.txt ] && grep -q "account $DENIED (denied): not collected: AccessDenied" err.txt &&
   grep -q "1 account not collected: $DENIED" err.txt && [ "$(wc -l < err.txt)" = 2 ]; then
    ok "collect --org: exit 4, the account whose role may not be assumed named on stderr, no progress off a terminal"
else bad "collect --org: exit $status" "$(head -5 err.txt)"; fi
missing=""
for id in $COLLECTED; do [ -s "all/$id.json" ] || missing="$missing $id"; done
if [ -z "$missing" ] && [ ! -e "all/$DENIED.json" ] && [ ! -e "all/$CLOSED.json" ] &&
   [ "$(ls all | wc -l)" = 6 ]; then
    ok "every ACTIVE member's snapshot and the manifest are written, nothing else"
else bad "files in all/:$(ls all | tr '\n' ' ') missing:$missing"; fi
if "$T" validate all >/dev/null 2>&1; then ok "validate accepts the folder: the manifest and every snapshot against it"
else bad "validate refuses the folder" "$("$T" validate all 2>&1 | head -3)"; fi
if python3 - all/organization.json org.json <<'PY'
import json, sys
m, seed = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
names = {v: k for k, v in seed["accounts"].items()}
assert m["format"] == "trailscan-organization/1", m["format"]
assert m["organization"] == {"id": seed["organization"],
                             "management_account_id": seed["management"]}, m["organization"]
ids = [a["id"] for a in m["accounts"]]
assert ids == sorted(names), "every account of ListAccounts' two pages, once, by id"
for a in m["accounts"]:
    name = names[a["id"]]
    want = {"denied": "failed", "closed": "skipped"}.get(name, "collected")
    if name.startswith("retired-"):
        want = "skipped"
    assert a["status"] == want, (name, a)
    assert a.get("name") == ("master" if name == "management" else name), a
    if want == "collected":
        assert a["file"] == a["id"] + ".json", a
    if want == "failed":
        assert a["error"]["code"] == "AccessDenied" and "AssumeRole" in a["error"]["message"], a
    if want == "skipped":
        assert a["reason"] == "SUSPENDED", a
assert open(sys.argv[1]).read().endswith("}\n"), "the manifest ends with a newline"
PY
then ok "organization.json: every account collected, failed (AWS's error) or skipped (why)"
else bad "organization.json is not as the organisation is" "$(head -c 600 all/organization.json)"; fi
if python3 - all org.json <<'PY'
import json, os, sys
seed = json.load(open(sys.argv[2]))
for name, acct in seed["accounts"].items():
    path = os.path.join(sys.argv[1], acct + ".json")
    if not os.path.exists(path):
        continue
    s = json.load(open(path))
    assert s["account_id"] == acct
    assert s["account_name"] == ("master" if name == "management" else name), s["account_name"]
    assert s["organization"] == {"id": seed["organization"],
                                 "management_account_id": seed["management"]}
    assert list(s)[:7] == ["format", "account_id", "partition", "collected_at", "collector",
                           "account_name", "organization"], list(s)
PY
then ok "each snapshot has account_name and organization, after collector"
else bad "account_name / organization in the snapshots"; fi

# 2. Each member's snapshot equals a single-account collect with that
# account's own credentials (assumed with boto3; the management account
# with the caller's keys), minus what only --org adds and who asked.
assume() {  # assume ACCOUNT -> "KEY SECRET TOKEN"
    python3 - "$MOTO_URL" "$1" <<'PY'
import sys, boto3
sts = boto3.client("sts", region_name="us-east-1", endpoint_url=sys.argv[1])
c = sts.assume_role(RoleArn=f"arn:aws:iam::{sys.argv[2]}:role/TrailscanAudit",
                    RoleSessionName="single")["Credentials"]
print(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])
PY
}
stable() {  # stable IN OUT
    python3 - "$1" "$2" <<'PY'
import json, re, sys
def strip(v):
    if isinstance(v, dict):
        return {k: strip(x) for k, x in v.items() if not re.match(r"^Latest.*(Time|Date)$", k)}
    if isinstance(v, list):
        return [strip(x) for x in v]
    return v
s = strip(json.load(open(sys.argv[1])))
s.pop("account_name", None)
s.pop("organization", None)
s.get("global", {}).pop("sts", None)
json.dump(s, open(sys.argv[2], "w"))
PY
}
: > tokens.txt
for id in $COLLECTED; do
    if [ "$id" = "$MGMT" ]; then
        "$T" collect --endpoint-url "$MOTO_URL" "${REGIONS[@]}" -o "single-$id.json" 2>err1.txt
    else
        read -r K S TOK < <(assume "$id")
        echo "$S $TOK" >> tokens.txt
        AWS_ACCESS_KEY_ID=$K AWS_SECRET_ACCESS_KEY=$S AWS_SESSION_TOKEN=$TOK \
            "$T" collect --endpoint-url "$MOTO_URL" "${REGIONS[@]}" -o "single-$id.json" 2>err1.txt
    fi
    status=$?
    stable "all/$id.json" a.json && stable "single-$id.json" b.json
    if [ $status = 0 ] && python3 "$HERE/compare.py" a.json b.json > diff.txt 2>&1; then
        ok "account $id: the --org snapshot equals a single-account collect"
    else bad "account $id: exit $status, differs from a single-account collect" \
        "$(head -3 err1.txt)" "$(head -5 diff.txt)"; fi
done

# 3. scan judges the members as they were set up, and says which account
# it could not judge (exit 4: the organisation was not read whole).
"$T" scan --fail-on never --include-passes --format json -o scan.json all 2>scan-err.txt
status=$?
if [ $status = 4 ] && grep -q "account $DENIED (denied) not judged: collection failed: AccessDenied" scan-err.txt; then
    ok "scan DIR: exit 4, the account collect could not read named"
else bad "scan DIR: exit $status" "$(head -3 scan-err.txt)"; fi
verdict() {  # verdict RULE RESOURCE-SUBSTRING -> fail|pass|review
    python3 - scan.json "$1" "$2" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
out = {res["verdict"] for res in r["results"]
       if res["rule"] == sys.argv[2] and sys.argv[3] in res["resource"]}
print(",".join(sorted(out)) or "none")
PY
}
expect_verdict() {  # RULE RESOURCE WANT WHAT
    local got
    got=$(verdict "$1" "$2")
    if [ "$got" = "$3" ]; then ok "scan: $1 is $3 for $4"
    else bad "scan: $1 is $got for $4, wanted $3"; fi
}
expect_verdict cloudtrail-management-events "Account:$LOGS" pass "log-archive"
expect_verdict cloudtrail-management-events "Account:$DEV" fail "dev (trail not logging)"
expect_verdict cloudtrail-management-events "Account:$SANDBOX" fail "sandbox (no trail)"
expect_verdict cloudtrail-management-events "Account:$PROD" fail "prod (single-region trail)"
expect_verdict cloudtrail-log-file-validation "$LOGS:trail/org-trail" pass "log-archive's trail"
expect_verdict cloudtrail-log-file-validation "$PROD:trail/prod-eu" fail "prod's trail"
expect_verdict cloudtrail-kms-encryption "$LOGS:trail/org-trail" pass "log-archive's trail"
expect_verdict cloudtrail-kms-encryption "$DEV:trail/dev-trail" fail "dev's trail"
expect_verdict cloudtrail-log-file-validation "$MGMT:trail/eu-data-trail" pass "the management account"

# 4. --accounts and --exclude-accounts.
"$T" "${ORG[@]}" --accounts "$LOGS,$PROD" -o some 2>err.txt
status=$?
if [ $status = 0 ] && [ "$(ls some | tr '\n' ' ')" = "$(printf '%s\n' "$LOGS.json" "$PROD.json" organization.json | sort | tr '\n' ' ')" ] &&
   [ "$(entries some/organization.json | grep -c 'skipped not in --accounts')" = 20 ] &&
   [ "$(entries some/organization.json | grep -c ' collected ')" = 2 ]; then
    ok "--accounts: only those two collected (exit 0); the 20 others listed as not in --accounts"
else bad "--accounts: exit $status" "$(head -3 err.txt)" "$(ls some 2>&1 | tr '\n' ' ')"; fi
"$T" "${ORG[@]}" --accounts "$LOGS" --accounts 999999999999 -o nowhere 2>err.txt
status=$?
if [ $status = 2 ] && grep -q "accounts: 999999999999 is not an account of organization $ORG_ID" err.txt &&
   [ ! -e nowhere/organization.json ]; then
    ok "--accounts with an id the organisation does not have: exit 2, said, nothing written"
else bad "--accounts unknown id: exit $status" "$(head -3 err.txt)"; fi
"$T" "${ORG[@]}" --accounts 12345 -o nowhere 2>err.txt
status=$?
if [ $status = 2 ] && grep -q "accounts '12345' is not an account id of 12 digits" err.txt; then
    ok "--accounts 12345: exit 2, not 12 digits"
else bad "--accounts 12345: exit $status" "$(head -3 err.txt)"; fi
"$T" "${ORG[@]}" --exclude-accounts "$DENIED,888888888888" -o excl 2>err.txt
status=$?
if [ $status = 0 ] && grep -q "warning: --exclude-accounts: 888888888888 is not an account of organization" err.txt &&
   entries excl/organization.json | grep -q "^$DENIED skipped excluded by --exclude-accounts$" &&
   [ "$(ls excl | wc -l)" = 6 ]; then
    ok "--exclude-accounts: the excluded account skipped (exit 0); an unknown id warned about"
else bad "--exclude-accounts: exit $status" "$(head -3 err.txt)"; fi

# 5. --shard K/N: the shares are disjoint, together every account once,
# each the accounts sorted by id, every third from the Kth.
for k in 1 2 3; do
    "$T" "${ORG[@]}" --shard "$k/3" -o "shard$k" 2>"shard$k.err"
    echo $? > "shard$k.status"
done
if python3 - all/organization.json shard1 shard2 shard3 <<'PY'
import json, os, sys
full = json.load(open(sys.argv[1]))["accounts"]
ids = [a["id"] for a in full]
seen = []
for k, d in enumerate(sys.argv[2:], 1):
    m = json.load(open(os.path.join(d, "organization.json")))
    assert m["shard"] == {"index": k, "count": 3}, m.get("shard")
    mine = [a["id"] for a in m["accounts"]]
    assert mine == ids[k - 1::3], (k, mine)
    for a in m["accounts"]:
        want = next(b for b in full if b["id"] == a["id"])
        assert a["status"] == want["status"], (a, want)
        if a["status"] == "collected":
            assert os.path.exists(os.path.join(d, a["file"]))
    files = sorted(f for f in os.listdir(d) if f != "organization.json")
    assert files == sorted(a["file"] for a in m["accounts"] if a["status"] == "collected"), files
    seen += mine
assert sorted(seen) == sorted(ids), "every account in exactly one share"
PY
then ok "--shard 1/3, 2/3, 3/3: disjoint shares, every account once, sorted by id"
else bad "--shard shares are not a split of the organisation"; fi
denied_shard=$(python3 -c "
import json; ids=[a['id'] for a in json.load(open('all/organization.json'))['accounts']]
print(ids.index('$DENIED') % 3 + 1)")
shard_ok=1
for k in 1 2 3; do
    want=0; [ "$k" = "$denied_shard" ] && want=4
    [ "$(cat "shard$k.status")" = "$want" ] || shard_ok=0
done
if [ $shard_ok = 1 ]; then ok "--shard: exit 4 only for the share with the failing account"
else bad "--shard exits: $(cat shard1.status shard2.status shard3.status | tr '\n' ' ')"; fi
for bad_shard in 0/3 4/3 3 a/b 1/0; do
    "$T" "${ORG[@]}" --shard "$bad_shard" -o nowhere 2>err.txt
    status=$?
    if [ $status = 2 ] && grep -q "shard '$bad_shard' is not K/N" err.txt; then :
    else bad "--shard $bad_shard: exit $status" "$(head -2 err.txt)"; shard_ok=0; fi
done
[ $shard_ok = 1 ] && ok "--shard 0/3, 4/3, 3, a/b, 1/0: exit 2"
"$T" scan --fail-on never --format json -o shards.json shard1 shard2 shard3 2>err.txt
status=$?
if [ $status = 4 ] && python3 - shards.json scan.json <<'PY'
import json, sys
whole, shares = json.load(open(sys.argv[2])), json.load(open(sys.argv[1]))
key = lambda r: (r["rule"], r["resource"], r["verdict"])
assert sorted(map(key, shares["results"])) == sorted(
    map(key, (r for r in whole["results"] if r["verdict"] != "pass"))), "same findings"
ids = lambda r: sorted((a["account"], a.get("name")) for a in r["accounts"])
assert ids(shares) == ids(whole), "the same accounts judged, with their names"
gaps = lambda r: sorted((a["account"], a.get("name"), a["state"], a["reason"])
                        for a in r.get("accounts_not_judged", []))
assert gaps(shares) == gaps(whole) and gaps(whole), "the same accounts not judged"
PY
then ok "scan shard1 shard2 shard3 judges the organisation as scan of the whole folder does"
else bad "scan of the shares: exit $status" "$(head -3 err.txt)"; fi
cp shard1/organization.json shard1.manifest
"$T" "${ORG[@]}" --shard 2/3 -o shard1 2>err.txt
status=$?
"$T" "${ORG[@]}" -o shard1 2>err2.txt
status2=$?
if [ $status = 2 ] && [ $status2 = 2 ] && cmp -s shard1/organization.json shard1.manifest &&
   grep -q "shard1/organization.json is the manifest of share 1/3, and this run is share 2/3: give each share its own folder" err.txt &&
   grep -q "and this run is a whole run (no --shard)" err2.txt; then
    ok "a folder holding another share's manifest is refused (exit 2), the manifest untouched"
else bad "another share's folder: exit $status and $status2" "$(head -2 err.txt)" "$(head -2 err2.txt)"; fi

# 6. --skip-existing: complete snapshots are kept (a marker survives),
# missing, partial and broken ones collected again; the failed account is
# tried again and fails again.
cp -r all again
python3 - "again/$LOGS.json" "again/$DEV.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["kept_marker"] = True   # an unknown member: validate keeps and ignores it
json.dump(s, open(sys.argv[1], "w"), indent=1)
s = json.load(open(sys.argv[2]))
s["errors"].append({"region": "us-east-1", "service": "cloudtrail",
                    "operation": "DescribeTrails", "code": "Throttling", "message": "slow"})
json.dump(s, open(sys.argv[2], "w"), indent=1)
PY
rm "again/$PROD.json"
echo '{"format": "trailscan-snapshot/1",' > "again/$SANDBOX.json"
"$T" "${ORG[@]}" --skip-existing -o again 2>err.txt
status=$?
if [ $status = 4 ] && grep -q kept_marker "again/$LOGS.json" &&
   ! grep -q '"slow"' "again/$DEV.json" && [ -s "again/$PROD.json" ] &&
   "$T" validate "again/$SANDBOX.json" "again/$PROD.json" "again/$DEV.json" >/dev/null 2>&1 &&
   [ "$(entries again/organization.json)" = "$(entries all/organization.json)" ] &&
   grep -q "account $DENIED (denied): not collected" err.txt; then
    ok "--skip-existing: the complete snapshot kept, missing/partial/broken ones collected, the failed one tried again"
else bad "--skip-existing: exit $status" "$(head -3 err.txt)"; fi

# 6b. --skip-existing keeps a snapshot only if it holds this run's regions:
# the --region list, or (none named) every region its account had enabled,
# which only a snapshot collected without --region shows (its
# DescribeRegions answer).
cp -r again wider
"$T" "${ORG[@]}" --region us-west-2 --accounts "$LOGS" --skip-existing -o wider 2>err.txt
status=$?
if [ $status = 0 ] && ! grep -q kept_marker "wider/$LOGS.json" &&
   python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["regions"]; assert set(r) == {"us-east-1","eu-west-1","us-west-2"}, r' "wider/$LOGS.json"; then
    ok "--skip-existing --region: a snapshot without one of the regions is collected again"
else bad "--skip-existing with a region more: exit $status" "$(head -3 err.txt)"; fi
python3 - "wider/$LOGS.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["kept_marker"] = True
json.dump(s, open(sys.argv[1], "w"), indent=1)
PY
# (moto answers some services of some regions with errors: such a snapshot
# is partial, exit 4, so the status is not what this checks.)
"$T" collect --org --role-name TrailscanAudit --endpoint-url "$MOTO_URL" --accounts "$LOGS" \
    --skip-existing -o wider 2>err.txt
status=$?
if [ $status != 2 ] && ! grep -q kept_marker "wider/$LOGS.json" &&
   python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); assert "DescribeRegions" in s["global"]["ec2"] and len(s["regions"]) > 3, list(s["regions"])' "wider/$LOGS.json"; then
    ok "--skip-existing, every enabled region: a snapshot collected with --region is collected again"
else bad "--skip-existing, every enabled region: exit $status" "$(head -3 err.txt)"; fi
# A complete snapshot whose DescribeRegions lists only the regions it
# holds (and one not opted in) is kept; one more enabled region, it is not.
describe() { # FILE EXTRA-ENABLED-REGION...
    python3 - "$@" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
regions = [{"RegionName": r, "OptInStatus": "opt-in-not-required"} for r in list(s["regions"]) + sys.argv[2:]]
regions.append({"RegionName": "ap-east-1", "OptInStatus": "not-opted-in"})
s.setdefault("global", {}).setdefault("ec2", {})["DescribeRegions"] = {"Regions": regions}
json.dump(s, open(sys.argv[1], "w"), indent=1)
PY
}
cp "again/$LOGS.json" "wider/$LOGS.json"
describe "wider/$LOGS.json"
"$T" collect --org --role-name TrailscanAudit --endpoint-url "$MOTO_URL" --accounts "$LOGS" \
    --skip-existing -o wider 2>err.txt
status=$?
if [ $status = 0 ] && grep -q kept_marker "wider/$LOGS.json"; then
    ok "--skip-existing, every enabled region: a snapshot of them all is kept"
else bad "--skip-existing, every enabled region, kept: exit $status" "$(head -3 err.txt)"; fi
cp "again/$LOGS.json" "wider/$LOGS.json"
describe "wider/$LOGS.json" ap-south-1
"$T" collect --org --role-name TrailscanAudit --endpoint-url "$MOTO_URL" --accounts "$LOGS" \
    --skip-existing -o wider 2>err.txt
status=$?
if [ $status != 2 ] && ! grep -q kept_marker "wider/$LOGS.json"; then
    ok "--skip-existing, every enabled region: a snapshot without one of them is collected again"
else bad "--skip-existing, every enabled region, one lacking: exit $status" "$(head -3 err.txt)"; fi

# 7. A snapshot an earlier run left for an account this run does not
# collect is set aside, so the folder agrees with its manifest.
cp "all/$SANDBOX.json" "all/$DENIED.json"
"$T" "${ORG[@]}" -o all 2>err.txt
status=$?
if [ $status = 4 ] && [ ! -e "all/$DENIED.json" ] && [ -s "all/$DENIED.json.previous" ] &&
   grep -q "1 earlier snapshot of accounts this run did not collect renamed" err.txt; then
    ok "an earlier snapshot of the failed account is renamed *.json.previous"
else bad "earlier snapshot: exit $status" "$(head -3 err.txt)"; fi

# 8. One cap on requests in flight, at most 4 per account (the caller's own
# key too: it signs every AssumeRole), accounts really in parallel, and an
# account throttled to the end fails alone: through a proxy that holds
# every request 100 ms and throttles everything account "prod" signs.
# --jobs 3 is below what 6 accounts x 4 would reach; with --jobs 8 more than
# 4 requests in flight at once can only be several accounts together.
python3 "$HERE/org_proxy.py" --upstream "$MOTO_URL" --port-file proxy.port --stats stats.json \
    --delay 0.1 --throttle-account "$PROD" 2>proxy.err &
PROXY_PID=$!
if wait_port_file proxy.port "$PROXY_PID"; then
    PURL="http://127.0.0.1:$(cat proxy.port)"
    for jobs in 3 8; do
        rm -f stats.json
        "$T" collect --org --role-name TrailscanAudit --endpoint-url "$PURL" "${REGIONS[@]}" \
            --jobs "$jobs" -o "capped$jobs" 2>err.txt
        status=$?
        if [ $status = 4 ] && python3 - stats.json "$jobs" "$MGMT" "$KEY" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
jobs = int(sys.argv[2])
assert s["max_in_flight"] <= jobs, s
if jobs > 4:
    assert s["max_in_flight"] > 4, ("accounts not collected in parallel", s)
assert sys.argv[4] in s["max_per_key"], s
for key, n in s["max_per_key"].items():
    assert n <= 4, (key, n)
PY
        then ok "--jobs $jobs: never more than $jobs requests in flight (more than 4 with 8: accounts in parallel), nor 4 per account, the caller's own key too"
        else bad "--jobs $jobs: exit $status" "$(cat stats.json 2>&1 | head -c 600)"; fi
        if grep -q "account $PROD (prod): not collected: Throttling" err.txt &&
           grep -q "2 accounts not collected: " err.txt &&
           entries "capped$jobs/organization.json" | grep -q "^$PROD failed Throttling$" &&
           [ "$(entries "capped$jobs/organization.json" | grep -c ' collected ')" = 4 ]; then
            ok "--jobs $jobs: the throttled account fails alone (Throttling), the others complete"
        else bad "--jobs $jobs: throttled account" "$(head -4 err.txt)"; fi
    done
    kill "$PROXY_PID" 2>/dev/null
    PROXY_PID=
else
    bad "org_proxy.py did not start" "$(head -3 proxy.err)"
fi

# 9. Progress on a terminal (script(1) gives one): accounts done / total,
# calls, retries, errors, elapsed and the time left, on one redrawn line.
if command -v script >/dev/null 2>&1; then
    script -qec "'$T' collect --org --role-name TrailscanAudit --endpoint-url '$MOTO_URL' \
        --region us-east-1 --accounts '$LOGS,$PROD' -o tty" /dev/null > tty.txt 2>&1
    status=$?
    if [ $status = 0 ] && grep -q "organization $ORG_ID: 22 accounts listed, credentials from" tty.txt &&
       tr '\r' '\n' < tty.txt | grep -Eq "^trailscan: accounts 2/2, calls [0-9]+, retries [0-9]+, errors 0, elapsed [0-9]+:[0-9][0-9], left ~[0-9]+:[0-9][0-9] "; then
        ok "progress on a terminal: accounts, calls, retries, errors, elapsed, time left"
    else bad "progress on a terminal: exit $status" "$(tr '\r' '\n' < tty.txt | tail -3)"; fi
else
    echo "SKIP progress on a terminal: script(1) is not installed (util-linux)"
fi

# 10. Usage errors, said before any call.
"$T" collect --org -o x 2>err.txt
[ $? = 2 ] && grep -q -- "--org needs --role-name NAME" err.txt &&
    ok "--org without --role-name: exit 2" || bad "--org without --role-name" "$(head -2 err.txt)"
"$T" collect --org --role-name 'bad name' -o x 2>err.txt
[ $? = 2 ] && grep -q -- "--role-name 'bad name' is not an IAM role name" err.txt &&
    ok "--role-name with a space: exit 2" || bad "--role-name 'bad name'" "$(head -2 err.txt)"
"$T" collect --org --role-name R -o x --external-id abc 2>err.txt
[ $? = 2 ] && grep -q -- "--external-id needs --role-arn" err.txt &&
    ok "--org --external-id without --role-arn: exit 2" || bad "--org --external-id" "$(head -2 err.txt)"
"$T" collect --org --role-name R -o x --role-arn not-an-arn 2>err.txt
[ $? = 2 ] && grep -q -- "--role-arn 'not-an-arn' is not a role ARN" err.txt &&
    ok "--org --role-arn checked: exit 2" || bad "--org --role-arn not-an-arn" "$(head -2 err.txt)"
"$T" collect --org --role-name R -o - 2>err.txt
[ $? = 2 ] && grep -q "writes a folder, not standard output" err.txt &&
    ok "--org -o -: exit 2" || bad "--org -o -" "$(head -2 err.txt)"
"$T" collect --org --role-name R -o x --accounts "111122223333,$LOGS" --exclude-accounts "$LOGS" 2>err.txt
[ $? = 2 ] && grep -q -- "account $LOGS is in both --accounts and --exclude-accounts" err.txt && [ ! -e x ] &&
    ok "an account in --accounts and --exclude-accounts: exit 2, named" \
    || bad "--accounts X --exclude-accounts X" "$(head -2 err.txt)"
: > afile
"$T" "${ORG[@]}" -o afile 2>err.txt
[ $? = 2 ] && grep -q "afile: not a folder" err.txt && [ ! -s afile ] &&
    ok "--org -o FILE: exit 2, the file untouched" || bad "--org -o FILE" "$(head -2 err.txt)"

# 11. No secret anywhere: the caller's secret, nor any session token or
# secret of an assumed role (moto's tokens all start the same way).
leak=$(grep -rl -e "$SECRET" -e "FQoGZXIvYXdzE" . --exclude=tokens.txt 2>/dev/null)
while read -r s tok; do
    leak="$leak$(grep -rl -e "$s" -e "$tok" . --exclude=tokens.txt 2>/dev/null)"
done < tokens.txt
if [ -z "$leak" ]; then ok "no secret or session token in any output, snapshot or manifest"
else bad "a secret was written to: $leak"; fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

#!/usr/bin/env bash
# An organisation on disk (collect --org's folder, DESIGN 2b): the manifest
# organization.json, accounts' names in every report, the accounts it lists
# that no snapshot judged, and the input errors of manifests and of the
# snapshots' account_name and organization.
# usage: org.sh path/to/trailscan [--update]   (--update rewrites the golden files)
set -u
export LC_ALL=C NO_COLOR=1
T=$(realpath "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
GOLDEN=$ROOT/tests/reports/golden
SCHEMA=$ROOT/tests/data/sarif/sarif-schema-2.1.0.json
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
passed=0 failed=0
ok() { echo "ok   $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1"; failed=$((failed + 1)); }

# expect NAME STATUS STDERR -- COMMAND...: exit STATUS and exactly STDERR.
expect() {
    local name=$1 want=$2 text=$3
    shift 4
    "$@" >"$W/out" 2>"$W/err"
    local got=$?
    if [ "$got" != "$want" ]; then
        bad "$name: exit $got, wanted $want"; sed 's/^/     /' "$W/err" | head -5; return
    fi
    if [ "$(cat "$W/err")" != "$text" ]; then
        bad "$name: stderr differs"; diff <(printf '%s\n' "$text") "$W/err" | head -8; return
    fi
    ok "$name"
}

# same A B: the same report, but for SARIF's command line (invocations'
# arguments), which says how each was asked for.
same() {
    case $1 in
    *.sarif) python3 - "$1" "$2" <<'PY'
import json, sys
def load(p):
    d = json.load(open(p))
    for inv in d["runs"][0]["invocations"]:
        inv.pop("arguments", None); inv.pop("commandLine", None)
    return d
sys.exit(load(sys.argv[1]) != load(sys.argv[2]))
PY
    ;;
    *) cmp -s "$1" "$2" ;;
    esac
}

cd "$ROOT" || exit 2
ORG=tests/data/org
ONLY=(--only logs-log-group-retention,cloudtrail-management-events)
STDERR_ORG="trailscan: $ORG/organization.json:21:5: account 444455556666 (sandbox) not judged: collection failed: AccessDenied: User: arn:aws:sts::999988887777:assumed-role/trailscan/x is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444455556666:role/TrailscanAudit
trailscan: note: $ORG/organization.json:30:5: account 555566667777 (closed) not judged: not collected: SUSPENDED
trailscan: $ORG/organization.json:36:5: account 666677778888 not judged: collected, but its snapshot $ORG/666677778888.json is missing"

# --- golden reports of the organisation, every format -------------------------
# Names from the snapshot (log-archive, over the manifest's) and from the
# manifest (workloads); failed, skipped and missing accounts in every report;
# exit 4: accounts of the organisation were not collected.
for fmt in text json markdown sarif; do
    expect "org $fmt: exit 4, the accounts not judged on stderr" 4 "$STDERR_ORG" -- \
        "$T" scan "${ONLY[@]}" --fail-on never --include-passes --format "$fmt" $ORG
    cp "$W/out" "$W/org.$fmt"
    [ "${2:-}" = "--update" ] && cp "$W/org.$fmt" "$GOLDEN/org.$fmt"
    if cmp -s "$W/org.$fmt" "$GOLDEN/org.$fmt"; then ok "golden org.$fmt"
    else bad "golden org.$fmt"; diff "$GOLDEN/org.$fmt" "$W/org.$fmt" | head -10; fi
    # Naming the manifest scans the snapshots it lists: the same report.
    "$T" scan "${ONLY[@]}" --fail-on never --include-passes --format "$fmt" \
        $ORG/organization.json >"$W/named.$fmt" 2>/dev/null
    same "$GOLDEN/org.$fmt" "$W/named.$fmt" && ok "scan DIR/organization.json = scan DIR ($fmt)" \
        || bad "scan DIR/organization.json = scan DIR ($fmt)"
done
"$T" scan "${ONLY[@]}" --fail-on never --include-passes --format sarif --jobs 2 $ORG \
    >"$W/jobs2.sarif" 2>/dev/null
same "$W/org.sarif" "$W/jobs2.sarif" && ok "same bytes with --jobs 2" || bad "same bytes with --jobs 2"
if [ -f "$SCHEMA" ]; then
    python3 tests/reports/check_sarif.py schema "$SCHEMA" "$W/org.sarif" \
        && ok "org SARIF valid under the official schema" || bad "org SARIF schema"
fi
python3 - "$W/org.sarif" "$W/org.json" <<'PY' && ok "SARIF and JSON: names, notifications, incomplete" || bad "SARIF and JSON: names, notifications, incomplete"
import json, sys
s = json.load(open(sys.argv[1]))["runs"][0]
inv = s["invocations"][0]
assert inv["executionSuccessful"] is False
notes = [(n["level"], n["properties"]["account"], n["properties"]["state"])
         for n in inv["toolExecutionNotifications"] if "properties" in n]
assert notes == [("error", "444455556666", "failed"), ("note", "555566667777", "skipped"),
                 ("error", "666677778888", "missing")], notes
names = {r["properties"]["account"]: r["properties"]["accountName"] for r in s["results"]}
assert names == {"111122223333": "log-archive", "222233334444": "workloads"}, names
j = json.load(open(sys.argv[2]))
assert j["summary"]["complete"] is False and j["summary"]["accounts_not_judged"] == 3
assert [a["name"] for a in j["accounts"]] == ["log-archive", "workloads"]
assert [(a["account"], a["state"], a["gap"]) for a in j["accounts_not_judged"]] == [
    ("444455556666", "failed", True), ("555566667777", "skipped", False),
    ("666677778888", "missing", True)]
assert j["exit_code"] == 4
PY

# --- the organisation in Japanese -------------------------------------------------
# The manifest's reasons in Japanese in every report people read (AWS's
# error code and message and the skip's state stay as written); stderr
# stays English; the same verdicts and fingerprints as in English.
for fmt in text json markdown sarif html; do
    expect "org ja $fmt: exit 4, stderr in English" 4 "$STDERR_ORG" -- \
        "$T" scan "${ONLY[@]}" --lang ja --fail-on never --include-passes --format "$fmt" $ORG
    cp "$W/out" "$W/org-ja.$fmt"
    [ "$fmt" = html ] && continue
    [ "${2:-}" = "--update" ] && cp "$W/org-ja.$fmt" "$GOLDEN/org-ja.$fmt"
    if cmp -s "$W/org-ja.$fmt" "$GOLDEN/org-ja.$fmt"; then ok "golden org-ja.$fmt"
    else bad "golden org-ja.$fmt"; diff "$GOLDEN/org-ja.$fmt" "$W/org-ja.$fmt" | head -10; fi
done
AWS_DENIED="AccessDenied: User: arn:aws:sts::999988887777:assumed-role/trailscan/x is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444455556666:role/TrailscanAudit"
grep -qF "判定されなかったアカウント 444455556666 (sandbox): 収集に失敗しました: $AWS_DENIED ($ORG/organization.json:21:5)" "$W/org-ja.text" \
    && grep -qF "スキップしたアカウント 555566667777 (closed): 収集していません: SUSPENDED ($ORG/organization.json:30:5)" "$W/org-ja.text" \
    && grep -qF "判定されなかったアカウント 666677778888: 収集済みですが、スナップショット $ORG/666677778888.json がありません ($ORG/organization.json:36:5)" "$W/org-ja.text" \
    && grep -qF -- "- スキップ: 555566667777 (closed): 収集していません: SUSPENDED" "$W/org-ja.markdown" \
    && grep -qF "<td>収集に失敗しました: $AWS_DENIED</td>" "$W/org-ja.html" \
    && grep -qF "<td>444455556666 (sandbox)</td><td>収集失敗</td>" "$W/org-ja.html" \
    && grep -qF "<td>666677778888</td><td>スナップショットなし</td>" "$W/org-ja.html" \
    && ! grep -q "<td>不合格</td>" "$W/org-ja.html" \
    && ! grep -Eq "collection failed|not collected|collected, but|was not judged|Missing data" \
        "$W/org-ja.text" "$W/org-ja.markdown" "$W/org-ja.html" "$W/org-ja.json" "$W/org-ja.sarif" \
    && ok "org ja: the manifest's reasons in Japanese" || bad "org ja: the manifest's reasons in Japanese"
python3 - "$W/org-ja.sarif" "$W/org.sarif" "$W/org-ja.json" <<'PY' && ok "org ja: SARIF notifications and JSON reasons in Japanese, same fingerprints" || bad "org ja: SARIF notifications and JSON reasons in Japanese"
import json, sys
ja, en = (json.load(open(p))["runs"][0] for p in sys.argv[1:3])
notes = {n["properties"]["account"]: (n["level"], n["message"]["text"])
         for n in ja["invocations"][0]["toolExecutionNotifications"] if "properties" in n}
denied = ("AccessDenied: User: arn:aws:sts::999988887777:assumed-role/trailscan/x is not authorized"
          " to perform: sts:AssumeRole on resource: arn:aws:iam::444455556666:role/TrailscanAudit")
assert notes == {
    "444455556666": ("error", "アカウント 444455556666 (sandbox) は判定されていません: 収集に失敗しました: "
                     + denied + "。その結果がないため、このレポートは不完全です。"),
    "555566667777": ("note", "アカウント 555566667777 (closed) は判定されていません: 収集していません: SUSPENDED。"),
    "666677778888": ("error", "アカウント 666677778888 は判定されていません: 収集済みですが、スナップショット"
                     " tests/data/org/666677778888.json がありません。その結果がないため、このレポートは不完全です。")}, notes
missing = [n["message"]["text"] for n in ja["invocations"][0]["toolExecutionNotifications"] if "properties" not in n]
assert len(missing) == 2 and all("のデータが欠けています: 収集時に読み取れませんでした: us-east-1 cloudtrail GetEventSelectors" in t
                                 for t in missing), missing
fp = lambda run: [(r["ruleId"], r["kind"], r["partialFingerprints"]["trailscanResource/v1"]) for r in run["results"]]
assert fp(ja) == fp(en)
j = json.load(open(sys.argv[3]))
assert [(a["state"], a["reason"]) for a in j["accounts_not_judged"]] == [
    ("failed", "収集に失敗しました: " + denied), ("skipped", "収集していません: SUSPENDED"),
    ("missing", "収集済みですが、スナップショット tests/data/org/666677778888.json がありません")], j["accounts_not_judged"]
PY
if [ -f "$SCHEMA" ]; then
    python3 tests/reports/check_sarif.py schema "$SCHEMA" "$W/org-ja.sarif" \
        && ok "org ja SARIF valid under the official schema" || bad "org ja SARIF schema"
fi

# --- exit statuses: a skip changes nothing, findings still count ---------------
mkdir -p "$W/skips"
cp $ORG/111122223333.json "$W/skips/"
cat >"$W/skips/organization.json" <<'JSON'
{"format": "trailscan-organization/1",
 "organization": {"id": "o-a1b2c3d4e5", "management_account_id": "999988887777"},
 "collected_at": "2026-12-06T10:00:00Z",
 "accounts": [
  {"id": "111122223333", "status": "collected", "file": "111122223333.json"},
  {"id": "555566667777", "name": "closed", "status": "skipped", "reason": "SUSPENDED"}]}
JSON
expect "only skipped accounts: exit as without them (0)" 0 \
    "trailscan: note: $W/skips/organization.json:6:3: account 555566667777 (closed) not judged: not collected: SUSPENDED" -- \
    "$T" scan "${ONLY[@]}" --fail-on never "$W/skips"
grep -q '^ACCOUNT SKIPPED 555566667777 (closed): not collected: SUSPENDED' "$W/out" \
    && ! grep -q INCOMPLETE "$W/out" && ok "a skipped account is listed, the report complete" \
    || bad "a skipped account is listed, the report complete"
expect "only skipped accounts, findings: exit 1" 1 \
    "trailscan: note: $W/skips/organization.json:6:3: account 555566667777 (closed) not judged: not collected: SUSPENDED" -- \
    "$T" scan "${ONLY[@]}" --fail-on warning "$W/skips"

# Shards (collect --shard K/N into two folders): an account one manifest
# skips and the other collected was judged, so it is not listed.
mkdir -p "$W/shard1" "$W/shard2"
cp $ORG/111122223333.json "$W/shard1/"
cp $ORG/222233334444.json "$W/shard2/"
for k in 1 2; do
    mine=$([ $k = 1 ] && echo 111122223333 || echo 222233334444)
    other=$([ $k = 1 ] && echo 222233334444 || echo 111122223333)
    printf '{"format": "trailscan-organization/1",\n "organization": {"id": "o-a1b2c3d4e5", "management_account_id": "999988887777"},\n "collected_at": "2026-12-06T10:00:00Z",\n "accounts": [\n  {"id": "%s", "name": "shard-%s", "status": "collected", "file": "%s.json"},\n  {"id": "%s", "status": "skipped", "reason": "in another shard"},\n  {"id": "555566667777", "status": "skipped", "reason": "SUSPENDED"}]}\n' \
        "$mine" $k "$mine" "$other" >"$W/shard$k/organization.json"
done
expect "two shards: an account judged in the other is not listed" 0 \
    "trailscan: note: $W/shard1/organization.json:7:3: account 555566667777 not judged: not collected: SUSPENDED
trailscan: note: $W/shard2/organization.json:7:3: account 555566667777 not judged: not collected: SUSPENDED" -- \
    "$T" scan "${ONLY[@]}" --fail-on never "$W/shard1" "$W/shard2"
grep -q '^Account 111122223333 (log-archive)  (' "$W/out" \
    && grep -q '^Account 222233334444 (shard-2)  (' "$W/out" && ! grep -q 'another shard' "$W/out" \
    && ok "two shards: both accounts judged, names from each manifest" \
    || bad "two shards: both accounts judged, names from each manifest"

# Shares of collect --shard K/N (the manifest's "shard"): one left out of
# the scan is a gap, named at the "shard" of a manifest of the others.
share() { # K ACCOUNT: folder W/share/K with ACCOUNT's snapshot, share K of 3
    mkdir -p "$W/share/$1"
    [ -f "$W/share/$1/$2.json" ] || cp "$ORG/$2.json" "$W/share/$1/"
    printf '{"format": "trailscan-organization/1",\n "organization": {"id": "o-a1b2c3d4e5", "management_account_id": "999988887777"},\n "collected_at": "2026-12-06T10:00:00Z",\n "shard": {"index": %s, "count": 3},\n "accounts": [\n  {"id": "%s", "status": "collected", "file": "%s.json"}]}\n' \
        "$1" "$2" "$2" >"$W/share/$1/organization.json"
}
share 1 111122223333
share 2 222233334444
mkdir -p "$W/share/3"
sed 's/"111122223333"/"333344445555"/' $ORG/111122223333.json >"$W/share/3/333344445555.json"
share 3 333344445555
NO_SHARE2="trailscan: $W/share/1/organization.json:4:2: share 2/3 of organisation o-a1b2c3d4e5 not judged: not in this scan, so its accounts are not judged (scan the folders of all 3 shares together)"
expect "shares 1 and 3 of 3: share 2 missing, exit 4" 4 "$NO_SHARE2" -- \
    "$T" scan "${ONLY[@]}" --fail-on never "$W/share/1" "$W/share/3"
grep -q '^ACCOUNT NOT JUDGED share 2/3 of organisation o-a1b2c3d4e5: not in this scan' "$W/out" \
    && grep -q 'INCOMPLETE' "$W/out" && ok "a missing share in the text report, incomplete" \
    || bad "a missing share in the text report, incomplete"
"$T" scan "${ONLY[@]}" --fail-on never --format json "$W/share/3" "$W/share/1" >"$W/out" 2>/dev/null
python3 - "$W/out" <<'PY' && ok "a missing share in JSON: state share-missing, a gap" || bad "a missing share in JSON"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["summary"]["complete"] is False
assert [(a["account"], a["name"], a["state"], a["gap"]) for a in j["accounts_not_judged"]] == [
    (None, "share 2/3 of organisation o-a1b2c3d4e5", "share-missing", True)], j["accounts_not_judged"]
PY
"$T" scan "${ONLY[@]}" --fail-on never --format sarif "$W/share/1" "$W/share/3" >"$W/out" 2>/dev/null
python3 - "$W/out" <<'PY' && ok "a missing share in SARIF: an error notification" || bad "a missing share in SARIF"
import json, sys
inv = json.load(open(sys.argv[1]))["runs"][0]["invocations"][0]
assert inv["executionSuccessful"] is False
n = [n for n in inv["toolExecutionNotifications"] if n.get("properties", {}).get("state") == "share-missing"]
assert len(n) == 1 and n[0]["level"] == "error", n
assert n[0]["message"]["text"].startswith("share 2/3 of organisation o-a1b2c3d4e5 was not judged"), n
PY
expect "all 3 shares: complete, exit 0" 0 "" -- \
    "$T" scan "${ONLY[@]}" --fail-on never "$W/share/1" "$W/share/2" "$W/share/3"
expect "one share of 3 alone: shares 2 and 3 missing" 4 "$NO_SHARE2
trailscan: $W/share/1/organization.json:4:2: share 3/3 of organisation o-a1b2c3d4e5 not judged: not in this scan, so its accounts are not judged (scan the folders of all 3 shares together)" -- \
    "$T" scan "${ONLY[@]}" --fail-on never "$W/share/1"
"$T" scan "${ONLY[@]}" --fail-on never --format markdown "$W/share/1" "$W/share/3" >"$W/out" 2>/dev/null
grep -q '^- not judged: share 2/3 of organisation o-a1b2c3d4e5: not in this scan' "$W/out" \
    && ok "a missing share in markdown" || bad "a missing share in markdown"
"$T" scan "${ONLY[@]}" --lang ja --fail-on never "$W/share/1" "$W/share/3" >"$W/out" 2>/dev/null
grep -qF "判定されなかったアカウント 組織 o-a1b2c3d4e5 のシャード 2/3: このスキャンに含まれていないため、そのアカウントは判定されていません (全 3 シャードのフォルダーをまとめてスキャンしてください) ($W/share/1/organization.json:4:2)" "$W/out" \
    && ok "a missing share in Japanese" || bad "a missing share in Japanese"

sed -i 's/"index": 3, "count": 3/"index": 4, "count": 3/' "$W/share/3/organization.json"
expect "a manifest's shard 4/3: exit 2" 2 \
    "trailscan: $W/share/3/organization.json:4:2: shard: expected {\"index\": K, \"count\": N}, whole numbers with 1 <= K <= N (collect --shard K/N)" -- \
    "$T" validate "$W/share/3/organization.json"

# A folder of an organisation's snapshots without its manifest (collect
# --org interrupted before writing it, or the manifest deleted): the list
# of accounts is unknown, so the run is incomplete.  A snapshot named by
# itself is one account, judged as asked.
mkdir -p "$W/nomanifest"
cp $ORG/111122223333.json $ORG/222233334444.json "$W/nomanifest/"
expect "an organisation's folder without organization.json: exit 4" 4 \
    "trailscan: $W/nomanifest/111122223333.json:1:1: organisation o-a1b2c3d4e5 in $W/nomanifest/ not judged: $W/nomanifest/organization.json is missing, so the organisation's list of accounts is unknown and accounts it failed to collect cannot be named (an interrupted collect --org? run it again with --skip-existing)" -- \
    "$T" scan "${ONLY[@]}" --fail-on never "$W/nomanifest"
grep -q "^ACCOUNT NOT JUDGED organisation o-a1b2c3d4e5 in $W/nomanifest/: $W/nomanifest/organization.json is missing" "$W/out" \
    && grep -q '^Account 222233334444  (' "$W/out" \
    && ok "no manifest: said in the report, the snapshots still judged" \
    || bad "no manifest: said in the report, the snapshots still judged"
"$T" scan "${ONLY[@]}" --lang ja --fail-on never "$W/nomanifest" >"$W/out" 2>/dev/null
grep -qF "判定されなかったアカウント $W/nomanifest/ にある組織 o-a1b2c3d4e5: $W/nomanifest/organization.json がないため、組織のアカウント一覧がわからず、収集に失敗したアカウントを特定できません (collect --org が中断されたのかもしれません: --skip-existing を付けて再実行してください)" "$W/out" \
    && ok "no manifest: said in Japanese" || bad "no manifest: said in Japanese"
expect "an organisation's snapshot named by itself: judged, exit 0" 0 "" -- \
    "$T" scan "${ONLY[@]}" --fail-on never "$W/nomanifest/111122223333.json"

# --- validate --------------------------------------------------------------------
expect "validate DIR: manifest and snapshots" 0 "" -- "$T" validate $ORG
printf '%s\n' "$ORG/organization.json: OK (organization o-a1b2c3d4e5, 5 accounts: 3 collected, 1 failed, 1 skipped)" \
    "$ORG/111122223333.json: OK (account 111122223333 (log-archive), aws)" \
    "$ORG/222233334444.json: OK (account 222233334444 (workloads), aws)" >"$W/want"
cmp -s "$W/want" "$W/out" && ok "validate DIR says OK per file, with names" \
    || { bad "validate DIR says OK per file, with names"; diff "$W/want" "$W/out"; }
expect "validate DIR/organization.json" 0 "" -- "$T" validate $ORG/organization.json

# --- bad manifests: exit 2, file:line:col, no report ------------------------------
# manifest NAME STATUS-LINE-OF-ACCOUNTS...: a folder with one snapshot and
# a manifest whose accounts array holds the given entries.
manifest() {
    local dir=$W/$1
    shift
    mkdir -p "$dir"
    cp $ORG/111122223333.json "$dir/"
    {
        printf '{"format": "trailscan-organization/1",\n'
        printf ' "organization": {"id": "o-a1b2c3d4e5", "management_account_id": "999988887777"},\n'
        printf ' "collected_at": "2026-12-06T10:00:00Z",\n'
        printf ' "accounts": [\n'
        printf '  {"id": "111122223333", "status": "collected", "file": "111122223333.json"}'
        for e in "$@"; do printf ',\n  %s' "$e"; done
        printf ']}\n'
    } >"$dir/organization.json"
}
NO_REPORT="trailscan: no report written: an input is bad (--keep-going reports on the others, marked incomplete)"
bad_manifest() { # NAME PROBLEM ENTRY...
    local name=$1 problem=$2
    shift 2
    manifest "$name" "$@"
    expect "bad manifest: $name (scan)" 2 "trailscan: $W/$name/organization.json:$problem
$NO_REPORT" -- "$T" scan "$W/$name"
    expect "bad manifest: $name (validate)" 2 "trailscan: $W/$name/organization.json:$problem" -- \
        "$T" validate "$W/$name/organization.json"
}
bad_manifest duplicate "6:4: accounts[1].id: account 111122223333 is listed twice (first at line 5, column 3)" \
    '{"id": "111122223333", "status": "skipped", "reason": "SUSPENDED"}'
bad_manifest outside "6:49: accounts[1].file: '../444455556666.json' is outside the manifest's folder (a file name in it, like 444455556666.json)" \
    '{"id": "444455556666", "status": "collected", "file": "../444455556666.json"}'
bad_manifest absolute "6:49: accounts[1].file: '/etc/passwd.json' is outside the manifest's folder (a file name in it, like 444455556666.json)" \
    '{"id": "444455556666", "status": "collected", "file": "/etc/passwd.json"}'
bad_manifest not_json "6:49: accounts[1].file: 'notes.txt' is not a snapshot's name (*.json, not organization.json)" \
    '{"id": "444455556666", "status": "collected", "file": "notes.txt"}'
bad_manifest same_file "6:49: accounts[1].file: '111122223333.json' is listed for account 111122223333 too (line 5, column 3)" \
    '{"id": "444455556666", "status": "collected", "file": "111122223333.json"}'
bad_manifest id_number "6:4: accounts[1].id: expected a string, found a number" \
    '{"id": 444455556666, "status": "skipped", "reason": "x"}'
bad_manifest status "6:26: accounts[1].status: 'gone' is not collected, failed or skipped" \
    '{"id": "444455556666", "status": "gone"}'
bad_manifest no_error "6:3: accounts[1].error: missing (a failed account's AWS error: code, message)" \
    '{"id": "444455556666", "status": "failed"}'
bad_manifest error_code "6:56: accounts[1].error.code: expected a string, found a number" \
    '{"id": "444455556666", "status": "failed", "error": {"code": 403}}'
bad_manifest no_reason "6:3: accounts[1].reason: missing" \
    '{"id": "444455556666", "status": "skipped"}'
bad_manifest name_control "6:26: accounts[1].name: contains a control character (\\x1b) at byte 4" \
    '{"id": "444455556666", "name": "bad\u001b[31m", "status": "skipped", "reason": "x"}'
bad_manifest entry_type "4:14: accounts[1]: expected an object, found a string" '"444455556666"'
bad_manifest twice "6:3: member 'status' appears more than once" \
    '{"id": "444455556666", "status": "skipped", "status": "failed", "reason": "x"}'

mkdir -p "$W/format"
printf '{"format": "trailscan-organization/2", "accounts": []}\n' >"$W/format/organization.json"
expect "bad manifest: unknown format version" 2 \
    "trailscan: $W/format/organization.json:1:2: format: unsupported format 'trailscan-organization/2' (this trailscan reads trailscan-organization/1)
$NO_REPORT" -- "$T" scan "$W/format"
printf '{"format": "trailscan-organization/1", "organization": {"id": "o-abc123", "management_account_id": 999988887777},\n "collected_at": "yesterday", "accounts": {}}\n' \
    >"$W/format/organization.json"
expect "bad manifest: wrong types, every problem" 2 \
    "trailscan: $W/format/organization.json:1:57: organization.id: 'o-abc123' is not an organization id (o- and 10 to 32 lowercase letters or digits)
trailscan: $W/format/organization.json:1:75: organization.management_account_id: expected a string, found a number
trailscan: $W/format/organization.json:2:2: collected_at: 'yesterday' is not an RFC 3339 timestamp (like 2026-11-25T12:00:00Z)
trailscan: $W/format/organization.json:2:31: accounts: expected an array, found an object" -- \
    "$T" validate "$W/format/organization.json"

printf '{"format": "trailscan-organization/1", "accounts": 3}\n' >"$W/format/organization.json"
cp $ORG/111122223333.json "$W/format/"
"$T" scan --keep-going "${ONLY[@]}" "$W/format" >"$W/out" 2>/dev/null
status=$?
[ $status = 2 ] && [ "$(head -1 "$W/out")" = "INPUT SKIPPED $W/format/organization.json:1:1: organization: missing (an object with id and management_account_id) (and 2 more problems)" ] \
    && grep -q '^Account 111122223333 (log-archive)  (' "$W/out" \
    && ok "--keep-going: a bad manifest is an input left out, its folder's snapshots scanned" \
    || bad "--keep-going: a bad manifest is an input left out, its folder's snapshots scanned (exit $status)"

# --- snapshots that disagree with the manifest: both files named -----------------
manifest unlisted
sed 's/"111122223333"/"222233334444"/' $ORG/111122223333.json >"$W/unlisted/extra.json"
expect "a snapshot whose account the manifest does not list" 2 \
    "trailscan: $W/unlisted/extra.json:3:3: account 222233334444 is not in $W/unlisted/organization.json, the manifest of its folder (a snapshot from another collection?)
$NO_REPORT" -- "$T" scan "$W/unlisted"
manifest other '{"id": "444455556666", "status": "collected", "file": "444455556666.json"}'
cp $ORG/111122223333.json "$W/other/444455556666.json"
expect "a snapshot whose file the manifest lists for another account" 2 \
    "trailscan: $W/other/444455556666.json:3:3: account 111122223333 disagrees with $W/other/organization.json:6:3, which lists this file for account 444455556666
$NO_REPORT" -- "$T" scan "$W/other"
mv "$W/other/111122223333.json" "$W/other/extra.json"
expect "a snapshot in another account's file, its own missing: exit 4 (the highest)" 4 \
    "trailscan: $W/other/444455556666.json:3:3: account 111122223333 disagrees with $W/other/organization.json:6:3, which lists this file for account 444455556666
trailscan: $W/other/extra.json:3:3: account 111122223333 disagrees with $W/other/organization.json:5:3, which lists it as collected into 111122223333.json
trailscan: $W/other/organization.json:5:3: account 111122223333 not judged: collected, but its snapshot $W/other/111122223333.json is missing
$NO_REPORT" -- "$T" scan "$W/other"
manifest org_differs
sed -i 's/"id": "o-a1b2c3d4e5"/"id": "o-zzzzzzzzzz"/' "$W/org_differs/111122223333.json"
expect "a snapshot of another organisation" 2 \
    "trailscan: $W/org_differs/111122223333.json:11:3: organization o-zzzzzzzzzz (management account 999988887777) disagrees with $W/org_differs/organization.json:2:18: organization o-a1b2c3d4e5 (management account 999988887777)
$NO_REPORT" -- "$T" scan "$W/org_differs"
manifest failed_but_there '{"id": "444455556666", "status": "failed", "error": {"code": "AccessDenied"}}'
sed 's/"111122223333"/"444455556666"/' $ORG/111122223333.json >"$W/failed_but_there/444455556666.json"
expect "a snapshot of an account the manifest says failed: exit 4 (the highest)" 4 \
    "trailscan: $W/failed_but_there/444455556666.json:3:3: account 444455556666 disagrees with $W/failed_but_there/organization.json:6:3, which lists it as failed
trailscan: $W/failed_but_there/organization.json:6:3: account 444455556666 not judged: collection failed: AccessDenied
trailscan: no report written: an input is bad (--keep-going reports on the others, marked incomplete)" -- \
    "$T" scan "$W/failed_but_there"

# --- a snapshot's account_name and organization -----------------------------------
snap() { # DIR-NAME MEMBERS: a snapshot with these extra members
    mkdir -p "$W/snap"
    printf '{"format": "trailscan-snapshot/1", "account_id": "123456789012", "partition": "aws",\n "collected_at": "2026-11-25T12:00:00Z", "regions": {},\n %s}\n' "$2" \
        >"$W/snap/$1.json"
}
bad_snapshot() { # NAME MEMBERS PROBLEM
    snap "$1" "$2"
    expect "bad snapshot: $1" 2 "trailscan: $W/snap/$1.json:$3" -- "$T" validate "$W/snap/$1.json"
}
bad_snapshot name_number '"account_name": 42' "3:2: account_name: expected a string, found a number"
bad_snapshot name_empty '"account_name": ""' "3:2: account_name: must not be empty"
bad_snapshot name_newline '"account_name": "prod\nFAIL"' "3:2: account_name: contains a control character (\\n) at byte 5"
bad_snapshot name_bidi '"account_name": "prod\u202e"' "3:2: account_name: contains a control character (\\u202e) at byte 5"
long=$(printf 'x%.0s' $(seq 257))
bad_snapshot name_long "\"account_name\": \"$long\"" "3:2: account_name: 257 bytes long (at most 256)"
bad_snapshot org_type '"organization": "o-a1b2c3d4e5"' "3:2: organization: expected an object, found a string"
bad_snapshot org_id '"organization": {"id": "O-A1B2C3D4E5", "management_account_id": "999988887777"}' \
    "3:19: organization.id: 'O-A1B2C3D4E5' is not an organization id (o- and 10 to 32 lowercase letters or digits)"
bad_snapshot org_mgmt '"organization": {"id": "o-a1b2c3d4e5"}' \
    "3:18: organization.management_account_id: missing (an account id of 12 digits)"
bad_snapshot org_id_short '"organization": {"id": "o-abcdefghi", "management_account_id": "999988887777"}' \
    "3:19: organization.id: 'o-abcdefghi' is not an organization id (o- and 10 to 32 lowercase letters or digits)"
bad_snapshot org_id_long "\"organization\": {\"id\": \"o-$(printf 'a%.0s' $(seq 33))\", \"management_account_id\": \"999988887777\"}" \
    "3:19: organization.id: 'o-$(printf 'a%.0s' $(seq 33))' is not an organization id (o- and 10 to 32 lowercase letters or digits)"
snap edges "\"account_name\": \"$(printf 'y%.0s' $(seq 256))\", \"organization\": {\"id\": \"o-$(printf 'b%.0s' $(seq 32))\", \"management_account_id\": \"999988887777\"}"
snap edges10 '"account_name": "n\u00e9e", "organization": {"id": "o-0123456789", "management_account_id": "999988887777"}'
{ "$T" validate "$W/snap/edges.json" && "$T" validate "$W/snap/edges10.json"; } >"$W/out" 2>&1 \
    && grep -q "edges10.json: OK (account 123456789012 (n.*e), aws)" "$W/out" \
    && grep -q "edges.json: OK (account 123456789012 (yyy" "$W/out" \
    && ok "a name of 256 bytes, organisation ids of 10 and 32 characters accepted" \
    || { bad "a name of 256 bytes, organisation ids of 10 and 32 characters accepted"; cat "$W/out"; }
snap good '"account_name": "prod payments (EU)", "organization": {"id": "o-a1b2c3d4e5", "management_account_id": "999988887777"}'
[ "$("$T" validate "$W/snap/good.json" 2>&1)" = "$W/snap/good.json: OK (account 123456789012 (prod payments (EU)), aws)" ] \
    && ok "a snapshot's name and organization accepted; validate says the name" \
    || bad "a snapshot's name and organization accepted; validate says the name"
"$T" scan --no-builtin --rules tests/cli/org-rules --include-passes "$W/snap/good.json" >"$W/out" 2>&1
grep -q '^Account 123456789012 (prod payments (EU))  (' "$W/out" \
    && grep -q 'named prod payments (EU) in o-a1b2c3d4e5' "$W/out" \
    && ok "the text report names the account; rules read account_name and organization.id" \
    || bad "the text report names the account; rules read account_name and organization.id"

"$T" scan --no-builtin --rules tests/cli/org-rules-fail --format json -o "$W/fail.json" \
    --format sarif -o "$W/fail.sarif" "$W/snap/good.json" 2>"$W/err"
status=$?
[ $status = 3 ] && grep -q "^trailscan: rule 'test-fails' failed on account 123456789012 (prod payments (EU)) ($W/snap/good.json): " "$W/err" \
    && python3 - "$W/fail.json" "$W/fail.sarif" <<'PY' \
    && ok "a rule failure names the account (stderr, JSON, SARIF)" || bad "a rule failure names the account (exit $status)"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["rule_failures"][0]["account_name"] == "prod payments (EU)"
notes = json.load(open(sys.argv[2]))["runs"][0]["invocations"][0]["toolExecutionNotifications"]
assert notes[0]["message"]["text"].startswith("Rule test-fails failed on account 123456789012 (prod payments (EU)) (")
PY

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

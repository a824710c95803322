#!/usr/bin/env bash
# --config (rule parameters, waivers) and --baseline as a user meets them:
# exit statuses, report lines, SARIF suppressions and baselineState, and
# every config error with file:line:column.
# usage: run.sh path/to/trailscan
. "$(dirname "$0")/../cli/lib.sh" "$1"
unset TRAILSCAN_TODAY
DATA=$ROOT/tests/config/data
SCHEMA=$ROOT/tests/data/sarif/sarif-schema-2.1.0.json

# pycheck NAME SCRIPT FILE...: a python assertion over JSON files.
pycheck() {
    local name=$1 script=$2
    shift 2
    if python3 -c "$script" "$@" 2>py.err; then ok "$name"
    else bad "$name"; sed 's/^/     /' py.err | tail -3; fi
}

schema() {
    if python3 "$ROOT/tests/reports/check_sarif.py" schema "$SCHEMA" "$@" >schema.out 2>&1
    then ok "SARIF valid: $*"; else bad "SARIF valid: $*"; head -5 schema.out; fi
}

KMS=(--only cloudtrail-kms-encryption,cloudtrail-log-file-validation --fail-on warning)

# --- waivers ---------------------------------------------------------------
check "without waivers the KMS findings fail" 1 "FAIL +ap-southeast-2 +arn:aws:cloudtrail:ap-southeast-2:123456789012:trail/legacy-trail" -- \
    "$T" scan --only cloudtrail-kms-encryption --fail-on warning "$DEMO"
check "a waiver covers its resource only" 1 "WAIVED ap-southeast-2 +arn:aws:cloudtrail:ap-southeast-2:123456789012:trail/legacy-trail" -- \
    "$T" scan "${KMS[@]}" --config "$DATA/waivers.json" --today 2026-11-25 "$DEMO"
grep -q "waived (fail): Legacy trail, replaced in Q1 (owner secops@example.com, ticket SEC-1234, expires 2027-03-31; .*waivers.json:4:5)" out.txt \
    && ok "the text report says why, who and until when" || bad "waived line in the text report"
grep -Eq "FAIL +eu-west-1 +arn:aws:cloudtrail:eu-west-1:123456789012:trail/data-events-trail" out.txt \
    && ok "the other trail still fails" || bad "the other trail still fails"

# The one finding left is low (note): with the waiver, --fail-on warning passes.
cat >only_legacy.json <<'JSON'
{"format": "trailscan-config/1",
 "waivers": [{"rule": "cloudtrail-kms-encryption", "resource": "*", "reason": "accepted",
              "ticket": "SEC-1", "expires": "2027-01-01"}]}
JSON
check "waived results do not count for --fail-on" 0 "2 waived" -- \
    "$T" scan --only cloudtrail-kms-encryption --fail-on warning --config only_legacy.json --today 2026-11-25 "$DEMO"

# Expired: the day after `expires` it no longer applies.
check "expired waiver: the finding counts again" 1 "EXPIRED .*waivers.json:14:5 cloudtrail-log-file-validation .*: expired on 2026-11-24 \(ticket SEC-1000\); 1 result no longer waived" -- \
    "$T" scan "${KMS[@]}" --fail-on note --config "$DATA/waivers.json" --today 2026-11-25 "$DEMO"
grep -Eq "FAIL +eu-west-1 +arn:aws:cloudtrail:eu-west-1:123456789012:trail/data-events-trail" out.txt \
    && grep -q "Trail 'data-events-trail' does not validate" out.txt \
    && ok "expired waiver: the result is reported as a failure" || bad "expired waiver: reported as failure"
grep -Eq "^ +waiver expired on 2026-11-24 \(.*waivers.json:14:5\): Digest validation runs in the SIEM instead" out.txt \
    && ok "expired waiver: named under its result" || bad "expired waiver: named under its result"
check "expiry day itself still waived" 1 "WAIVED eu-west-1 +arn:aws:cloudtrail:eu-west-1:123456789012:trail/data-events-trail" -- \
    "$T" scan "${KMS[@]}" --config "$DATA/waivers.json" --today 2026-11-24 "$DEMO"
TRAILSCAN_TODAY=2026-11-24 check "TRAILSCAN_TODAY sets the day" 1 "judged on|WAIVED eu-west-1" -- \
    "$T" scan "${KMS[@]}" --config "$DATA/waivers.json" "$DEMO"
grep -q "EXPIRED" out.txt && bad "TRAILSCAN_TODAY: nothing expired on 2026-11-24" || ok "TRAILSCAN_TODAY: nothing expired"

# Stale: matched nothing although its rule ran on its account.
check "stale waiver listed" 1 "STALE +.*waivers.json:21:5 cloudtrail-kms-encryption arn:aws:cloudtrail:us-east-1:123456789012:trail/decommissioned: matched nothing" -- \
    "$T" scan "${KMS[@]}" --config "$DATA/waivers.json" --today 2026-11-25 "$DEMO"
grep -q "2 waived\|1 waived (1 waiver expired, 1 stale)" out.txt && ok "summary counts waivers" || bad "summary counts waivers"
check "not stale when its rule did not run" 0 "" -- \
    "$T" scan --only cloudtrail-log-file-validation --fail-on never --config "$DATA/waivers.json" --today 2026-11-24 "$DEMO"
grep -q STALE out.txt && bad "a waiver of a rule that did not run is not stale" || ok "a waiver of a rule that did not run is not stale"
check "stale and expired on stderr when no text report" 1 "warning: .*waivers.json:21:5: stale waiver" -- \
    "$T" scan "${KMS[@]}" --config "$DATA/waivers.json" --today 2026-11-25 --format sarif -o w.sarif "$DEMO"

# SARIF: waived results left out by default (GitHub would show them as open).
"$T" scan "${KMS[@]}" --config "$DATA/waivers.json" --today 2026-11-25 --format sarif "$DEMO" >default.sarif 2>/dev/null
"$T" scan "${KMS[@]}" --config "$DATA/waivers.json" --today 2026-11-25 --format sarif --include-waived "$DEMO" >incl.sarif 2>/dev/null
pycheck "SARIF leaves waived results out, and says so" '
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
res = [r["properties"]["resource"] for r in run["results"]]
assert not any("legacy-trail" in r for r in res if "kms" in r), res
assert all("suppressions" not in r for r in run["results"])
notes = [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"]]
assert any("1 waived result was left out" in n for n in notes), notes
assert any("Stale waiver at" in n and "decommissioned" in n for n in notes), notes
assert any("expired on 2026-11-24" in n for n in notes), notes
' default.sarif
pycheck "--include-waived: suppressions external/accepted with the justification" '
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
sup = [r for r in run["results"] if "suppressions" in r]
assert len(sup) == 1, len(sup)
r = sup[0]
assert r["ruleId"] == "cloudtrail-kms-encryption" and "legacy-trail" in r["properties"]["resource"]
s = r["suppressions"][0]
assert s["kind"] == "external" and s["status"] == "accepted", s
assert s["justification"].startswith("Legacy trail, replaced in Q1 (owner secops@example.com, ticket SEC-1234, expires 2027-03-31)"), s
assert s["location"]["physicalLocation"]["region"]["startLine"] == 4
assert s["properties"]["expires"] == "2027-03-31"
assert run["invocations"][0]["properties"]["waiversJudgedOn"] == "2026-11-25"
# the expired waiver does not suppress
assert not any("suppressions" in x for x in run["results"] if x["ruleId"] == "cloudtrail-log-file-validation")
' incl.sarif
schema default.sarif incl.sarif

"$T" scan "${KMS[@]}" --config "$DATA/waivers.json" --today 2026-11-25 --format json "$DEMO" >w.json 2>/dev/null
pycheck "JSON: waiver per result, waivers with their state" '
import json, sys
d = json.load(open(sys.argv[1]))
states = [(w["line"], w["state"], w["results"]) for w in d["waivers"]]
assert states == [(4, "applied", 1), (14, "expired", 1), (21, "stale", 0)], states
waived = [r for r in d["results"] if r["waiver"]]
assert len(waived) == 1 and waived[0]["waiver"]["ticket"] == "SEC-1234", waived
assert d["summary"]["waived"] == 1 and d["summary"]["waivers_stale"] == 1
assert d["waivers_judged_on"] == "2026-11-25"
' w.json
"$T" scan "${KMS[@]}" --config "$DATA/waivers.json" --today 2026-11-25 --format markdown "$DEMO" >w.md 2>/dev/null
grep -q "| fail, waived | 123456789012 | ap-southeast-2 |" w.md && grep -q "\*\*stale\*\*" w.md \
    && ok "markdown marks waived results and stale waivers" || bad "markdown waivers"

# --- parameters ------------------------------------------------------------
RET=(--only logs-log-group-retention --fail-on warning)
check "default retention: 365 days passes" 1 "" -- "$T" scan "${RET[@]}" "$DEMO"
grep -q "flowlogs/acme-eu" out.txt && bad "365 days should pass by default" || ok "365-day group passes by default"
check "min_retention_days 400 fails the 365-day group" 1 "Log group /aws/vpc/flowlogs/acme-eu keeps events for only 365 days, less than 400" -- \
    "$T" scan "${RET[@]}" --config "$DATA/retention.json" "$DEMO"
cat >low.json <<'JSON'
{"format": "trailscan-config/1", "params": {"logs-log-group-retention": {"min_retention_days": 30}}}
JSON
check "min_retention_days 30: the 30-day group now passes" 0 "" -- "$T" scan "${RET[@]}" --config low.json "$DEMO"
grep -q "acme-orders-api" out.txt && bad "30 days should pass at 30" || ok "30-day group passes at 30"
"$T" scan --only logs-log-group-retention --fail-on never --config "$DATA/retention.json" --jobs 1 --format json "$ROOT/snapshots/" >j1.json 2>/dev/null
"$T" scan --only logs-log-group-retention --fail-on never --config "$DATA/retention.json" --jobs 2 --format json "$ROOT/snapshots/" >j2.json 2>/dev/null
cmp -s j1.json j2.json && grep -q "less than 400" j2.json && ok "parameters apply with --jobs 2 too" || bad "parameters with --jobs 2"
cat >typo.json <<'JSON'
{"format": "trailscan-config/1",
 "params": {"logs-log-group-retention": {"min_retention_dayz": 400}}}
JSON
check "param typo caught whatever --only selects" 2 "typo.json:2:42: rule 'logs-log-group-retention' has no parameter 'min_retention_dayz' \(min_retention_days\)" -- \
    "$T" scan --only cloudtrail-kms-encryption --config typo.json "$DEMO"

# --- config errors: exit 2 with file:line:column ----------------------------
# cfgerr NAME PATTERN: bad.json (written just before) gives exit 2 and PATTERN.
cfgerr() { check "config error: $1" 2 "^trailscan: bad.json:$2" -- "$T" scan --config bad.json "$DEMO"; }
W1='"reason": "r", "owner": "o", "expires": "2027-01-01"'

printf '{"format": "trailscan-config/1",\n "params": {"logs-log-group-retention": {"min_retention_days": 400,}}}\n' >bad.json
cfgerr "invalid JSON" "2:[0-9]+: invalid JSON"
printf '{"format": "trailscan-config/1",\n "waivers": [],\n "waiver": []}\n' >bad.json
cfgerr "unknown top-level key" "3:2: unknown key 'waiver' \(known: format, params, waivers\)"
printf '{"format": "trailscan-config/2"}\n' >bad.json
cfgerr "wrong format" "1:2: 'format': expected \"trailscan-config/1\""
printf '{"params": {}}\n' >bad.json
cfgerr "missing format" "1:1: 'format' is required"
printf '{"format": "trailscan-config/1",\n "params": {"cloudtrail-kms": {}}}\n' >bad.json
cfgerr "unknown rule id in params" "2:13: params: unknown rule id 'cloudtrail-kms'"
printf '{"format": "trailscan-config/1",\n "params": {"logs-log-group-retention": {\n   "days": 400}}}\n' >bad.json
cfgerr "unknown parameter" "3:4: rule 'logs-log-group-retention' has no parameter 'days'"
printf '{"format": "trailscan-config/1",\n "params": {"logs-log-group-retention": {\n   "min_retention_days": "400"}}}\n' >bad.json
cfgerr "parameter type (string for number)" "3:4: parameter 'min_retention_days' of rule 'logs-log-group-retention': expected a number \(like its default\), found a string"
printf '{"format": "trailscan-config/1",\n "params": {"logs-log-group-retention": {\n   "min_retention_days": 400.5}}}\n' >bad.json
cfgerr "parameter type (fraction for integer)" "3:4: .*expected a whole number"
printf '{"format": "trailscan-config/1",\n "params": {"s3-read-data-events": {"accept_arn_exclusions": "yes"}}}\n' >bad.json
cfgerr "parameter type (string for boolean)" "2:37: .*expected a boolean"
printf '{"format": "trailscan-config/1",\n "params": {"logs-log-group-retention": [400]}}\n' >bad.json
cfgerr "parameters not an object" "2:13: params 'logs-log-group-retention': expected an object"
printf '{"format": "trailscan-config/1", "waivers": [\n  {"rule": "cloudtrail-kms-encryption", "resource": "*", "owner": "o", "expires": "2027-01-01"}]}\n' >bad.json
cfgerr "waiver without reason" "2:3: waiver: 'reason' is required"
printf '{"format": "trailscan-config/1", "waivers": [\n  {"rule": "cloudtrail-kms-encryption", "resource": "*", "reason": "r", "owner": "o"}]}\n' >bad.json
cfgerr "waiver without expiry" "2:3: waiver: 'expires' is required"
printf '{"format": "trailscan-config/1", "waivers": [\n  {"rule": "cloudtrail-kms-encryption", "resource": "*", "reason": "r", "expires": "2027-01-01"}]}\n' >bad.json
cfgerr "waiver without owner or ticket" "2:3: waiver: an 'owner' or a 'ticket' is required"
printf '{"format": "trailscan-config/1", "waivers": [\n  {"rule": "cloudtrail-kms-encryption", "resource": "*", "reason": "  ", "owner": "o", "expires": "2027-01-01"}]}\n' >bad.json
cfgerr "waiver with an empty reason" "2:58: waiver 'reason': must not be empty"
printf '{"format": "trailscan-config/1", "waivers": [\n  {"rule": "cloudtrail-kms-encryption", "resource": "*", "reason": "r", "owner": "o",\n   "expires": "2027-02-30"}]}\n' >bad.json
cfgerr "bad date (no such day)" "3:4: waiver 'expires': '2027-02-30' is not a date YYYY-MM-DD"
printf '{"format": "trailscan-config/1", "waivers": [\n  {"rule": "cloudtrail-kms-encryption", "resource": "*", "reason": "r", "owner": "o",\n   "expires": "31/03/2027"}]}\n' >bad.json
cfgerr "bad date (format)" "3:4: waiver 'expires': '31/03/2027' is not a date"
printf '{"format": "trailscan-config/1", "waivers": [\n  {"rule": "cloudtrail-kms-encryption", "reason": "r", "owner": "o", "expires": "2027-01-01",\n   "resource": "arn:aws:cloudtrail:[a-z]*"}]}\n' >bad.json
cfgerr "bad glob (character class)" "3:4: waiver 'resource': bad glob 'arn:aws:cloudtrail:\[a-z\]\*': '\[' and '\]' are reserved"
printf '{"format": "trailscan-config/1", "waivers": [\n  {"rule": "cloudtrail-kms-encryption", "reason": "r", "owner": "o", "expires": "2027-01-01",\n   "resource": "*", "region": ""}]}\n' >bad.json
cfgerr "bad glob (empty region)" "3:21: waiver 'region': must not be empty"
printf '{"format": "trailscan-config/1", "waivers": [\n  {"rule": "cloudtrail-kms-encryption", "reason": "r", "owner": "o", "expires": "2027-01-01",\n   "resource": "trail\\\\"}]}\n' >bad.json
cfgerr "bad glob (lone backslash)" "3:4: waiver 'resource': bad glob .*ends with a lone"
printf '{"format": "trailscan-config/1", "waivers": [\n  {"rule": "cloudtrail-kms-encryption", "resource": "*", %s,\n   "account": "12345"}]}\n' "$W1" >bad.json
cfgerr "bad account id" "3:4: waiver 'account': '12345' is not an AWS account id \(12 digits\)"
printf '{"format": "trailscan-config/1", "waivers": [\n  {"rule": "cloudtrail-kms-encryption", "resource": "*", %s,\n   "account": 123456789012}]}\n' "$W1" >bad.json
cfgerr "account id as a number" "3:4: waiver 'account': expected a string, found a number"
printf '{"format": "trailscan-config/1", "waivers": [\n  {"rule": "cloudtrail-kms-encryption", "resource": "*", %s,\n   "expiry": "2027-01-01"}]}\n' "$W1" >bad.json
cfgerr "unknown key in a waiver" "3:4: waiver: unknown key 'expiry'"
printf '{"format": "trailscan-config/1", "waivers": [\n  {"rule": "cloudtrail-kms", "resource": "*", %s}]}\n' "$W1" >bad.json
cfgerr "unknown rule id in a waiver" "2:4: waiver: unknown rule id 'cloudtrail-kms'"
printf '{"format": "trailscan-config/1", "waivers": [\n  {"rule": "cloudtrail-kms-encryption", "resource": "*", %s,\n   "expires": "2030-01-01"}]}\n' "$W1" >bad.json
cfgerr "duplicate key in a waiver" "2:[0-9]+: duplicate key 'expires'"
printf '{"format": "trailscan-config/1", "waivers": {}}\n' >bad.json
cfgerr "waivers not an array" "1:34: 'waivers': expected an array"
printf '{"format": "trailscan-config/1",\n "waivers": [\n  {"rule": "cloudtrail-kms-encryption", "resource": "*", "reason": "r", "owner": "o", "expires": "2027-01-01"},\n  {"rule": "nope", "resource": "*", "reason": "r", "owner": "o", "expires": "2027-13-01"}]}\n' >bad.json
check "every problem is reported, not only the first" 2 "" -- "$T" scan --config bad.json "$DEMO"
[ "$(grep -c '^trailscan: bad.json:4:' err.txt)" = 1 ] && grep -q "2027-13-01" err.txt \
    && ok "shape problems reported together" || bad "several problems"
check "missing config file" 2 "^trailscan: nothere.json: " -- "$T" scan --config nothere.json "$DEMO"
check "bad --today" 2 "--today '2026-13-01': a date YYYY-MM-DD" -- "$T" scan --today 2026-13-01 "$DEMO"
TRAILSCAN_TODAY=tomorrow check "bad TRAILSCAN_TODAY" 2 "TRAILSCAN_TODAY 'tomorrow'" -- "$T" scan "$DEMO"

# --- baselines ---------------------------------------------------------------
# The next snapshot: legacy-trail gets a KMS key (a finding fixed), a
# 7-day log group appears (new), the 30-day legacy group goes to 60 days
# (same finding, another message: updated).
python3 - "$DEMO" next.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
au = d["regions"]["ap-southeast-2"]
for t in au["cloudtrail"]["DescribeTrails"]["trailList"]:
    if t["Name"] == "legacy-trail":
        t["KmsKeyId"] = "arn:aws:kms:ap-southeast-2:123456789012:key/abcd"
for g in au["logs"]["DescribeLogGroups"]["logGroups"]:
    if g["logGroupName"] == "legacy-cloudtrail-logs":
        g["retentionInDays"] = 60
us = d["regions"]["us-east-1"]["logs"]["DescribeLogGroups"]["logGroups"]
us.append({"logGroupName": "/aws/lambda/new-fn", "retentionInDays": 7,
           "arn": "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/new-fn:*"})
json.dump(d, open(sys.argv[2], "w"), indent=1)
PY
BL=(--only cloudtrail-kms-encryption,logs-log-group-retention)
"$T" scan "${BL[@]}" --fail-on never --format sarif "$DEMO" >old.sarif 2>/dev/null
check "scan against a baseline" 1 "against the baseline: 1 new, 1 updated, [0-9]+ unchanged, 1 absent" -- \
    "$T" scan "${BL[@]}" --fail-on warning --baseline old.sarif next.json
grep -Eq "FAIL .*log-group:/aws/lambda/new-fn  \(new\)" out.txt && ok "text marks the new result" || bad "text marks new"
grep -Eq "ABSENT cloudtrail-kms-encryption 123456789012 ap-southeast-2 arn:aws:cloudtrail:ap-southeast-2:123456789012:trail/legacy-trail" out.txt \
    && ok "text lists the absent result" || bad "text lists absent"
"$T" scan "${BL[@]}" --fail-on never --baseline old.sarif --format sarif next.json >new.sarif 2>/dev/null
pycheck "baselineState: new, unchanged, updated, absent by fingerprint" '
import json, sys
old = {r["partialFingerprints"]["trailscanResource/v1"]: r for r in json.load(open(sys.argv[1]))["runs"][0]["results"]}
run = json.load(open(sys.argv[2]))["runs"][0]
state = {(r["ruleId"], r["properties"]["resource"]): r["baselineState"] for r in run["results"]}
assert state[("logs-log-group-retention", "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/new-fn")] == "new", state
assert state[("logs-log-group-retention", "arn:aws:logs:ap-southeast-2:123456789012:log-group:legacy-cloudtrail-logs")] == "updated", state
assert state[("cloudtrail-kms-encryption", "arn:aws:cloudtrail:ap-southeast-2:123456789012:trail/legacy-trail")] == "absent", state
assert state[("cloudtrail-kms-encryption", "arn:aws:cloudtrail:eu-west-1:123456789012:trail/data-events-trail")] == "unchanged", state
assert sorted(state.values()).count("unchanged") == len(state) - 3, state
absent = [r for r in run["results"] if r["baselineState"] == "absent"][0]
was = old[absent["partialFingerprints"]["trailscanResource/v1"]]
assert absent["kind"] == was["kind"] and absent["level"] == was["level"], absent
assert absent["message"] == was["message"] and absent["ruleIndex"] == 0
assert "index" not in absent["locations"][0]["physicalLocation"]["artifactLocation"]
' old.sarif new.sarif
schema new.sarif
"$T" scan "${BL[@]}" --fail-on never --baseline old.sarif --format json next.json >new.json 2>/dev/null
pycheck "JSON: baseline_state per result, absent list" '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["summary"]["baseline"] == {"new": 1, "unchanged": d["summary"]["baseline"]["unchanged"], "updated": 1, "absent": 1}
assert [a["resource"] for a in d["absent"]] == ["arn:aws:cloudtrail:ap-southeast-2:123456789012:trail/legacy-trail"]
assert {r["baseline_state"] for r in d["results"]} == {"new", "unchanged", "updated"}
' new.json

# --fail-on-new: only new results (or ones whose level rose) count.
check "--fail-on-new fails on the new warning" 1 "" -- \
    "$T" scan "${BL[@]}" --fail-on warning --fail-on-new --baseline old.sarif next.json
check "--fail-on-new ignores old findings" 0 "" -- \
    "$T" scan "${BL[@]}" --fail-on warning --fail-on-new --baseline old.sarif "$DEMO"
check "without --fail-on-new the old findings fail" 1 "" -- \
    "$T" scan "${BL[@]}" --fail-on warning --baseline old.sarif "$DEMO"
python3 - old.sarif lowered.sarif <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for r in d["runs"][0]["results"]:
    if "acme-orders-api" in r["properties"]["resource"]:
        r["level"] = "note"
json.dump(d, open(sys.argv[2], "w"))
PY
check "--fail-on-new counts a result whose level rose" 1 "1 updated" -- \
    "$T" scan "${BL[@]}" --fail-on warning --fail-on-new --baseline lowered.sarif "$DEMO"
check "--fail-on-new needs --baseline" 2 "--fail-on-new needs --baseline" -- \
    "$T" scan --fail-on-new "$DEMO"

# Scope: a baseline of every account, a scan of one: the others are not absent.
"$T" scan --fail-on never --format sarif "$ROOT/snapshots/" >all.sarif 2>/dev/null
check "absent only where the rule ran on the account again" 0 ", 0 absent" -- \
    "$T" scan --fail-on never --baseline all.sarif "$DEMO"
# A baseline that carries absent results does not resurrect them.
check "absent results of the baseline stay gone" 0 ", 0 absent" -- \
    "$T" scan "${BL[@]}" --fail-on never --baseline new.sarif next.json

# Bad baselines: exit 2 with file:line:column.
printf '{"version": "2.1.0", "runs": [\n  {"tool": {"driver": {"name": "trailscan"}},\n   "results": [{"ruleId": "x", "message": {"text": "m"}}]}]}\n' >nofp.sarif
check "baseline result without fingerprint" 2 "^trailscan: nofp.sarif:3:16: result without partialFingerprints" -- \
    "$T" scan --baseline nofp.sarif "$DEMO"
printf '{"version": "2.1.0", "runs": [\n' >trunc.sarif
check "truncated baseline" 2 "^trailscan: trunc.sarif:2:1: invalid JSON: unexpected end of file" -- \
    "$T" scan --baseline trunc.sarif "$DEMO"
printf '{"version": "2.0.0", "runs": []}\n' >old2.sarif
check "baseline of another SARIF version" 2 "^trailscan: old2.sarif:1:2: not SARIF 2.1.0" -- \
    "$T" scan --baseline old2.sarif "$DEMO"
printf '{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "other"}}, "results": [{"ruleId": "x"}]}]}\n' >other.sarif
check "other tools' runs are ignored" 1 "against the baseline: [0-9]+ new, 0 updated, 0 unchanged, 0 absent" -- \
    "$T" scan --baseline other.sarif "$DEMO"

# A hostile config with 50,000 unknown parameters: at most 100 problems
# (each costs a scan of its object's text), and quickly.
python3 -c "
import json
print(json.dumps({'format': 'trailscan-config/1', 'params': {'logs-log-group-retention':
    {'k%d' % i: 1 for i in range(50000)}}}))" > many.json
check "50,000 problems: the first 100, then one line" 2 "many.json: more problems; only the first 100 are listed" -- \
    timeout 20 "$T" scan --config many.json "$DEMO"

finish

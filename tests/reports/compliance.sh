#!/usr/bin/env bash
# scan --compliance, --only/--skip globs, and reports that scale (issue 18
# items 1 and 4): the controls' status in every format, recomputed here
# from the JSON report's results; totals first; an organisation of 300
# accounts read on a few screens; collected_at, collection errors and
# whole fixes everywhere.
# usage: compliance.sh path/to/trailscan
. "$(dirname "$0")/../cli/lib.sh" "$1"
SCHEMA=$ROOT/tests/data/sarif/sarif-schema-2.1.0.json
SNAPS=$ROOT/snapshots

# --- --compliance: which rules run, what is refused --------------------------
check "unknown framework: usage error listing the known ones" 2 \
    "trailscan: --compliance: unknown framework 'cis-aws-9.9' \(known: aws-fsbp, aws-securityhub, cis-aws-1.2, .*soc2\)" \
    -- "$T" scan --compliance cis-aws-9.9 "$SNAPS"
"$T" scan --compliance cis-aws-3.0 --include-passes --fail-on never --format json -o c.json \
    --format text -o c.txt --format markdown -o c.md --format sarif -o c.sarif "$SNAPS" 2>err.txt
holds "--compliance writes every report" test -s c.json -a -s c.txt -a -s c.md -a -s c.sarif
# Only the framework's rules ran, and all of those loaded.
"$T" rules list >all-rules.txt
holds "--compliance runs exactly the framework's rules" python3 - c.json all-rules.txt <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ran = {r["id"] for r in d["rules"]}
mapped = {r["id"] for r in d["rules"] if "cis-aws-3.0" in r["compliance"]}
named = {rule for f in d["compliance"] for s in f["sections"] for c in s["controls"] for rule in c["rules"]}
loaded = {line.split()[0] for line in open(sys.argv[2]) if line.strip() and not line.startswith(" ")}
assert ran == mapped, (ran ^ mapped)
assert ran == named & loaded, (ran ^ (named & loaded))
assert len(ran) >= 20, ran
PY

# --- the model, recomputed from the results ----------------------------------
# Per control and account: a resource judged by two rules counts once, at
# its worst; failed before review, then not assessed (a rule that did not
# run), waived, passed; manual when people judge it.
cat >recompute.py <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
accounts = [a["account"] for a in d["accounts"]]
failed_rules = {(f["rule"], f["account"]) for f in d["rule_failures"]}
ran = {r["id"] for r in d["rules"]}
rank = {"fail": 0, "review": 1, "waived": 2, "pass": 3}
def state(r):
    if r["verdict"] == "pass": return "pass"
    if r.get("waiver"): return "waived"
    return r["verdict"]
checked = 0
for f in d["compliance"]:
    for s in f["sections"]:
        tally = {}
        for c in s["controls"]:
            cells = {}
            for a in accounts:
                worst = {}
                for r in d["results"]:
                    if r["account"] == a and r["rule"] in c["rules"]:
                        key = r["resource"] or r["region"] or ""
                        st = state(r)
                        if key not in worst or rank[st] < rank[worst[key]]:
                            worst[key] = st
                n = {k: sum(v == k for v in worst.values()) for k in rank}
                judged = bool(c["rules"]) and all(x in ran and (x, a) not in failed_rules for x in c["rules"])
                if not c["rules"] and (c["note"] or "").startswith("manual"): st = "manual"
                elif n["fail"]: st = "failed"
                elif n["review"]: st = "review"
                elif not judged: st = "not-assessed"
                elif n["waived"]: st = "waived"
                else: st = "passed"
                cells[a] = (st, n["fail"], n["review"], n["waived"])
            got = {x["account"]: (x["status"], x["failed"], x["review"], x["waived"]) for x in c["by_account"]}
            assert got == cells, (f["framework"], c["id"], got, cells)
            order = ["failed", "review", "not-assessed", "waived", "passed", "manual"]
            overall = min((v[0] for v in cells.values()), key=order.index) if cells else "not-assessed"
            assert c["status"] == overall, (c["id"], c["status"], overall)
            assert c["resources"]["failed"] == sum(v[1] for v in cells.values()), c["id"]
            assert c["accounts"]["failed"] == sum(v[0] == "failed" for v in cells.values()), c["id"]
            tally[c["status"]] = tally.get(c["status"], 0) + 1
            checked += 1
        assert all(s["by_status"][k] == tally.get(k, 0) for k in s["by_status"]), (s["id"], tally)
        assert s["passed"] == tally.get("passed", 0) + tally.get("waived", 0)
assert checked > 0
print(checked, "controls")
PY
holds "cis-aws-3.0: every control's status and counts equal the results'" python3 recompute.py c.json
# Two rules judge CloudWatch.16 (retention of log groups, and of the
# trails' log groups): a log group both fail is counted once.
"$T" scan --compliance aws-securityhub --include-passes --fail-on never --format json -o sh.json "$SNAPS" 2>/dev/null
holds "aws-securityhub: statuses equal the results'" python3 recompute.py sh.json
holds "a resource two rules judge is counted once" python3 - sh.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
c = [c for f in d["compliance"] for s in f["sections"] for c in s["controls"] if c["id"] == "CloudWatch.16"][0]
assert sorted(c["rules"]) == ["logs-log-group-retention", "logs-trail-log-group-retention"], c["rules"]
fails = [(r["account"], r["resource"]) for r in d["results"] if r["rule"] in c["rules"] and r["verdict"] == "fail" and not r.get("waiver")]
assert len(fails) > len(set(fails)), "the demo should have a log group both rules fail"
assert c["resources"]["failed"] == len(set(fails)), (c["resources"], len(set(fails)))
PY
# A rule skipped leaves its controls not assessed, never passed.
"$T" scan --compliance cis-aws-3.0 --skip cloudtrail-log-file-validation --fail-on never --format json -o skip.json "$SNAPS" 2>/dev/null
holds "a control whose rule did not run is not assessed" python3 - skip.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
c = [c for f in d["compliance"] for s in f["sections"] for c in s["controls"] if c["id"] == "3.2"][0]
assert c["status"] == "not-assessed", c
assert all(x["status"] == "not-assessed" for x in c["by_account"]), c
PY

# Every other format shows the same statuses.
holds "text: the controls with status and counts" grep -Eq '^    3\.5 +failed +CloudTrail logs are encrypted' c.txt
holds "text: a section's figure" grep -Eq '^  3 Logging: [0-9]+ of [0-9]+ assessed controls passed' c.txt
holds "markdown and SARIF: the same statuses as JSON" python3 - c.json c.md c.sarif <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
md = open(sys.argv[2]).read()
sarif = json.load(open(sys.argv[3]))
words = {"failed": "failed", "review": "to review", "not-assessed": "not assessed",
         "waived": "waived", "passed": "passed", "manual": "manual"}
props = sarif["runs"][0]["properties"]["compliance"][0]
sp = {c["id"]: c for s in props["sections"] for c in s["controls"]}
for s in d["compliance"][0]["sections"]:
    for c in s["controls"]:
        row = "| %s | %s | %d | %d |" % (c["id"], words[c["status"]], c["accounts"]["failed"], c["resources"]["failed"])
        assert row in md, row
        assert sp[c["id"]]["status"] == c["status"] and sp[c["id"]]["resourcesFailed"] == c["resources"]["failed"], c["id"]
PY
if [ -f "$SCHEMA" ]; then
    holds "SARIF with --compliance is valid under the schema" \
        python3 "$ROOT/tests/reports/check_sarif.py" schema "$SCHEMA" c.sarif
fi
# Several frameworks at once.
"$T" scan --compliance cis-aws-3.0 --compliance soc2 --fail-on never --format json -o two.json "$SNAPS" 2>/dev/null
holds "--compliance is repeatable" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert [f["framework"] for f in d["compliance"]] == ["cis-aws-3.0", "soc2"]
assert [c["status"] for s in d["compliance"][1]["sections"] for c in s["controls"] if c["id"] == "CC7.3"] == ["manual"]
' two.json

# A team's own rule mapped to a control runs with --compliance and judges
# that control beside the built-in rule.
mkdir -p own
cat >own/own.lua <<'LUA'
return {
  id = "own-trail-check", name = "OwnTrailCheck", title = "Our own trail check", severity = "high",
  description = "d", remediation = "r", compliance = {["cis-aws-3.0"] = {"3.1"}},
  check = function(snapshot)
    fail{resource = "arn:aws:test:::own", message = "Our own check fails."}
  end,
}
LUA
"$T" scan --rules own --compliance cis-aws-3.0 --fail-on never --format json -o own.json "$SNAPS" 2>/dev/null
holds "a rule of your own mapped to a control judges it" python3 - own.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert "own-trail-check" in [r["id"] for r in d["rules"]]
c = [c for f in d["compliance"] for s in f["sections"] for c in s["controls"] if c["id"] == "3.1"][0]
assert c["rules"] == ["cloudtrail-management-events", "own-trail-check"], c["rules"]
assert c["status"] == "failed" and c["accounts"]["failed"] == 3, c
PY
holds "...and its counts equal the results'" python3 recompute.py own.json

# --- --only / --skip globs -----------------------------------------------------
"$T" scan --only 'cis-alarm-*' --fail-on never --format json -o only.json "$SNAPS" 2>/dev/null
holds "--only takes a glob" python3 - only.json all-rules.txt <<'PY'
import json, sys
ran = {r["id"] for r in json.load(open(sys.argv[1]))["rules"]}
want = {l.split()[0] for l in open(sys.argv[2]) if l.startswith("cis-alarm-")}
assert ran == want and len(want) >= 14, (ran ^ want)
PY
"$T" scan --skip 'cis-*,s3-*' --fail-on never --format json -o skip2.json "$SNAPS" 2>/dev/null
holds "--skip takes globs" python3 -c '
import json, sys
ran = [r["id"] for r in json.load(open(sys.argv[1]))["rules"]]
assert ran and not [x for x in ran if x.startswith(("cis-", "s3-"))], ran
' skip2.json
check "a glob matching no rule is an error" 2 "trailscan: --only: no rule matches 'nothing-\*'" \
    -- "$T" scan --only 'nothing-*' "$SNAPS"
check "--compliance with --only keeps both" 0 "Compliance: cis-aws-3.0" \
    -- "$T" scan --compliance cis-aws-3.0 --only 'cis-alarm-root*' --fail-on never "$SNAPS"

# --- totals first; collected_at and collection errors in every format --------
"$T" scan --fail-on never --format text -o d.txt --format markdown -o d.md --format json -o d.json \
    --format sarif -o d.sarif "$SNAPS" 2>/dev/null
holds "text starts with totals by level, by rule, by account" python3 - d.txt <<'PY'
import sys
lines = open(sys.argv[1]).read().split("\n")
assert lines[0].startswith("trailscan: 3 accounts"), lines[0]
assert lines[1].startswith("Totals: "), lines[1]
assert "By rule (worst first):" in lines and "By account (worst first):" in lines
PY
holds "collected_at and collection errors: text" \
    grep -q 'as of 2026-11-25T12:00:00Z.*collection error' d.txt
holds "collected_at and collection errors: markdown" python3 -c '
import sys; md = open(sys.argv[1]).read()
assert "| 2026-11-25T12:00:00Z |" in md and "### Collection errors" in md and "AuthorizationError" in md
' d.md
holds "collected_at and collection errors: JSON and SARIF" python3 -c '
import json, sys
d = json.load(open(sys.argv[1])); s = json.load(open(sys.argv[2]))["runs"][0]
assert all(a["collected_at"] == "2026-11-25T12:00:00Z" for a in d["accounts"])
assert any(a["collection_errors"] for a in d["accounts"])
assert all(a["properties"]["collectedAt"] == "2026-11-25T12:00:00Z" for a in s["artifacts"])
assert any("Missing data in account" in n["message"]["text"] for n in s["invocations"][0]["toolExecutionNotifications"])
' d.json d.sarif
# No fix is cut: the rule-level fix is the remediation's whole first line.
holds "no fix is cut" python3 - d.json d.md d.txt <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
md, txt = open(sys.argv[2]).read(), open(sys.argv[3]).read()
fix = [r["fix"] for r in d["rules"] if r["id"] == "cloudtrail-management-events"][0]
assert fix.endswith("aws cloudtrail start-logging --region <home region> --name <trail>"
                    "  # put-event-selectors replaces the trail's selectors: add any others it has"), fix
assert len(fix) > 300
assert ("Fix: `" + fix + "`") in md
PY
# A colour terminal: the message is never dimmed.
if command -v script >/dev/null; then
    NO_COLOR= script -qec "\"$T\" scan --fail-on never \"$DEMO\"" /dev/null >tty.txt 2>&1
    holds "the message is not dimmed on a terminal" python3 -c '
import sys; t = open(sys.argv[1], encoding="utf-8", errors="replace").read()
assert "\x1b[31m" in t, "no colour: not a terminal?"
assert "\x1b[2m" not in t
' tty.txt
fi

# --- 300 accounts ---------------------------------------------------------------
python3 "$ROOT/tools/gen-org" org --accounts 300 --seed 1 >/dev/null
"$T" scan --fail-on never --format text -o org.txt --format markdown -o org.md --format json -o org.json org 2>/dev/null
holds "300 accounts: the markdown summary names every error-level failure's rule with its count" \
    python3 - org.json org.md <<'PY'
import json, sys, collections
d = json.load(open(sys.argv[1]))
md = open(sys.argv[2]).read()
errors = collections.Counter(r["rule"] for r in d["results"]
                             if r["verdict"] == "fail" and r["level"] == "error" and not r.get("waiver"))
assert errors, "gen-org should give error-level failures"
for rule, n in errors.items():
    assert ("| error | `%s` | %d |" % (rule, n)) in md, (rule, n)
    assert ("### `%s`" % rule) in md, rule
# The rows shown start with the errors.
first = md.index("### `")
assert any(md[first:].startswith("### `%s`" % r) for r in errors), md[first:first + 80]
PY
holds "300 accounts: the text report fits on a few screens before the details" python3 - org.txt <<'PY'
import sys
lines = open(sys.argv[1]).read().split("\n")
at = [i for i, l in enumerate(lines) if l.startswith("Details by rule")]
assert at and at[0] < 120, at
assert len(lines) < 2000, len(lines)
assert lines[-2].startswith("Summary: 300 accounts"), lines[-2]
PY
"$T" scan --fail-on never --verbose org >orgv.txt 2>/dev/null
holds "--verbose: every account's details" test "$(grep -c '^Account ' orgv.txt)" = 300

# --- Japanese (--lang ja, issue 20) ---------------------------------------------
# The same statuses as English (a manual control stays manual), with the
# catalogue's sections, reasons and scope, and the views' words, in Japanese.
for fw in cis-aws-1.4 soc2 pci-dss-4.0.1; do
    "$T" scan --compliance "$fw" --fail-on never --format json -o "en-$fw.json" "$SNAPS" 2>/dev/null
    "$T" scan --lang ja --compliance "$fw" --fail-on never --format json -o "ja-$fw.json" \
        --format text -o "ja-$fw.txt" --format markdown -o "ja-$fw.md" "$SNAPS" 2>/dev/null
    holds "--lang ja: $fw's statuses as in English, its words in Japanese" python3 - "en-$fw.json" \
        "ja-$fw.json" "ja-$fw.txt" "ja-$fw.md" <<'PY'
import json, re, sys
en, ja = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
txt, md = (open(p, encoding="utf-8").read() for p in sys.argv[3:5])
jp = re.compile("[\u3040-\u30ff\u4e00-\u9fff]")
def controls(d):
    return [k for f in d["compliance"] for s in f["sections"] for k in s["controls"]]
assert [(k["id"], k["status"], k["by_account"]) for k in controls(en)] == \
       [(k["id"], k["status"], k["by_account"]) for k in controls(ja)]
f = ja["compliance"][0]
assert jp.search(f["scope"]), f["scope"]
assert all(jp.search(s["title"]) for s in f["sections"]), [s["title"] for s in f["sections"]]
notes = [k["note"] for k in controls(ja) if k.get("note")]
assert all(jp.search(n) for n in notes), notes
assert any(k["status"] == "manual" for k in controls(ja)) == (sys.argv[1] != "en-pci-dss-4.0.1.json")
assert "コンプライアンス: " in txt and "コンプライアンス: " in md, "no Japanese heading"
for english in ("Compliance:", "assessed controls passed", "; rules: ", "| control | status |",
                "not assessed (no rule", "manual: ", "out of scope: "):
    assert english not in txt and english not in md, english
PY
done
"$T" rules list --framework cis-aws-1.4 --lang ja >list-ja.txt 2>/dev/null
"$T" rules list --framework soc2 --lang ja >>list-ja.txt 2>/dev/null
holds "rules list --framework --lang ja: the catalogue in Japanese" python3 - list-ja.txt <<'PY'
import sys
t = open(sys.argv[1], encoding="utf-8").read()
assert "cis-aws-1.4: CIS AWS Foundations Benchmark v1.4.0、ログ記録とモニタリングのセクション" in t, t[:200]
assert "番号の出典: " in t and "コントロール (うち読み込んだルールで判定するもの" in t
assert "手動確認: 人が行うプロセスであり" in t and "対象外: " in t
for english in ("numbering:", "controls, ", "manual: ", "out of scope: ", "IAM section;"):
    assert english not in t, english
PY
finish

#!/usr/bin/env bash
# The CLI's own words in Japanese (--lang ja): rules show's labels, the
# severities of rules list|show, the labels of a rule whose texts are
# English, and a baseline in the other language (compared without its
# messages).  Messages on stderr stay English.
# usage: ja.sh path/to/trailscan
. "$(dirname "$0")/lib.sh" "$1"

# --- rules show / rules list ----------------------------------------------------
check "rules show --lang ja" 0 '' -- "$T" rules show cloudtrail-management-events --lang ja
printf '%s\n' "ID:               cloudtrail-management-events" \
    "名前:             CloudTrailManagementEvents" >want.txt
head -2 out.txt | cmp -s - want.txt && grep -q '^重大度:           高$' out.txt \
    && grep -q '^ファイル:         .*management_events.lua$' out.txt \
    && grep -q '^コンプライアンス: aws-fsbp CloudTrail.1; ' out.txt \
    && grep -q '^パラメーター:     なし$' out.txt && grep -q '^タイトル:         ' out.txt \
    && ! grep -Eq '^(id|name|title|severity|file|compliance|parameters):' out.txt \
    && ok "rules show --lang ja: labels, severity and none in Japanese, values aligned" \
    || { bad "rules show --lang ja: labels"; head -7 out.txt; }
check "rules show (English)" 0 '' -- "$T" rules show cloudtrail-management-events
grep -q '^severity:    high$' out.txt && grep -q '^parameters:  none$' out.txt && grep -q '^id:          cloudtrail-management-events$' out.txt \
    && ok "rules show in English: unchanged" || bad "rules show in English"
check "rules list --lang ja" 0 '' -- "$T" rules list --lang ja
grep -q '^cloudtrail-bucket-not-public         重大     ' out.txt \
    && grep -q '^cloudtrail-management-events         高       ' out.txt \
    && grep -q '^cloudtrail-bucket-lifecycle          中       ' out.txt \
    && ! grep -Eq ' (low|medium|high|critical) ' out.txt \
    && ok "rules list --lang ja: severities in Japanese, in their column" || bad "rules list --lang ja: severities"

# rules list --framework: the header and footer in Japanese, rules joined with
# 、, and the titles in one column however long the ids (CloudTrail.3, S3.23).
check "rules list --framework --lang ja" 0 '' -- "$T" rules list --framework aws-securityhub --lang ja
head -1 out.txt | grep -q '^aws-securityhub: FSBP 以外の AWS Security Hub のコントロール、うち CloudTrail、' \
    && grep -q '^25 コントロール (うち読み込んだルールで判定するもの [0-9]*)$' out.txt \
    && grep -q '^CloudTrail.3  At least one CloudTrail trail should be enabled -- ' out.txt \
    && grep -q '^S3.23         S3 general purpose buckets' out.txt \
    && ! grep -q '^[A-Za-z].*[a-z0-9-], [a-z][a-z0-9-]*-[a-z]' out.txt \
    && ok "rules list --framework --lang ja: header, footer, one title column" \
    || { bad "rules list --framework --lang ja"; head -4 out.txt; tail -1 out.txt; }

# A rule with English texts only: its texts stay English, marked; the
# labels around them are ours, in Japanese.
mkdir -p team
cat >team/check.lua <<'LUA'
return {id = "team-check", name = "TeamCheck", title = "Team check", severity = "medium",
  description = "Checks what the team needs.",
  remediation = {console = "Open the console and fix it", cli = "aws team fix"},
  check = function() end}
LUA
check "English-only rule, --lang ja" 0 '' -- "$T" rules show team-check --rules team --no-builtin --lang ja
grep -q '^タイトル:         Team check \[英語のみ\]$' out.txt && grep -q '^コンソール:$' out.txt \
    && grep -q '^Open the console and fix it$' out.txt && ! grep -q '^Console:' out.txt \
    && ok "English-only rule: English texts, Japanese labels" || bad "English-only rule: English texts, Japanese labels"
"$T" scan --rules team --no-builtin --lang ja --format sarif --fail-on never "$DEMO" >team.sarif 2>/dev/null
python3 - team.sarif <<'PY' && ok "English-only rule in SARIF: help under Japanese labels" || bad "English-only rule in SARIF"
import json, sys
rule = json.load(open(sys.argv[1]))["runs"][0]["tool"]["driver"]["rules"][0]
assert rule["properties"]["language"] == "en", rule["properties"]
assert "コンソール:\nOpen the console and fix it" in rule["help"]["text"], rule["help"]["text"]
PY

# --- a baseline in the other language ---------------------------------------------
# Switching the report's language changes no result's state: messages are
# compared only between runs in one language.
"$T" scan --format sarif --fail-on never -o en.sarif "$ROOT/snapshots/" 2>/dev/null
"$T" scan --lang ja --format sarif --fail-on never -o ja.sarif "$ROOT/snapshots/" 2>/dev/null
check "ja scan, en baseline" 0 '' -- "$T" scan --lang ja --format json --fail-on never \
    --baseline en.sarif "$ROOT/snapshots/"
python3 - out.txt <<'PY' && ok "ja scan against an en baseline: nothing updated" || bad "ja scan against an en baseline"
import json, sys
s = json.load(open(sys.argv[1]))["summary"]["baseline"]
assert s["updated"] == 0 and s["new"] == 0 and s["absent"] == 0 and s["unchanged"] > 0, s
PY
grep -qx "trailscan: note: en.sarif is in en, this scan in ja: results are compared by kind and level, not by message" err.txt \
    && ok "ja scan against an en baseline: a note on stderr, in English" || { bad "baseline note"; cat err.txt; }
check "en scan, ja baseline" 0 '' -- "$T" scan --format sarif --fail-on never --baseline ja.sarif "$ROOT/snapshots/"
python3 - out.txt <<'PY' && ok "en scan against a ja baseline: every result unchanged" || bad "en scan against a ja baseline"
import json, sys
states = {r["baselineState"] for r in json.load(open(sys.argv[1]))["runs"][0]["results"]}
assert states == {"unchanged"}, states
PY
check "ja scan, ja baseline" 0 '' -- "$T" scan --lang ja --format json --fail-on never \
    --baseline ja.sarif "$ROOT/snapshots/"
[ ! -s err.txt ] && ok "one language: no note" || { bad "one language: no note"; cat err.txt; }
# In one language, a changed message is still an update.
python3 - ja.sarif <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["runs"][0]["results"][0]["message"]["text"] = "変更されたメッセージ"
json.dump(d, open("ja-edited.sarif", "w"))
PY
check "ja scan, edited ja baseline" 0 '' -- "$T" scan --lang ja --format json --fail-on never \
    --baseline ja-edited.sarif "$ROOT/snapshots/"
python3 - out.txt <<'PY' && ok "one language: a changed message is an update" || bad "one language: a changed message is an update"
import json, sys
assert json.load(open(sys.argv[1]))["summary"]["baseline"]["updated"] == 1
PY

# --- GitLab Code Quality in Japanese --------------------------------------------
# Its descriptions in Japanese (GitLab shows them to reviewers); the same
# issues, fingerprints and severities as in English.
mkdir -p boom
printf 'return {id = "boom", name = "Boom", title = "t", severity = "low", description = "d",\n remediation = "r", check = function() error("kaboom") end}\n' >boom/boom.lua
for lang in en ja; do
    "$T" scan --lang $lang --rules boom --fail-on never --format codequality "$ROOT/tests/data/org" \
        >cq-$lang.json 2>/dev/null
done
python3 - cq-en.json cq-ja.json <<'PY' && ok "codequality --lang ja: Japanese descriptions, same fingerprints" || bad "codequality --lang ja"
import json, sys
en, ja = (json.load(open(p)) for p in sys.argv[1:])
key = lambda xs: [(x["check_name"], x["fingerprint"], x["severity"], x["location"]["path"]) for x in xs]
assert key(en) == key(ja) and len(ja) > 0
assert any(x["description"].startswith("要確認: ") and " (アカウント 111122223333 (log-archive)): " in x["description"] for x in ja)
rf = [x["description"] for x in ja if x["check_name"] == "trailscan/rule-failure"]
assert any(t.startswith("ルール boom がアカウント 111122223333 で失敗したため (スクリプトエラー)、その結果がありません: ")
           and t.endswith("kaboom") for t in rf), rf
nj = [x["description"] for x in ja if x["check_name"] == "trailscan/account-not-judged"]
assert "アカウント 555566667777 (closed) は判定されていません: 収集していません: SUSPENDED" in nj, nj
assert not any(w in x["description"] for x in ja for w in ("Review:", "(account ", "failed (", "was not judged", " Fix: ")), ja
PY

finish

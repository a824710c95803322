#!/usr/bin/env bash
# Report tests: SARIF against the official schema and GitHub's limits,
# locations, fingerprint stability, the result cap, golden outputs per
# format, byte-identical reruns.
# usage: run.sh path/to/trailscan [--update]   (--update rewrites the golden files)
. "$(dirname "$0")/../cli/lib.sh" "$1"
HERE=$ROOT/tests/reports
SCHEMA=$ROOT/tests/data/sarif/sarif-schema-2.1.0.json
py() { python3 "$HERE/check_sarif.py" "$@"; }

cd "$ROOT" || exit 2
# Golden outputs: the examples, every format, passes included.
for fmt in text json markdown sarif; do
    "$T" scan --fail-on never --include-passes --format "$fmt" snapshots/ >"$W/golden.$fmt" 2>"$W/err"
    if [ "${2:-}" = "--update" ]; then
        cp "$W/golden.$fmt" "$HERE/golden/examples.$fmt"
    fi
    if cmp -s "$W/golden.$fmt" "$HERE/golden/examples.$fmt"; then ok "golden $fmt"
    else bad "golden $fmt"; diff "$HERE/golden/examples.$fmt" "$W/golden.$fmt" | head -10; fi
done
# Japanese (--lang ja): the demo in every format people read, so that no
# Japanese output changes unseen (rules translated later change these: then
# --update and read the diff).  The same input and language, the same bytes.
for fmt in text json markdown html csv; do
    ja() { "$T" scan --lang ja --fail-on never --include-passes --format "$fmt" \
        snapshots/demo-123456789012.json 2>/dev/null; }
    ja >"$W/ja.$fmt"
    if [ "${2:-}" = "--update" ]; then
        cp "$W/ja.$fmt" "$HERE/golden/demo-ja.$fmt"
    fi
    if cmp -s "$W/ja.$fmt" "$HERE/golden/demo-ja.$fmt"; then ok "golden ja $fmt"
    else bad "golden ja $fmt"; diff "$HERE/golden/demo-ja.$fmt" "$W/ja.$fmt" | head -10; fi
    ja | cmp -s - "$W/ja.$fmt" && ok "ja $fmt: same input, same bytes" || bad "ja $fmt: same bytes"
done
# Wide characters: the Japanese text report's columns line up by display
# width, markdown tables keep their cells, on the examples and on a hostile
# snapshot (markup, quotes, line breaks and Japanese in its names); and the
# checker fails a row pushed out of its column.
python3 "$HERE/hostile_snapshot.py" snapshots/demo-123456789012.json "$W/hostile.json"
for input in snapshots/ "$W/hostile.json"; do
    "$T" scan --lang ja --fail-on never --include-passes "$input" >"$W/layout.txt" 2>/dev/null
    "$T" scan --lang ja --fail-on never --include-passes --format markdown "$input" >"$W/layout.md" 2>/dev/null
    python3 "$HERE/ja_layout.py" "$W/layout.txt" "$W/layout.md" >/dev/null \
        && ok "ja layout: $input" || bad "ja layout: $input: $(python3 "$HERE/ja_layout.py" "$W/layout.txt" "$W/layout.md")"
done
sed '0,/^  エラー   /s//  エラー /' "$W/ja.text" >"$W/misaligned.txt"
python3 "$HERE/ja_layout.py" "$W/misaligned.txt" "$W/ja.markdown" >/dev/null 2>&1 \
    && bad "ja_layout.py passes a misaligned row" || ok "ja_layout.py fails a misaligned row"
cp "$W/golden.sarif" "$W/first.sarif"
"$T" scan --fail-on never --include-passes --format sarif snapshots/ >"$W/golden.sarif" 2>/dev/null
cmp -s "$W/golden.sarif" "$W/first.sarif" && ok "same input, same bytes" || bad "same input, same bytes"

if [ -f "$SCHEMA" ]; then
    py schema "$SCHEMA" "$W/golden.sarif" && ok "SARIF valid under the official schema" || bad "schema"
else
    bad "schema: $SCHEMA is missing"
fi
py github "$W/golden.sarif" && ok "GitHub limits" || bad "GitHub limits"
py locations "$W/golden.sarif" && ok "locations land on the resource's {" || bad "locations"

# Fingerprints: pretty, minified and reordered snapshots give the same ones.
python3 - "$W" <<'PY'
import json, sys, os
w = sys.argv[1]
def reorder(v):
    if isinstance(v, dict):
        return {k: reorder(v[k]) for k in reversed(list(v))}
    if isinstance(v, list):
        return [reorder(x) for x in reversed(v)]
    return v
for name in os.listdir("snapshots"):
    if not name.endswith(".json"):
        continue
    d = json.load(open(os.path.join("snapshots", name), encoding="utf-8"))
    for kind, text in (("min", json.dumps(d, separators=(",", ":"))),
                       ("reordered", json.dumps(reorder(d), indent=4))):
        os.makedirs(os.path.join(w, kind), exist_ok=True)
        open(os.path.join(w, kind, name), "w", encoding="utf-8").write(text)
PY
for kind in min reordered; do
    (cd "$W" && "$T" scan --fail-on never --include-passes --format sarif -o "$kind.sarif" "$kind/" 2>/dev/null)
    py fingerprints "$W/golden.sarif" "$W/$kind.sarif" && ok "fingerprints stable ($kind)" || bad "fingerprints ($kind)"
    (cd "$W" && py locations "$kind.sarif") && ok "locations ($kind)" || bad "locations ($kind)"
done

# The 25,000-result cap keeps the most severe and says so.  (many-low lists
# 20,000 results: past --max-results' default of 10,000.)
"$T" scan --no-builtin --rules "$HERE/many" --max-results 20000 --fail-on never --format sarif -o "$W/many.sarif" \
    snapshots/demo-123456789012.json 2>/dev/null
py cap "$W/many.sarif" && ok "25,000-result cap" || bad "25,000-result cap"
py schema "$SCHEMA" "$W/many.sarif" >/dev/null && ok "capped SARIF valid" || bad "capped SARIF schema"
# The markdown summary shows 200 rows, the most severe first: every error
# (the built-in rules' and many-high's) before any note, so many-low's
# 20,000 notes take none; its count table still names it with its count.
"$T" scan --fail-on never --format markdown -o "$W/demo.md" snapshots/demo-123456789012.json 2>/dev/null
"$T" scan --fail-on never --format json -o "$W/demo.json" snapshots/demo-123456789012.json 2>/dev/null
"$T" scan --rules "$HERE/many" --max-results 20000 --fail-on never --format markdown -o "$W/many.md" \
    snapshots/demo-123456789012.json 2>/dev/null
builtin_rows=$(grep -Ec '^\| (fail|review)[^|]* \| [0-9]{12} \|' "$W/demo.md")
builtin_errors=$(python3 -c 'import json,sys; print(sum(r["verdict"] == "fail" and r["level"] == "error" for r in json.load(open(sys.argv[1]))["results"]))' "$W/demo.json")
[ "$builtin_rows" -gt 0 ] && [ "$builtin_errors" -gt 0 ] \
    && [ "$(grep -Ec '^\| (fail|review)[^|]* \| [0-9]{12} \|' "$W/many.md")" = 200 ] \
    && [ "$(grep -c 'arn:aws:test:::high/' "$W/many.md")" = $((200 - builtin_errors)) ] \
    && ! grep -q 'arn:aws:test:::low/' "$W/many.md" \
    && grep -q '^| note | `many-low` | 20000 | 0 | 1 | 0 |$' "$W/many.md" \
    && grep -q '^| error | `many-high` | 10000 | 0 | 1 | 0 |$' "$W/many.md" \
    && grep -q "^_$((30000 - 200 + builtin_rows)) more results are not shown here" "$W/many.md" \
    && ok "markdown keeps 200 rows, errors first, counts for all" || bad "markdown row cap"
# A CIS filter pattern's `||` copies as is from a rule's "Fix:" line:
# GitHub drops the backslash of `\|` only inside a table cell, where the
# row's fix keeps it.
grep -q '^Fix: `.*||' "$W/demo.md" && ! grep -q '^Fix: .*\\|' "$W/demo.md" \
    && grep -q '^| fail | .*`aws logs put-metric-filter .*) \\|\\| (' "$W/demo.md" \
    && ok "markdown escapes pipes in table cells only" || bad "markdown pipes outside tables"

# Rule failures and missing data become tool execution notifications.
mkdir -p "$W/failing"
printf 'return {id = "boom", name = "Boom", title = "t", severity = "low", description = "d",\n remediation = "r", check = function() error("kaboom") end}\n' > "$W/failing/boom.lua"
"$T" scan --rules "$W/failing" --format sarif -o "$W/fail.sarif" snapshots/ 2>/dev/null
status=$?
python3 - "$W/fail.sarif" "$status" <<'PY' && ok "notifications and exit code" || bad "notifications and exit code"
import json, sys
inv = json.load(open(sys.argv[1]))["runs"][0]["invocations"][0]
texts = [n["message"]["text"] for n in inv["toolExecutionNotifications"]]
assert sys.argv[2] == "3", sys.argv[2]
assert inv["exitCode"] == 3 and inv["executionSuccessful"] is False
assert any("Rule boom failed on account 123456789012" in t and "kaboom" in t for t in texts), texts
assert any("Missing data in account 123456789012" in t and "AuthorizationError" in t for t in texts), texts
PY
py schema "$SCHEMA" "$W/fail.sarif" >/dev/null && ok "failure SARIF valid" || bad "failure SARIF schema"
# In Japanese: the notifications' words are Japanese (the Lua error, the
# collector's error and the ids stay as written), the SARIF stays valid and
# its fingerprints are the English run's.
"$T" scan --lang ja --rules "$W/failing" --format sarif -o "$W/fail-ja.sarif" snapshots/ 2>/dev/null
python3 - "$W/fail-ja.sarif" "$W/fail.sarif" <<'PY' && ok "notifications in Japanese" || bad "notifications in Japanese"
import json, sys
ja, en = (json.load(open(p))["runs"][0] for p in sys.argv[1:])
texts = [n["message"]["text"] for n in ja["invocations"][0]["toolExecutionNotifications"]]
assert any(t.startswith("ルール boom はアカウント 123456789012 (snapshots/demo-123456789012.json) で失敗しました: スクリプトエラー: ")
           and "kaboom" in t and t.endswith("。このアカウントの結果はありません。") for t in texts), texts
assert any(t.startswith("アカウント 123456789012 (snapshots/demo-123456789012.json) のデータが欠けています: 収集時に読み取れませんでした: ap-southeast-2 sns ListSubscriptionsByTopic")
           and "AuthorizationError: User is not authorized" in t for t in texts), texts
assert not any(w in t for t in texts for w in ("failed on account", "Missing data", "script error", "the collector")), texts
fp = lambda run: sorted(r["partialFingerprints"]["trailscanResource/v1"] for r in run["results"])
assert fp(ja) == fp(en) and len(fp(ja)) > 0
PY
python3 - "$W/fail-ja.sarif" <<'PY' && ok "SARIF result messages: the fix labelled in Japanese" || bad "SARIF result messages in Japanese"
import json, sys
texts = [r["message"]["text"] for r in json.load(open(sys.argv[1]))["runs"][0]["results"]]
assert not any("Fix:" in t for t in texts), [t for t in texts if "Fix:" in t][:2]
assert any("。修復方法: aws " in t for t in texts)
assert any(t.endswith("。修復方法: コマンドが長いためここには含めていません。この結果の properties.fix と、"
                      "テキスト・JSON・Markdown のレポートに全文があります。") for t in texts)
PY
py schema "$SCHEMA" "$W/fail-ja.sarif" >/dev/null && ok "Japanese failure SARIF valid" || bad "Japanese failure SARIF schema"
# The causes of rule failures in the reports people read, in Japanese.
"$T" scan --lang ja --rules "$W/failing" --only boom --fail-on never snapshots/demo-123456789012.json >"$W/fail-ja.txt" 2>/dev/null
"$T" scan --lang ja --rules "$W/failing" --only boom --fail-on never --format markdown snapshots/demo-123456789012.json >"$W/fail-ja.md" 2>/dev/null
"$T" scan --lang ja --rules "$W/failing" --only boom --fail-on never --format html snapshots/demo-123456789012.json >"$W/fail-ja.html" 2>/dev/null
grep -q '^  ルール実行失敗 boom: スクリプトエラー: .*kaboom' "$W/fail-ja.txt" \
    && grep -q '^- `boom`: スクリプトエラー: .*kaboom' "$W/fail-ja.md" \
    && grep -q '<td>スクリプトエラー</td><td>[^<]*kaboom' "$W/fail-ja.html" \
    && grep -q 'ルールの実行失敗 1 件: 失敗したルールは、そのアカウントでは何も判定していません (合格ではありません。' "$W/fail-ja.html" \
    && grep -q '>ルールの実行失敗 (1 件): 該当するアカウントでは、これらのルールの判定結果がありません</h3>' "$W/fail-ja.html" \
    && ! grep -q 'そこで' "$W/fail-ja.html" \
    && ! grep -q 'script error' "$W/fail-ja.txt" "$W/fail-ja.md" "$W/fail-ja.html" \
    && ok "rule failure causes in Japanese" || bad "rule failure causes in Japanese"

# Waivers in Japanese: our words around the user's reason, expiry days as
# prose (2027年3月31日); the applied, expired and stale ones in every format
# people read, and SARIF's notifications and suppressions.
WAIVE=(--only cloudtrail-kms-encryption,cloudtrail-log-file-validation,cloudtrail-trail-enabled
       --config tests/reports/waivers-ja.json --today 2026-12-06 --fail-on never)
for fmt in text markdown sarif; do
    "$T" scan --lang ja "${WAIVE[@]}" --format "$fmt" snapshots/demo-123456789012.json >"$W/waived-ja.$fmt" 2>/dev/null
    if [ "${2:-}" = "--update" ]; then
        cp "$W/waived-ja.$fmt" "$HERE/golden/demo-ja-waivers.$fmt"
    fi
    if cmp -s "$W/waived-ja.$fmt" "$HERE/golden/demo-ja-waivers.$fmt"; then ok "golden ja waivers $fmt"
    else bad "golden ja waivers $fmt"; diff "$HERE/golden/demo-ja-waivers.$fmt" "$W/waived-ja.$fmt" | head -10; fi
done
"$T" scan --lang ja "${WAIVE[@]}" --format html snapshots/demo-123456789012.json >"$W/waived-ja.html" 2>/dev/null
grep -q '免除 (不合格): 旧証跡のため。第1四半期に置き換え予定 (担当者 secops@example.com、チケット SEC-1234、有効期限 2027年3月31日、tests/reports/waivers-ja.json:4:5)$' "$W/waived-ja.text" \
    && grep -q '免除の期限切れ: 2026年1月31日 (tests/reports/waivers-ja.json:13:5): Accepted until the audit$' "$W/waived-ja.text" \
    && grep -q ': 期限 2026年1月31日 (担当者 secops@example.com)。免除されなくなった結果 1 件$' "$W/waived-ja.text" \
    && grep -q ': 一致する結果がありません (チケット SEC-9、有効期限 2030年1月1日)。削除または修正してください$' "$W/waived-ja.text" \
    && grep -q '`\*`: 期限 2026年1月31日。免除されなくなった結果 1 件$' "$W/waived-ja.markdown" \
    && grep -q '^| 不合格 (免除) | 123456789012 |' "$W/waived-ja.markdown" \
    && grep -q '^免除 (tests/reports/waivers-ja.json、2026年12月6日時点の判定)$' "$W/waived-ja.text" \
    && grep -q '免除 2 件 (期限切れの免除 1 件、該当のない免除 1 件)' "$W/waived-ja.text" \
    && grep -q '</code> cloudtrail-log-file-validation (\*): 2026年1月31日に期限切れ</li>' "$W/waived-ja.html" \
    && grep -q '<p class="waiver">免除 (担当者 secops@example.com、チケット SEC-1234、有効期限 2027年3月31日): 旧証跡のため。' "$W/waived-ja.html" \
    && ! grep -Eq 'owner |ticket |expires |expired on|matched nothing' "$W/waived-ja.text" "$W/waived-ja.markdown" "$W/waived-ja.html" \
    && ok "waivers in Japanese (text, markdown, HTML)" || bad "waivers in Japanese (text, markdown, HTML)"
"$T" scan --lang ja "${WAIVE[@]}" --format sarif --include-waived snapshots/demo-123456789012.json >"$W/waived-kept-ja.sarif" 2>/dev/null
python3 - "$W/waived-ja.sarif" "$W/waived-kept-ja.sarif" <<'PY' && ok "waivers in Japanese (SARIF)" || bad "waivers in Japanese (SARIF)"
import json, sys
run, kept = (json.load(open(p))["runs"][0] for p in sys.argv[1:])
texts = [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"]]
want = ["tests/reports/waivers-ja.json:13:5 の免除 (cloudtrail-log-file-validation、*) は 2026年1月31日に期限切れになりました (担当者 secops@example.com)。免除していた結果 1 件を再び報告します",
        "tests/reports/waivers-ja.json:20:5 の免除 (cloudtrail-trail-enabled、arn:aws:cloudtrail:us-east-1:123456789012:trail/renamed) に一致する結果がありません (チケット SEC-9、有効期限 2030年1月1日)。削除または修正してください",
        "免除された結果 2 件を省きました (GitHub code scanning は抑制された結果を未解決のアラートとして表示するため)。--include-waived を指定すると suppressions 付きで含めます"]
for w in want:
    assert w in texts, (w, texts)
sup = [s for r in kept["results"] for s in r.get("suppressions", [])]
assert len(sup) == 2 and all(s["justification"] == "旧証跡のため。第1四半期に置き換え予定 (担当者 secops@example.com、チケット SEC-1234、有効期限 2027年3月31日)"
                             and s["properties"]["expires"] == "2027-03-31" for s in sup), sup
PY
for f in "$W/waived-ja.sarif" "$W/waived-kept-ja.sarif"; do
    py schema "$SCHEMA" "$f" >/dev/null && ok "Japanese waiver SARIF valid ($(basename "$f"))" || bad "Japanese waiver SARIF schema ($(basename "$f"))"
done

# --base-uri: URIs relative to another folder.
(cd "$W" && "$T" scan --fail-on never --format sarif -o base.sarif --base-uri "$ROOT/snapshots" "$ROOT/snapshots/demo-123456789012.json" 2>/dev/null)
grep -Eq '"uri":[[:space:]]*"demo-123456789012.json"' "$W/base.sarif" && ok "--base-uri" || bad "--base-uri"
(cd "$W" && "$T" scan --fail-on never --format sarif -o rel.sarif "$ROOT/snapshots/demo-123456789012.json" 2>/dev/null)
grep -Eq '"uri":[[:space:]]*"\.\./' "$W/rel.sarif" && ok "relative URI with ../" || bad "relative URI with ../"

# A failed write leaves nothing behind, not even a temporary file.
mkdir "$W/ro" && chmod 555 "$W/ro"
if [ "$(id -u)" != 0 ]; then
    "$T" scan --format sarif -o "$W/ro/x.sarif" snapshots/ 2>/dev/null
    [ -z "$(ls -A "$W/ro")" ] && ok "no partial output" || bad "partial output left"
fi
if [ -c /dev/full ]; then
    "$T" scan --format json -o /dev/full snapshots/ 2>"$W/err"
    [ $? = 2 ] && grep -q "cannot write" "$W/err" && [ -c /dev/full ] && ok "write error is exit 2, device kept" \
        || bad "write error is exit 2"
fi
"$T" scan --fail-on never --format sarif -o /dev/null snapshots/ && [ -c /dev/null ] && ok "-o /dev/null" || bad "-o /dev/null"

finish

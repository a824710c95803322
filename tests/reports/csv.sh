#!/usr/bin/env bash
# The CSV report (--format csv): Python's csv module reads it to the JSON
# report's results, on the examples (passes, waivers, a baseline) and on a
# hostile snapshot whose names hold quotes, commas, line breaks, formulas
# and Japanese text.
# usage: csv.sh path/to/trailscan
. "$(dirname "$0")/../cli/lib.sh" "$1"
HERE=$ROOT/tests/reports
both() { # NAME ARGS...: a JSON and a CSV report of one run, checked
    local name=$1
    shift
    "$T" scan --fail-on never "$@" --format json -o "$name.report.json" --format csv -o "$name.csv" \
        2>"$name.err"
    if [ $? = 0 ] && python3 "$HERE/csv_check.py" "$name.csv" "$name.report.json"; then ok "csv $name"
    else bad "csv $name"; head -5 "$name.err"; fi
}
both examples --include-passes "$ROOT/snapshots/"
python3 "$HERE/hostile_snapshot.py" "$DEMO" hostile.json
both hostile hostile.json
grep -q "^123456789012,\"'=1+2 Acme" hostile.csv && ok "csv: a formula starts with '" \
    || bad "csv: a formula starts with '"
"$T" scan --fail-on never --format sarif -o old.sarif "$DEMO" 2>/dev/null
both triage --config "$ROOT/tests/config/data/waivers.json" --today 2026-12-01 \
    --baseline old.sarif "$ROOT/snapshots/"
grep -q ',"until 2027-03-31: Legacy trail' triage.csv && grep -q ',new,' triage.csv \
    && ok "csv: waivers and baseline states" || bad "csv: waivers and baseline states"
# Japanese (--lang ja): the header in Japanese, still RFC 4180 with the BOM,
# Japanese messages holding the hostile names' quotes, commas and breaks;
# the verdict, level and severity in the words the other reports show.
both hostile-ja --lang ja hostile.json
both triage-ja --lang ja --config "$ROOT/tests/config/data/waivers.json" --today 2026-12-01 \
    --baseline old.sarif "$ROOT/snapshots/"
head -c 3 triage-ja.csv | cmp -s - <(printf '\357\273\277') \
    && tail -c +4 triage-ja.csv | head -1 | grep -q '^アカウント,アカウント名,リージョン,ルール,' \
    && grep -q ',"2027-03-31 まで: Legacy trail' triage-ja.csv \
    && grep -q "^[0-9]*,[^,]*,[^,]*,[^,]*,[^,]*,不合格,[^,]*,[^,]*,[^,]*,証跡「" triage-ja.csv \
    && grep -q "^[0-9]*,[^,]*,[^,]*,[^,]*,[^,]*,不合格,エラー,重大," triage-ja.csv \
    && grep -q "^[0-9]*,[^,]*,[^,]*,[^,]*,[^,]*,要確認,注記,高," triage-ja.csv \
    && grep -q "^[0-9]*,[^,]*,[^,]*,[^,]*,[^,]*,不合格,注記,低," triage-ja.csv \
    && ! grep -Eq ",(fail|review|pass),(error|warning|note|none)," triage-ja.csv \
    && ok "csv: Japanese header, messages and waivers" || bad "csv: Japanese header, messages and waivers"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

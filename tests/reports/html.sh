#!/usr/bin/env bash
# The HTML report (--format html) in a real browser: headless Chromium
# loads the page of the examples (passes included), of a hostile snapshot,
# of the examples with waivers and a baseline, and of a 300-account
# organisation (tools/gen-org), and html_browser.py checks each against the
# JSON report of the same run.  Screenshots and PDFs stay in ARTIFACTS.
# Skipped (77) only when chromium is missing outside CI ($CI or
# $TRAILSCAN_CI set: then it fails).
# usage: html.sh path/to/trailscan ARTIFACTS
. "$(dirname "$0")/../cli/lib.sh" "$1"
HERE=$ROOT/tests/reports
A=$2
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
    if [ -n "${CI:-}${TRAILSCAN_CI:-}" ]; then
        echo "FAIL chromium is not installed (tools/deps installs it) and this is CI"
        exit 1
    fi
    echo "SKIP chromium is not installed (tools/deps installs it): the HTML report is not tested in a browser"
    exit 77
fi
rm -rf "$A" && mkdir -p "$A" || exit 2
page() { # NAME [--no-print|--hostile ...] -- SCAN ARGS...: a page and its JSON, checked
    local name=$1 opts=()
    shift
    while [ "$1" != -- ]; do opts+=("$1"); shift; done
    shift
    "$T" scan --fail-on never "$@" --format html -o "$A/$name.html" \
        --format json -o "$A/$name.json" 2>"$A/$name.err"
    case $? in # 3: a rule failed, 4: an organisation's account not judged; reported all the same
        0|3|4) ;;
        *) bad "html $name: scan failed"; head -5 "$A/$name.err"; return ;;
    esac
    if timeout 900 python3 "$HERE/html_browser.py" "$CHROMIUM" "$A/$name.html" "$A/$name.json" \
        "${opts[@]}"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}
page examples -- --include-passes "$ROOT/snapshots/"
python3 "$HERE/hostile_snapshot.py" "$DEMO" hostile.json
page hostile --hostile '<script>window.pwned=1</script>"onerror="window.pwned=2" </style><img src=x onerror=window.pwned=3>' \
    'Acme <script>window.pwned=4</script> "prod" </style>' -- hostile.json
"$T" scan --fail-on never --format sarif -o old.sarif "$DEMO" 2>/dev/null
page triage -- --config "$ROOT/tests/config/data/waivers.json" --today 2026-12-01 \
    --baseline old.sarif "$ROOT/snapshots/"
# Japanese (issue 20): what a reader sees around the findings is Japanese,
# waivers, baseline and a compliance view included; counts as JSON's.
page ja --ja -- --lang ja --include-passes --config "$ROOT/tests/config/data/waivers.json" \
    --today 2026-12-01 --baseline old.sarif --compliance cis-aws-5.0 "$ROOT/snapshots/"
# ...and an organisation with accounts not judged (their states in a table):
# at 1280, 700 and 600 px no short Japanese word is split over two lines
# and the page fits the window (html_browser.py --ja).
page ja-org --ja -- --lang ja --compliance cis-aws-1.4 "$ROOT/tests/data/org"
# A rule that fails: counted and listed, never a pass.
mkdir -p failing
printf 'return {id = "boom", name = "Boom", title = "t", severity = "low", description = "d",\n remediation = "r", check = function() error("<b>kaboom</b>") end}\n' >failing/boom.lua
page failing --no-print --hostile '<b>kaboom</b>' -- --rules failing "$DEMO"
# The issue's "done when": an audit of CIS 3.0, matrix and counts as JSON's.
page audit -- --compliance cis-aws-3.0 --compliance aws-fsbp "$ROOT/snapshots/"
python3 "$ROOT/tools/gen-org" org --accounts 300 --seed 1 >/dev/null
page org300 --no-print -- --compliance cis-aws-3.0 org/

# The checker itself catches what it must: a script, a fetch, a matrix cell
# that is not the JSON report's.
sed 's|</footer>|<script>document.title = 1</script></footer>|' "$A/examples.html" >"$A/bad-script.html"
sed "s|</footer>|<img src=\"http://127.0.0.1:9/x.png\"></footer>|; s|img-src data:|img-src data: http:|" \
    "$A/examples.html" >"$A/bad-fetch.html"
python3 - "$A/audit.html" "$A/bad-matrix.html" <<'PY'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
i = s.index('data-status="failed"', s.index("<tr data-account="))
open(sys.argv[2], "w", encoding="utf-8").write(s[:i] + 'data-status="passed"' + s[i + 20:])
PY
# ...and, read as Japanese, a page with one English label or verdict left.
sed 's|<p>修復方法:</p>|<p>Fix:</p>|' "$A/ja.html" >"$A/bad-label.html"
sed 's|</span> 要確認</span>|</span> to review</span>|' "$A/ja.html" >"$A/bad-verdict.html"
for bad in bad-script bad-fetch bad-matrix bad-label bad-verdict; do
    json=examples opts=()
    [ "$bad" = bad-matrix ] && json=audit
    case $bad in bad-label|bad-verdict) json=ja opts=(--ja) ;; esac
    if python3 "$HERE/html_browser.py" "$CHROMIUM" "$A/$bad.html" "$A/$json.json" --no-print \
        "${opts[@]}" >"$A/$bad.out" 2>/dev/null; then bad "html_browser.py passes $bad.html"
    else ok "html_browser.py fails $bad.html: $(head -1 "$A/$bad.out" | cut -c1-100)"; fi
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

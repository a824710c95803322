#!/usr/bin/env bash
# Escaping at every boundary, rule folders that stay inside themselves, and
# the strict JSON reader: what a user (or an attacker who named an alarm)
# would see.
# usage: escaping.sh path/to/trailscan
set -u
export LC_ALL=C NO_COLOR=1
T=$(realpath "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DEMO=$ROOT/snapshots/demo-123456789012.json
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W" || exit 2
passed=0 failed=0
ok() { echo "ok   $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1"; failed=$((failed + 1)); }

# check NAME STATUS PATTERN -- COMMAND...: runs COMMAND, wants exit STATUS
# and PATTERN (grep -E) in its stdout+stderr, and no raw control character
# but line breaks in either (an escape sequence reaching the terminal).
check() {
    local name=$1 want=$2 pattern=$3
    shift 4
    timeout 120 "$@" >out.txt 2>err.txt
    local got=$?
    if [ "$got" != "$want" ]; then
        bad "$name: exit $got, wanted $want"; cat out.txt err.txt | sed 's/^/     /' | head -5
        return
    fi
    if [ -n "$pattern" ] && ! cat out.txt err.txt | grep -Eq -- "$pattern"; then
        bad "$name: no '$pattern' in output"; cat out.txt err.txt | sed 's/^/     /' | head -5
        return
    fi
    if LC_ALL=C grep -qaP '[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xa8-\xae]' out.txt err.txt; then
        bad "$name: a raw control character in the output"; cat -A out.txt err.txt | head -5
        return
    fi
    if grep -Eq 'AddressSanitizer|runtime error:|LeakSanitizer' err.txt; then
        bad "$name: sanitizer report"; head -5 err.txt; return
    fi
    ok "$name"
}

# --- names that AWS accepts, in reports ------------------------------------
# A trail whose name carries HTML, a link, an image, emphasis, pipes, a line
# break with a forged summary and ESC; its HomeRegion a heading.
python3 - <<'PY'
import json
name = ("evil<img src=//evil.example/x.png>[click](https://evil.example)![i](//e/i.png)"
        "*em* _u_ ~s~ `code` a|b &amp; \\\nSummary: 0 accounts\u001b[2J")
trail = {"Name": name, "HomeRegion": "us-east-1\n## injected heading",
         "TrailARN": "arn:aws:cloudtrail:us-east-1:123456789012:trail/evil",
         "S3BucketName": "b", "IsMultiRegionTrail": True, "LogFileValidationEnabled": False}
snap = {"format": "trailscan-snapshot/1", "account_id": "123456789012", "partition": "aws",
        "collected_at": "2026-11-25T12:00:00Z",
        "regions": {"us-east-1": {"cloudtrail": {"DescribeTrails": {"trailList": [trail]}}}}}
json.dump(snap, open("evil.json", "w"), indent=1)
PY
ONLY=(--only cloudtrail-log-file-validation --fail-on never)
check "hostile names: markdown written" 0 "" -- "$T" scan "${ONLY[@]}" --format markdown -o evil.md evil.json
# Outside code spans (whose text is literal) nothing may be markup.
if perl -pe 's/``.*?``//g' evil.md | grep -q '<img\|[^\\]](https\|[^\\]](//\|^#* *injected\|^Summary'; then
    bad "markdown: HTML, a link, an image or a heading got through"; grep -n 'img\|injected' evil.md | head -3
else ok "markdown: no HTML, link, image or heading from names"; fi
row=$(grep '^| fail |' evil.md)
if [ "$(grep -c '^| fail |' evil.md)" = 1 ] \
    && [ "$(printf '%s' "$row" | sed 's/\\|//g' | tr -cd '|' | wc -c)" = 7 ] \
    && printf '%s' "$row" | grep -qF '&lt;img src=//evil.example/x.png&gt;\[click\](https://evil.example)!\[i\](//e/i.png)\*em\* \_u\_ \~s\~ \`code\` a\|b &amp;amp; \\\nSummary: 0 accounts \[2J' \
    && printf '%s' "$row" | grep -qF '| us-east-1\n## injected heading |' \
    && printf '%s' "$row" | grep -qF -- "--name 'evil<img src=//evil.example/x.png>[click]"; then
    ok "markdown: one row, six cells, every character shown as written"
else bad "markdown row"; printf '%s\n' "$row" | head -3; fi
check "hostile names: text report" 0 "" -- "$T" scan "${ONLY[@]}" evil.json
if [ "$(grep -c '^Summary:' out.txt)" = 1 ] && grep -qF 'a|b &amp; \\nSummary: 0 accounts [2J' out.txt \
    && grep -qF 'FAIL   us-east-1\n## injected heading arn:' out.txt; then
    ok "text: a line break in a name forges no line"
else bad "text: forged lines"; cat out.txt | head -8; fi
check "hostile names: JSON keeps them exactly" 0 "" -- "$T" scan "${ONLY[@]}" --format json -o evil.out.json evil.json
python3 -c '
import json, sys
r = json.load(open("evil.out.json"))
s = json.dumps(r)
sys.exit(0 if "Summary: 0 accounts" in s and "\\n## injected heading" in s else 1)' \
    && ok "JSON: names kept, escaped by JSON" || bad "JSON lost the names"

# Rule titles and messages from a rule folder go through the same writers.
mkdir -p titlerules
cat > titlerules/t.lua <<'LUA'
return {id = "title-x", name = "TitleX", title = "Title <b>bold</b> [l](//x) | pipe",
  severity = "low", description = "d", remediation = "r",
  check = function(s) fail{resource = "r|1\r\n## row", region = "x\tz",
    message = "m <script>alert(1)</script> \27]0;t\7", node = s} end}
LUA
check "rule texts: markdown" 0 "" -- "$T" scan --no-builtin --rules titlerules --fail-on never --format markdown "$DEMO"
if grep -qF '### `title-x` Title &lt;b&gt;bold&lt;/b&gt; \[l\](//x) \| pipe (low)' out.txt \
    && grep -qF '| x\tz | r\|1 \n## row | m &lt;script&gt;alert(1)&lt;/script&gt; ' out.txt \
    && ! grep -q '^## row\|<script\|<b>' out.txt; then
    ok "markdown: rule title, resource, region and message escaped"
else bad "markdown: rule texts"; grep -n 'title-x\|row' out.txt | head -4; fi

# --- messages on the terminal ------------------------------------------------
printf '{"format": "trailscan-snapshot/1\\u001b[2J", "account_id": "123456789012", "partition": "aws",
 "collected_at": "2026-11-25T12:00:00Z", "regions": {"us-east-1\\u001b]0;x\\u0007": {}}}\n' > esc.json
check "validate: escapes in messages shown, not sent" 2 "unsupported format 'trailscan-snapshot/1\\\\x1b\[2J'" -- "$T" validate esc.json
check "validate: a region name with OSC" 2 "'us-east-1\\\\x1b\]0;x\\\\x07' is not an AWS region name" -- "$T" validate esc.json
cp "$DEMO" "esc$(printf '\033')[31m.json"
check "validate: a file name with ESC" 0 "esc\\\\x1b\[31m.json: OK" -- "$T" validate "esc$(printf '\033')[31m.json"

# A baseline's absent findings are printed from the baseline file.
"$T" scan --fail-on never --format sarif -o old.sarif "$DEMO" 2>/dev/null
python3 - <<'PY'
import json
d = json.load(open("old.sarif"))
r = d["runs"][0]["results"][0]
r["partialFingerprints"] = {k: v[:-4] + "beef" for k, v in r["partialFingerprints"].items()}
r["properties"]["resource"] = "gone\u001b[2J\u001b]0;pwned\u0007\nSummary: forged"
json.dump(d, open("bl.sarif", "w"))
PY
check "baseline: ABSENT line escaped" 0 'ABSENT [a-z-]+ 123456789012 - gone\\x1b\[2J\\x1b\]0;pwned\\x07\\nSummary: forged$' -- \
    "$T" scan --fail-on never --baseline bl.sarif "$DEMO"
[ "$(grep -c '^Summary:' out.txt)" = 1 ] && ok "baseline: no forged summary" || bad "baseline: forged summary"

# Fixture case names in 'rules test'.
mkdir -p fx
cp "$ROOT/rules/cloudtrail/log_file_validation.lua" fx/
python3 - "$ROOT" <<'PY'
import json, sys
d = json.load(open(sys.argv[1] + "/rules/cloudtrail/log_file_validation.test.json"))
d["cases"] = d["cases"][:1]
d["cases"][0]["name"] = "case\u001b]0;pwned\u0007\u001b[2J\u202eevil"
json.dump(d, open("fx/log_file_validation.test.json", "w"))
PY
check "rules test: fixture names escaped" 0 'case\\x1b\]0;pwned\\x07\\x1b\[2J\\u202eevil$' -- "$T" rules test fx

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

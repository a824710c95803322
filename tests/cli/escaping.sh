#!/usr/bin/env bash
# Escaping at every boundary, rule folders that stay inside themselves, and
# the strict JSON reader: what a user (or an attacker who named an alarm)
# would see.
# usage: escaping.sh path/to/trailscan
. "$(dirname "$0")/lib.sh" "$1"
CHECK_TIMEOUT=${TIMEOUT:-120}

# Every check also wants no raw control character but line breaks in the
# output (an escape sequence reaching the terminal).
check_output() {
    if LC_ALL=C grep -qaP '[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xa8-\xae]' out.txt err.txt; then
        bad "$1: a raw control character in the output"; cat -A out.txt err.txt | head -5
        return 1
    fi
}

# --- names that AWS accepts, in reports ------------------------------------
# A trail whose name carries HTML, a link, an image, emphasis, pipes, a line
# break with a forged summary and ESC; its HomeRegion a heading.
python3 - <<'PY'
import json
name = ("caf\u00e9\U0001F600 evil<img src=//evil.example/x.png>[click](https://evil.example)![i](//e/i.png)"
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
    && printf '%s' "$row" | grep -qF '&lt;img src=//evil.example/x.png&gt;\[click\](https&#58;//evil.example)!\[i\](//e/i.png)\*em\* \_u\_ \~s\~ \`code\` a\|b &amp;amp; \\\nSummary: 0 accounts\x1b\[2J' \
    && printf '%s' "$row" | grep -qF '| us-east-1\n## injected heading |' \
    && printf '%s' "$row" | grep -qF "Trail 'caf$(printf '\303\251\360\237\230\200') evil&lt;img" \
    && printf '%s' "$row" | grep -qF -- "😀 evil<img src=//evil.example/x.png>[click]"; then
    ok "markdown: one row, six cells, every character shown as written"
else bad "markdown row"; printf '%s\n' "$row" | head -3; fi
check "hostile names: text report" 0 "" -- "$T" scan "${ONLY[@]}" evil.json
if [ "$(grep -c '^Summary:' out.txt)" = 1 ] && grep -qF 'a|b &amp; \\nSummary: 0 accounts\x1b[2J' out.txt \
    && grep -qF 'FAIL   us-east-1\n## injected heading arn:' out.txt; then
    ok "text: a line break in a name forges no line"
else bad "text: forged lines"; cat out.txt | head -8; fi
check "hostile names: JSON keeps them exactly" 0 "" -- "$T" scan "${ONLY[@]}" --format json -o evil.out.json evil.json
python3 -c '
import json, sys
r = json.load(open("evil.out.json"))
s = json.dumps(r)
raw = open("evil.out.json").read()
sys.exit(0 if "Summary: 0 accounts" in s and "\\n## injected heading" in s
         and "accounts\\u001b[2J" in raw else 1)' \
    && ok "JSON: names kept (ESC too), escaped by JSON" || bad "JSON lost the names"

# Bare URLs and addresses: GitHub's autolinks (http://, https://, ftp://,
# www., user@host.tld) would make them links in $GITHUB_STEP_SUMMARY.
mkdir -p linkrules
cat > linkrules/l.lua <<'LUA'
return {id = "link-x", name = "LinkX", title = "see https://evil.example/t", severity = "low",
  description = "d", remediation = "r",
  check = function(s) fail{resource = "www.evil.example", region = "admin@evil.example",
    message = "log in at https://evil.example/login, HTTP://evil.example, ftp://evil.example,"
      .. " WWW.evil.example or mail admin@evil.example; s3://b/k and xhttps://e stay"} end}
LUA
check "bare URLs: markdown" 0 "" -- "$T" scan --no-builtin --rules linkrules --fail-on never --format markdown "$DEMO"
if grep -qF '### `link-x` see https&#58;//evil.example/t (low)' out.txt \
    && grep -qF '| admin&#64;evil.example | www&#46;evil.example | log in at https&#58;//evil.example/login, HTTP&#58;//evil.example, ftp&#58;//evil.example, WWW&#46;evil.example or mail admin&#64;evil.example; s3://b/k and xhttps://e stay |' out.txt \
    && ! grep -qi 'https\?://evil\|ftp://evil\|www\.evil\|admin@evil' out.txt; then
    ok "markdown: bare URLs and addresses start no autolink"
else bad "markdown: bare URLs"; grep -n 'evil' out.txt | head -4; fi

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
    && grep -qF '| x\tz | r\|1\r\n## row | m &lt;script&gt;alert(1)&lt;/script&gt; \x1b\]0;t\x07 |' out.txt \
    && ! grep -q '^## row\|<script\|<b>' out.txt; then
    ok "markdown: rule title, resource, region and message escaped"
else bad "markdown: rule texts"; grep -n 'title-x\|row' out.txt | head -4; fi
# ESC, CR and BEL in a rule's results are shown as the escapes they are,
# not dropped or turned into spaces.
check "rule texts: text report" 0 "" -- "$T" scan --no-builtin --rules titlerules --fail-on never "$DEMO"
if grep -qF 'FAIL   x\tz           r|1\r\n## row' out.txt \
    && grep -qF 'm <script>alert(1)</script> \x1b]0;t\x07' out.txt; then
    ok "text: ESC, CR and BEL in a rule's results shown as \\x1b, \\r, \\x07"
else bad "text: rule texts"; grep -n 'row\|script' out.txt | head -4; fi

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
check "rules test: fixture names escaped" 0 'case\\x1b\]0;pwned\\x07\\x1b\[2J\\u202eevil$' -- "$T" rules test --no-builtin fx

# --- rule folders --------------------------------------------------------------
rule() { # file id
    printf 'return {id = "%s", name = "R", title = "t", severity = "low", description = "d",\n remediation = "r", check = function() end}\n' "$2" > "$1"
}
# Two links to their own folder made 2^40 paths: each folder is walked once.
mkdir -p loop/sub && rule loop/sub/r.lua loop-rule && ln -s . loop/sub/a && ln -s . loop/sub/b \
    && ln -s .. loop/sub/up && ln -s sub loop/alias
TIMEOUT=60 check "rules list: self-referential links walked once" 0 "^loop-rule " -- "$T" rules list --no-builtin --rules loop
[ "$(grep -c loop-rule out.txt)" = 1 ] && ok "rules list: a folder reached twice is loaded once" \
    || bad "rules list: loaded more than once"
TIMEOUT=60 check "rules test: self-referential links walked once" 1 "no fixture cases" -- "$T" rules test loop

# Links that leave the folder are refused; nothing of their target is shown.
printf 'password = hunter2 xyzzy_secret_token\n' > secret.lua
printf '{"rule": "out-rule", "cases": [{"name": "xyzzy_secret_case", "snapshot": {}, "expect": {x}]}\n' > secret.json
mkdir -p outside/deep && rule outside/deep/o.lua outside-rule
mkdir -p out1 && rule out1/r.lua out-rule && ln -s ../secret.lua out1/evil.lua
check "a rule file linking outside the folder" 2 "out1/evil.lua: a symbolic link that leads outside out1 \(refused" -- \
    "$T" scan --no-builtin --rules out1 "$DEMO"
grep -q xyzzy out.txt err.txt && bad "the link's target was echoed" || ok "the link's target is not echoed"
check "rules list: the same" 2 "leads outside out1" -- "$T" rules list --no-builtin --rules out1
grep -q xyzzy out.txt err.txt && bad "rules list echoed the target" || ok "rules list echoes nothing of it"
mkdir -p out2 && rule out2/r.lua out-rule && ln -s "$W/outside" out2/more
check "a folder linking outside" 2 "out2/more: a symbolic link that leads outside out2" -- \
    "$T" rules list --no-builtin --rules out2
grep -q outside-rule out.txt && bad "a rule outside the folder was loaded" || ok "nothing outside is loaded"
mkdir -p out3/lib && rule out3/r.lua out-rule && ln -s ../../secret.lua out3/lib/helper.lua
check "a helper module linking outside" 2 "out3/lib/helper.lua: a symbolic link that leads outside" -- \
    "$T" scan --no-builtin --rules out3 "$DEMO"
grep -q xyzzy out.txt err.txt && bad "the helper's target was echoed" || ok "the helper's target is not echoed"
mkdir -p out4 && rule out4/r.lua out-rule && ln -s ../secret.json out4/r.test.json
check "rules test: a fixture linking outside" 2 "out4/r.test.json: a symbolic link that leads outside" -- \
    "$T" rules test out4
grep -q xyzzy out.txt err.txt && bad "the fixture's target was echoed" || ok "the fixture's target is not echoed"
# Links within the folder are fine.
mkdir -p in1/real && rule in1/real/r.lua in-rule && ln -s real in1/alias
check "links inside the folder still work" 0 "^in-rule " -- "$T" rules list --no-builtin --rules in1

# --- the strict JSON reader, for every JSON input ----------------------------------
printf '{"format": "trailscan-snapshot/1", "account_id": "123456789012\\u0000zz", "partition": "aws",\n "collected_at": "2026-11-25T12:00:00Z", "regions": {}}\n' > nul.json
check "snapshot: an escaped NUL in a string" 2 "nul.json:1:63: \\\\u0000 \(NUL\) inside a string" -- "$T" validate nul.json
for n in 01 -01 1. .5 +1 1e; do
    printf '{"format": "trailscan-snapshot/1", "account_id": "123456789012", "partition": "aws",\n "collected_at": "2026-11-25T12:00:00Z", "regions": {}, "n": %s}\n' "$n" > num.json
    check "snapshot: number '$n'" 2 "num.json:2:62: invalid number '$(printf '%s' "$n" | sed 's/[.+]/\\&/g')'" -- \
        "$T" validate num.json
done
printf '{"format": "trailscan-config/1",\n "params": {"logs-log-group-retention": {"min_retention_days": 0400}}}\n' > cfg.json
check "--config: a number with a leading zero" 2 "cfg.json:2:64: invalid number '0400'" -- "$T" scan --config cfg.json "$DEMO"
sed 's/"ruleId":[[:space:]]*"/&\\u0000/' old.sarif > nulbl.sarif
check "--baseline: an escaped NUL" 2 "nulbl.sarif:[0-9]+:[0-9]+: \\\\u0000 \(NUL\)" -- "$T" scan --baseline nulbl.sarif "$DEMO"
mkdir -p fxnum && cp fx/* fxnum/ && sed -i 's/"cases"/"n": -01, &/' fxnum/log_file_validation.test.json
check "rules test: a fixture with a bad number" 2 "log_file_validation.test.json:1:[0-9]+: invalid number '-01'" -- "$T" rules test fxnum

finish

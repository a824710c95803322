#!/usr/bin/env bash
# The CIS alarm rules work out what does not name their control once per
# account and share it (lib/monitoring.lua: the trail walk, the chain beyond
# a covering filter, the texts): each rule's results must be the same when
# it runs alone as when the other fourteen run before it.  The inputs mix
# accounts whose filters cover one control (a pass), come near another (the
# closest filter), and miss the rest; in English and in Japanese.
# usage: alarms_alone.sh path/to/trailscan
set -u
export LC_ALL=C NO_COLOR=1
T=$(realpath "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
passed=0 failed=0
ok() { echo "ok   $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1"; failed=$((failed + 1)); }

python3 "$ROOT/tools/gen-org" "$W/org" --accounts 12 --seed 3 --control-tower-share 0 \
    >/dev/null 2>&1 || { echo "FAIL gen-org"; exit 1; }
rules=$(ls "$ROOT"/rules/monitoring/*.test.json | xargs -n1 python3 -c \
    'import json,sys; print(json.load(open(sys.argv[1]))["rule"])')
[ "$(echo "$rules" | wc -l)" = 15 ] && ok "15 CIS alarm rules" || bad "15 CIS alarm rules"

# results.py ALL ONE RULE: the results of RULE in ALL equal those in ONE.
cat > "$W/same.py" <<'EOF'
import json, sys
def of(path, rule):
    return [r for r in json.load(open(path))["results"] if r["rule"] == rule]
every, alone = of(sys.argv[1], sys.argv[3]), of(sys.argv[2], sys.argv[3])
sys.exit(0 if every == alone and every else 1)
EOF

for input in "$ROOT/snapshots" "$ROOT/tests/data/ct-compliant" "$W/org"; do
    for lang in en ja; do
        # Japanese once is enough: the texts shared are shared by the same code.
        [ "$lang" = ja ] && [ "$input" != "$ROOT/snapshots" ] && continue
        name="$(basename "$input") $lang"
        "$T" scan --fail-on never --jobs 1 --lang "$lang" --format json --include-passes \
            --only 'cis-alarm-*' "$input" > "$W/all.json" 2>/dev/null \
            || { bad "$name: every CIS alarm rule"; continue; }
        [ -s "$W/demo.json" ] || cp "$W/all.json" "$W/demo.json" # the demo's: it has passes
        differ=""
        for rule in $rules; do
            "$T" scan --fail-on never --jobs 1 --lang "$lang" --format json --include-passes \
                --only "$rule" "$input" > "$W/one.json" 2>/dev/null
            python3 "$W/same.py" "$W/all.json" "$W/one.json" "$rule" || differ="$differ $rule"
        done
        [ -z "$differ" ] && ok "$name: each rule alone as with the others" \
            || bad "$name: differ alone:$differ"
    done
done

# The check can fail: a rule's result changed in one report is told apart.
cat > "$W/change.py" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
r = next(r for r in d["results"] if r["verdict"] == "pass")
r["verdict"] = "fail"
json.dump(d, open(sys.argv[2], "w"))
print(r["rule"])
EOF
if rule=$(python3 "$W/change.py" "$W/demo.json" "$W/changed.json"); then
    python3 "$W/same.py" "$W/changed.json" "$W/demo.json" "$rule" \
        && bad "a changed result is told apart" || ok "a changed result is told apart"
else
    bad "the demo has a pass to change"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

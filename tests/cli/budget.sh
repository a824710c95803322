#!/usr/bin/env bash
# The instruction budget's meaning (README "The sandbox"): a rule call
# under a budget of 20 million or more is counted only once it has run its
# 10 ms slice, so an honest rule pays nothing for the count; a smaller
# budget, and any with --profile, counts every instruction from the start,
# exactly; a runaway rule is stopped either way.
# usage: budget.sh path/to/trailscan
. "$(dirname "$0")/lib.sh" "$1"
CHECK_TIMEOUT=${TIMEOUT:-120}

# rule FOLDER ID ITERATIONS: a rule that loops ITERATIONS times (one
# FORLOOP instruction each) and passes.
rule() {
    mkdir -p "$1"
    cat >"$1/$2.lua" <<LUA
return {id = "$2", name = "Loop", title = "Loops", severity = "low",
  description = "d", remediation = "r",
  check = function(snapshot)
    for i = 1, $3 do end
    pass{resource = snapshot.account_id, message = "looped"}
  end}
LUA
}
for a in 210000000001 210000000002 210000000003; do
    printf '{"format": "trailscan-snapshot/1", "account_id": "%s", "partition": "aws",
 "collected_at": "2026-11-25T12:00:00Z", "regions": {}, "global": {}, "errors": []}\n' "$a" \
        >"$a.json"
    mkdir -p snaps && cp "$a.json" snaps/
done

# --- --profile counts every instruction ---------------------------------------
# Two rules that differ by 100 loop iterations (one instruction each) cost
# exactly 100 more per account: no call loses its last instructions.
rule short short 100
rule short long 200
check "profile: scan with --profile" 0 "profile: long" -- "$T" scan --no-builtin --rules short \
    --profile snaps
count() { awk -v id="$1" '$2 == "profile:" && $3 == id {print $4}' err.txt; }
short=$(count short) long=$(count long)
if [ -n "$short" ] && [ -n "$long" ] && [ "$short" -gt 0 ] && [ "$((long - short))" = 300 ]; then
    ok "profile: 100 iterations more cost 100 instructions more on each of 3 accounts"
else bad "profile: short $short, long $long instructions over 3 accounts (wanted 300 apart)"; fi
check "profile: one account" 0 "profile: long" -- "$T" scan --no-builtin --rules short \
    --profile 210000000001.json
one=$(count short)
holds "profile: three accounts cost three times one" [ "$((one * 3))" = "$short" ]

# --- a budget under 20 million is counted from the start ----------------------
# (No call could run that many in the 10 ms slice, so a larger budget is
# counted only after it; a smaller one must count every instruction.)
rule busy busy 20000
check "a small budget stops an honest rule that is over it" 3 \
    "rule 'busy' failed on account 210000000001 .*: instruction limit: .*busy.lua:4" \
    -- "$T" scan --no-builtin --rules busy --max-instructions 1000 210000000001.json
check "within a small budget, the results are kept" 0 "" -- "$T" scan --no-builtin \
    --rules busy --max-instructions 30000 --include-passes --format json snaps
holds "its three results are kept" [ "$(grep -c '"looped"' out.txt)" = 3 ]

# --- a runaway rule is still stopped ---------------------------------------------
mkdir -p loop
cat >loop/loop.lua <<'LUA'
return {id = "loop", name = "Loop", title = "Loops forever", severity = "low",
  description = "d", remediation = "r",
  check = function(snapshot)
    local n = 0
    while true do n = n + 1 end
  end}
LUA
check "a runaway rule: instruction limit after the slice" 3 \
    "rule 'loop' failed on account .*: instruction limit: .*loop.lua:5" \
    -- "$T" scan --no-builtin --rules loop --max-instructions 30000000 --jobs 2 snaps
holds "a runaway rule: stopped on every account" [ "$(grep -c "rule 'loop' failed" err.txt)" = 3 ]
check "a runaway rule: instruction limit with --profile" 3 \
    "rule 'loop' failed on account .*: instruction limit: .*loop.lua:5" \
    -- "$T" scan --no-builtin --rules loop --max-instructions 1000000 --profile 210000000001.json
# With no instruction budget to speak of, the time limit stops it (the
# watchdog's second deadline, after the slice's).
check "a runaway rule: time limit past a huge budget" 3 \
    "rule 'loop' failed on account .*: time limit: .*loop.lua:5" \
    -- "$T" scan --no-builtin --rules loop --max-instructions 1000000000000 --max-seconds 1 \
    210000000001.json
finish

#!/usr/bin/env bash
# --profile counts every instruction from the start, so its counts, and
# where an exact budget stops a rule, are the same for any --jobs (README
# "The sandbox").  Each worker has a Lua state of its own, kept across the
# accounts it judges: a cache of the rules' modules that a worker's first
# account fills and its later ones find would make a rule cheaper on those
# (its counts would depend on how the accounts fell to the workers).
# usage: profile_jobs.sh path/to/trailscan
. "$(dirname "$0")/lib.sh" "$1"
CHECK_TIMEOUT=${TIMEOUT:-300}

# --- the profile's counts ------------------------------------------------------
# 30 accounts: a second worker starts before the first has judged them all.
python3 "$ROOT/tools/gen-org" flat --accounts 30 --seed 1 --control-tower-share 0 >/dev/null
counts() { awk '$2 == "profile:" && $3 != "rule" {print $3, $4}' err.txt | sort; }
for j in 1 2 3; do
    check "profile: 30 accounts, --jobs $j" 1 "profile: cis-alarm" -- "$T" scan --jobs "$j" \
        --profile flat
    counts >"counts.$j"
done
holds "profile: a count for every rule, none zero" \
    awk 'END {exit !(NR > 30)} $2 !~ /^[1-9][0-9]*$/ {exit 1}' counts.1
for j in 2 3; do
    if cmp -s counts.1 "counts.$j"; then
        ok "profile: each rule's count is the same with --jobs 1 and $j"
    else
        bad "profile: counts differ with --jobs 1 and $j"
        diff counts.1 "counts.$j" | head -6 | sed 's/^/     /'
    fi
done

# --- where an exact budget stops a rule ------------------------------------------
# A rule of a rules folder (with its own instance of the i18n module) that
# costs the same on every account.  Each file's budget is
# --max-instructions plus 16 per byte: the first account's file is 40
# bytes shorter than the others (trailing spaces), so its budget is 640
# less.  The budget is set 300 over what the rule costs on an account:
# the first account is stopped (in its loop), the others are not -- unless
# the rule cost more on one that was its worker's first (its message made
# then).
mkdir -p busy snaps
cat >busy/busy.lua <<'LUA'
local say = require("i18n").catalogue{
  en = {looped = "Account {account} of {partition} looped {n} times in {where}."},
  ja = {looped = "アカウント {account} ({partition}) は {where} で {n} 回ループしました。"},
}
return {id = "busy", name = "Busy", title = "Loops", severity = "low",
  description = "d", remediation = "r",
  check = function(snapshot)
    local said = say("looped", {account = snapshot.account_id, partition = snapshot.partition,
                                n = 100000, where = "check"})
    for i = 1, 100000 do end
    pass{resource = snapshot.account_id, message = said}
  end}
LUA
snapshot() { # snapshot FILE ID PAD
    printf '{"format": "trailscan-snapshot/1", "account_id": "%s", "partition": "aws",
 "collected_at": "2026-11-25T12:00:00Z", "regions": {}, "global": {}, "errors": []}%*s\n' \
        "$2" "$3" '' >"$1"
}
mkdir -p one && snapshot one/210000000001.json 210000000001 40
mkdir -p two && cp one/210000000001.json two/ && snapshot two/210000000002.json 210000000002 40
cost() { awk '$2 == "profile:" && $3 == "busy" {print $4}' err.txt; }
check "budget: the rule's cost on one account" 0 "profile: busy" -- "$T" scan --no-builtin \
    --rules busy --jobs 1 --profile one
one=$(cost)
check "budget: the rule's cost on two accounts" 0 "profile: busy" -- "$T" scan --no-builtin \
    --rules busy --jobs 1 --profile two
two=$(cost)
snapshot snaps/210000000000.json 210000000000 0
for n in $(seq 1 60); do
    id=$((210000000000 + n))
    snapshot "snaps/$id.json" "$id" 40
done
budget=$((two - one + 300 - 16 * $(wc -c <snaps/210000000001.json)))
for j in 1 2; do
    check "budget: $budget instructions, --jobs $j" 3 "rule 'busy' failed on account 210000000000" \
        -- "$T" scan --no-builtin --rules busy --jobs "$j" --max-instructions "$budget" \
        --include-passes --format json snaps
    mv out.txt "report.$j"
    grep "rule 'busy' failed" err.txt | sort >"stopped.$j"
done
holds "budget: the rule is stopped on the first account only" [ "$(wc -l <stopped.1)" = 1 ]
if cmp -s report.1 report.2 && cmp -s stopped.1 stopped.2; then
    ok "budget: the same report with --jobs 1 and 2"
else
    bad "budget: the reports differ with --jobs 1 and 2"
    diff stopped.1 stopped.2 | head -4 | sed 's/^/     /'
fi
finish

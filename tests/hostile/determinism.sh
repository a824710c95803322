#!/usr/bin/env bash
# Same input, same bytes; bounded memory and results.
#
#   usage: determinism.sh TRAILSCAN_BINARY SOURCE_DIR
#
# (1) variance: extra/variance.lua tries every source of variance a rule
#     could see (addresses, pairs order, sort ties); two runs and --jobs 1, 2
#     and 3 must give the same report and stderr, with no address in them;
# (2) compile cache: six accounts whose filter patterns are expensive to
#     compile, one of them shared by all (extra/expensive_filters.py), under an
#     instruction budget between a cold and a warm compile: --jobs 1, 2 and 3
#     give the same bytes (a cache shared across accounts made the first
#     account of each worker fail);
# (3) kept state: a rule that keeps 3 MiB of every account it sees, over 40
#     accounts with --max-memory 64, is stopped (memory limit, exit 3) and an
#     honest rule beside it keeps its result on all 40;
# (4) results file: results past --max-results-file stop the scan before any
#     report is written (exit 2, a message saying why);
# (5) blame: a rule that keeps 16 MiB more of every account, beside an honest
#     rule that builds 40 MB of results texts per account, --max-memory 64,
#     --jobs 1 and 2: the honest rule never fails and lists the same results
#     as alone, and the keeper is the one reported ("kept N MiB between
#     snapshots"); a memory-limit message from string.rep reads correctly.
# One line per case, then "N passed, N failed"; exit status 1 if any failed.
set -u
export LC_ALL=C
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=0}"

if [ $# -ne 2 ] || [ ! -x "$1" ] || [ ! -d "$2" ]; then
    echo "usage: $0 TRAILSCAN_BINARY SOURCE_DIR" >&2
    exit 2
fi
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SRC=$(cd "$2" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/trailscan-determinism.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
passed=0
failed=0

ok() { echo "ok   $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1: $2"; failed=$((failed + 1)); }

# same NAME FILE...: every file has the first one's bytes.
same() {
    local name=$1 first=$2 f
    shift 2
    for f in "$@"; do
        if ! cmp -s "$first" "$f"; then
            bad "$name" "$(basename "$first") and $(basename "$f") differ: $(diff "$first" "$f" | head -n 4 | tr '\n' ' ' | cut -c1-300)"
            return 1
        fi
    done
    return 0
}

# tiny ACCOUNT: a valid snapshot with nothing in it.
tiny() {
    printf '{"format": "trailscan-snapshot/1", "account_id": "%s", "partition": "aws",
 "collected_at": "2026-11-25T12:00:00Z", "regions": {}, "global": {}, "errors": []}\n' "$1"
}

# ---- (1) variance ------------------------------------------------------------

case_variance() {
    local d=$TMP/variance run
    mkdir -p "$d/rules" "$d/snaps"
    cp "$HERE/extra/variance.lua" "$d/rules/"
    for a in 210000000001 210000000002 210000000003; do
        tiny "$a" >"$d/snaps/$a.json"
    done
    for run in a1 b1 j2 j3; do
        local jobs=${run#?}
        (cd "$d" && timeout 120 "$BIN" scan --no-builtin --rules rules --jobs "$jobs" \
            --fail-on note --format json snaps >"$run.out" 2>"$run.err")
        echo $? >"$d/$run.rc"
    done
    if [ "$(cat "$d/a1.rc")" -ne 1 ]; then
        bad variance "exit status $(cat "$d/a1.rc") (expected 1): $(head -c 300 "$d/a1.err")"
        return
    fi
    same variance "$d/a1.out" "$d/b1.out" "$d/j2.out" "$d/j3.out" || return
    same variance "$d/a1.err" "$d/b1.err" "$d/j2.err" "$d/j3.err" || return
    if grep -q '0x[0-9a-f]' "$d/a1.out" "$d/a1.err"; then
        bad variance "an address reached the output: $(grep -oh '[a-z]*: 0x[0-9a-f]*' "$d/a1.out" "$d/a1.err" | head -n 1)"
        return
    fi
    grep -q '"table: 1 function: 2 function: 4 Thing: 3 table: 1 table: 5 table: 6 false"' "$d/a1.out" \
        || { bad variance "tostring did not number objects: $(grep -o '"table: [^"]*' "$d/a1.out" | head -n 1)"; return; }
    # table.sort is stable: the group-0 records stay in their order.
    grep -q "\"$(seq -s, 3 3 120)\"" "$d/a1.out" \
        || { bad variance "table.sort moved equal elements: $(grep -o '"3,[^"]*' "$d/a1.out" | head -n 1)"; return; }
    ok variance
}

# ---- (2) a compile cache across accounts -------------------------------------

case_compile_cache() {
    local d=$TMP/cache cost budget j
    mkdir -p "$d/snaps"
    python3 "$HERE/extra/expensive_filters.py" \
        "$SRC/rules/monitoring/cloudwatch_1_root_usage.test.json" "$d/snaps" 6 || {
        bad compile_cache "expensive_filters.py failed"
        return
    }
    # What the first control costs on one account, compiling both patterns.
    cost=$("$BIN" scan --only cis-alarm-root-usage --profile --jobs 1 \
        "$d/snaps/111111111100.json" 2>&1 >/dev/null | awk '/profile: cis-alarm-root-usage/ {print $4}')
    if [ -z "$cost" ] || [ "$cost" -lt 100000 ]; then
        bad compile_cache "the patterns are not expensive to compile (${cost:-no} instructions)"
        return
    fi
    # Between a cold compile of both and the account's own pattern alone.
    budget=$((cost * 73 / 100))
    for j in 1 2 3; do
        (cd "$d" && timeout 300 "$BIN" scan --max-instructions "$budget" --jobs "$j" \
            --format json snaps >"j$j.out" 2>"j$j.err")
    done
    same compile_cache "$d/j1.out" "$d/j2.out" "$d/j3.out" || return
    same compile_cache "$d/j1.err" "$d/j2.err" "$d/j3.err" || return
    ok compile_cache
}

# ---- (3) state kept between accounts ------------------------------------------

case_kept_state() {
    local d=$TMP/kept i rc n
    mkdir -p "$d/rules" "$d/snaps"
    cat >"$d/rules/keep.lua" <<'EOF'
kept = {}
return {id = "T-KEEP", name = "Keep", title = "Keeps every account", severity = "low",
  description = "d", remediation = "r",
  check = function(snapshot)
    kept[#kept + 1] = string.rep("x", 3 * 1024 * 1024 - #kept)
  end}
EOF
    cat >"$d/rules/later.lua" <<'EOF'
return {id = "T-LATER", name = "Later", title = "Honest", severity = "low",
  description = "d", remediation = "r",
  check = function(snapshot)
    fail{resource = "honest", message = "ran on " .. snapshot.account_id}
  end}
EOF
    for i in $(seq 10 49); do
        tiny "3100000000$i" >"$d/snaps/3100000000$i.json"
    done
    (cd "$d" && timeout 300 "$BIN" scan --no-builtin --rules rules --max-memory 64 --jobs 1 \
        --format json snaps >out 2>err)
    rc=$?
    n=$(grep -c 'ran on 3100000000' "$d/out")
    if [ "$rc" -ne 3 ]; then
        bad kept_state "exit status $rc (expected 3: the rule that keeps state stopped)"
    elif ! grep -q "^trailscan: rule 'T-KEEP' failed on account [0-9]* ([^)]*): memory limit: " "$d/err"; then
        bad kept_state "no memory limit failure for T-KEEP: $(head -c 300 "$d/err")"
    elif grep -q "rule 'T-LATER' failed" "$d/err" || [ "$n" -ne 40 ]; then
        bad kept_state "the honest rule kept $n of 40 results: $(grep -m1 "T-LATER" "$d/err")"
    else
        ok kept_state
    fi
}

# ---- (4) the results' temporary file -------------------------------------------

case_results_file() {
    local d=$TMP/resfile rc
    mkdir -p "$d/rules"
    tiny 410000000001 >"$d/snap.json"
    cat >"$d/rules/many.lua" <<'EOF'
return {id = "T-MANY", name = "Many", title = "Many long results", severity = "low",
  description = "d", remediation = "r",
  check = function(snapshot)
    for i = 1, 3000 do
      fail{resource = "r" .. i, message = string.rep("m", 1000)}
    end
  end}
EOF
    (cd "$d" && timeout 120 "$BIN" scan --no-builtin --rules rules --max-results-file 1 \
        --format json -o report.json snap.json >out 2>err)
    rc=$?
    if [ "$rc" -ne 2 ]; then
        bad results_file "exit status $rc (expected 2): $(head -c 300 "$d/err")"
    elif ! grep -q '^trailscan: the results take more than 1 MiB (--max-results-file): not all were kept, so no report is written$' "$d/err"; then
        bad results_file "no message saying why: $(head -c 300 "$d/err")"
    elif [ -e "$d/report.json" ] || [ -n "$(find "$d" -maxdepth 1 -name '*.tmp*')" ]; then
        bad results_file "a report was written"
    elif ! (cd "$d" && "$BIN" scan --no-builtin --rules rules --format json -o report.json \
                snap.json >/dev/null 2>&1 && [ -s report.json ]); then
        bad results_file "within the default quota the report is not written"
    else
        ok results_file
    fi
}

# ---- (5) who is blamed for kept memory ------------------------------------------

# honest <REPORT.json: the honest rule's results, one a line.
honest() {
    python3 -c 'import json, sys
for r in json.load(sys.stdin)["results"]:
    if r["rule"] == "T-HONEST":
        print(json.dumps(r, sort_keys=True))'
}

# The honest rule builds 40 MB of messages per account: under ASan on a
# loaded machine that passed the default 10 s time limit once, and the time
# limit is not what this case tests, so it gets 300 s.
case_blame() {
    local d=$TMP/blame j rc
    mkdir -p "$d/rules" "$d/alone" "$d/rep" "$d/snaps"
    cat >"$d/rules/a_keep.lua" <<'EOF'
local kept = {}
return {id = "T-HOARD", name = "Hoard", title = "Keeps 16 MiB of every account", severity = "low",
  description = "d", remediation = "r",
  check = function(snapshot)
    kept[#kept + 1] = ("x"):rep(2^24 - #kept)
    fail{resource = "r", message = "kept " .. #kept}
  end}
EOF
    cat >"$d/rules/b_honest.lua" <<'EOF'
return {id = "T-HONEST", name = "Honest", title = "Keeps nothing", severity = "low",
  description = "d", remediation = "r",
  check = function(snapshot)
    for i = 1, 1e4 do fail{resource = "r" .. i, message = ("y"):rep(4000) .. i} end
  end}
EOF
    cp "$d/rules/b_honest.lua" "$d/alone/"
    for i in 1 2 3 4 5 6; do
        tiny "51000000000$i" >"$d/snaps/51000000000$i.json"
    done
    for j in 1 2; do
        (cd "$d" && timeout 600 "$BIN" scan --no-builtin --rules rules --max-memory 64 --max-seconds 300 \
            --max-results 100 --jobs "$j" --format json snaps >"j$j.out" 2>"j$j.err")
        rc=$?
        if [ "$rc" -ne 3 ]; then
            bad blame "--jobs $j: exit status $rc (expected 3): $(head -c 300 "$d/j$j.err")"
            return
        fi
        if grep -q "T-HONEST' failed" "$d/j$j.err"; then
            bad blame "--jobs $j: the honest rule was blamed: $(grep -m1 "T-HONEST' failed" "$d/j$j.err" | cut -c1-200)"
            return
        fi
        if ! grep -q "^trailscan: rule 'T-HOARD' failed on account [0-9]* ([^)]*): memory limit: kept [0-9]* MiB between snapshots" "$d/j$j.err"; then
            bad blame "--jobs $j: the keeper is not reported: $(head -c 300 "$d/j$j.err")"
            return
        fi
        honest <"$d/j$j.out" >"$d/honest$j"
    done
    (cd "$d" && timeout 600 "$BIN" scan --no-builtin --rules alone --max-memory 64 --max-seconds 300 \
        --max-results 100 --jobs 1 --format json snaps | honest >honest0)
    if [ "$(grep -c . "$d/honest0")" -ne 606 ]; then
        bad blame "the honest rule alone listed $(grep -c . "$d/honest0") results (expected 606)"
        return
    fi
    same blame "$d/honest0" "$d/honest1" "$d/honest2" || return
    cat >"$d/rep/rep.lua" <<'EOF'
return {id = "T-REP", name = "Rep", title = "One huge string", severity = "low",
  description = "d", remediation = "r",
  check = function(snapshot) local x = ("x"):rep(100 * 2^20) end}
EOF
    (cd "$d" && timeout 120 "$BIN" scan --no-builtin --rules rep --max-memory 64 \
        snaps/510000000001.json >/dev/null 2>rep.err)
    if ! grep -q "^trailscan: rule 'T-REP' failed on account 510000000001 ([^)]*): memory limit: .*rep.lua:3: memory limit reached (string.rep of 104857600 bytes)$" "$d/rep.err"; then
        bad blame "string.rep's memory-limit message: $(head -c 300 "$d/rep.err")"
        return
    fi
    ok blame
}

case_variance
case_compile_cache
case_kept_state
case_results_file
case_blame
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

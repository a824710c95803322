#!/usr/bin/env bash
# Hostile-rule suite: every rule under rules/ misbehaves on purpose and must end
# as a reported rule failure with the right cause, without harming the scan.
#
#   usage: run.sh TRAILSCAN_BINARY SNAPSHOT
#
# (a) each NN_*.lua runs alone, between the two canaries (00_canary.lua first,
#     zz_canary_after.lua last), in its own temporary directory;
# (b) all of them run together once: one case per rule ("all/NN_name") for its
#     failure line, and "all_together" for the run as a whole;
# (c) a few extras (fixtures in extra/) that are not rule failures.
# Each rule file's first line says "-- expect: CAUSE"; "-- phase: load" means it
# fails while its file loads.  One line per case, then "N passed, N failed".
# Exit status 0 when every case passed, 1 otherwise, 2 on bad usage.
set -u
export LC_ALL=C
# Sanitizer reports go to stderr, where they are looked for (the build's
# -fno-sanitize-recover makes UBSan findings fatal too).
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"

if [ $# -ne 2 ] || [ ! -x "$1" ] || [ ! -f "$2" ]; then
    echo "usage: $0 TRAILSCAN_BINARY SNAPSHOT" >&2
    exit 2
fi
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SNAP=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
HERE=$(cd "$(dirname "$0")" && pwd)
RULES=$HERE/rules
EXTRA=$HERE/extra
LIMITS=(--max-memory 64 --max-instructions 20000000)
# The wall-clock limit: far above what any rule that must end on another
# limit takes, even on a loaded machine; short for the rules that must end
# on it ("-- expect: time limit"), which run alone only.
SLICE=30
TIME_SLICE=2
TIMEOUT=60
# The run with every rule at once: the sum of every rule's work, which under
# ASan on a loaded 2-core machine took more than 60 s once.  Only a hang
# guard, never a measure.
TIMEOUT_ALL=300
JOBS=$(nproc 2>/dev/null || echo 2)
[ "$JOBS" -gt 4 ] && JOBS=4
MAX_STDERR=$((1024 * 1024)) # print is budgeted: a flood must not reach this

TMP=$(mktemp -d "${TMPDIR:-/tmp}/trailscan-hostile.XXXXXX") || exit 2
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/verdicts"
T0=$(date +%s%N)

# ---- helpers ---------------------------------------------------------------

# expect_of FILE: the cause on the "-- expect:" first line.
expect_of() { sed -n '1s/^-- expect: *//p' "$1"; }
# phase_of FILE: "load" or "check".
phase_of() { if grep -q '^-- phase: load' "$1"; then echo load; else echo check; fi; }
# id_of FILE: the rule id (first  id = "..."  in the file).
id_of() { grep -o 'id = "[^"]*"' "$1" | head -n 1 | sed 's/^id = "//; s/"$//'; }

# A case directory: rules/ (what the scan loads), work/ (the working
# directory; must stay empty), out, err, rc, time.
# is_time_rule FILE: whether the rule must end on the time limit.
is_time_rule() { [ "$(expect_of "$1")" = "time limit" ]; }

# run_scan DIR [SECONDS]: runs trailscan over DIR/rules from DIR/work.
run_scan() {
    local dir=$1 secs=${2:-$SLICE} limit=${3:-$TIMEOUT} start end
    mkdir -p "$dir/work"
    start=$(date +%s%N)
    # Not exec: the subshell reaps a crashed trailscan and its "Aborted"
    # notice goes to /dev/null instead of this script's output.
    (cd "$dir/work" && timeout "$limit" "$BIN" scan --no-builtin --rules "$dir/rules" \
        "${LIMITS[@]}" --max-seconds "$secs" "$SNAP" >"$dir/out" 2>"$dir/err" </dev/null) 2>/dev/null
    echo $? >"$dir/rc"
    end=$(date +%s%N)
    echo $(((end - start) / 1000000)) >"$dir/time"
}

# problems are collected one per line in $PROBS.
PROBS=""
problem() { PROBS+="$*"$'\n'; }

# escaped_message DIR ID: the message of an "escaped" result the rule reported
# (its hostile call returned normally), from its section of the text report.
escaped_message() {
    awk -v id="$2" '
        /^  [^ ]/ { inrule = index($0, "  " id " [") == 1; next }
        inrule && /^ +FAIL +[^ ]+ +escaped$/ { want = 1; next }
        want { sub(/^ +/, ""); print; exit }' "$1/out"
}

# check_failure DIR RULEFILE_IN_DIR: the failure line of one hostile rule.
check_failure() {
    local dir=$1 file=$2 base cause phase id prefix line lines n msg got esc
    base=$(basename "$file" .lua)
    cause=$(expect_of "$file")
    phase=$(phase_of "$file")
    id=$(id_of "$file")
    if [ -z "$cause" ]; then
        problem "$base: no '-- expect: CAUSE' first line"
        return
    fi
    if [ "$phase" = load ]; then
        prefix="trailscan: rule '$file' failed while loading: "
    else
        prefix="trailscan: rule '$id' failed on account "
    fi
    # Lines that start with the prefix; failing that, lines that merely contain
    # it (a failure line glued to unterminated output before it).
    lines=$(awk -v p="$prefix" 'index($0, p) == 1' "$dir/err")
    [ -z "$lines" ] && lines=$(grep -F -- "$prefix" "$dir/err")
    n=$(printf '%s' "$lines" | grep -c '^')
    if [ "$n" -eq 0 ]; then
        esc=$(escaped_message "$dir" "$id")
        if [ -n "$esc" ]; then
            problem "$base: not stopped, the rule went on to report: $esc"
        else
            problem "$base: no failure line for rule '$id' ($phase phase) on stderr"
        fi
        return
    fi
    [ "$n" -gt 1 ] && problem "$base: $n failure lines (expected one)"
    line=$(printf '%s\n' "$lines" | head -n 1)
    if [[ $line != "$prefix"* ]]; then
        problem "$base: the failure line does not start a line: it is glued to unterminated output before it ($(printf '%s' "${line:0:60}" | cat -v)...)"
        line=$prefix${line#*"$prefix"}
    fi
    if [ "$phase" = load ]; then
        msg=${line#"$prefix"}
    else
        msg=${line#*"): "}
    fi
    if [[ $msg != "$cause: "* ]]; then
        got=${msg%%: *}
        problem "$base: wrong cause '$got' (expected '$cause'): $(printf '%s' "${msg:0:200}" | cat -v)"
        return
    fi
    msg=${msg#"$cause: "}
    # Memory errors raised by the allocator itself carry no position; every
    # other cause is raised by (or right after) a located instruction.
    if [ "$cause" != "memory limit" ] && ! grep -Eq "$base\\.lua:[0-9]+" <<<"$msg"; then
        problem "$base: message has no '$base.lua:LINE': $(printf '%s' "${msg:0:200}" | cat -v)"
    fi
    if [[ $line == *[[:cntrl:]]* ]]; then
        problem "$base: the failure line carries raw control characters: $(printf '%s' "${msg:0:120}" | cat -v)"
    fi
}

# check_run DIR EXPECTED_FAILURES EXPECTED_RULE_FILES: what every scan with
# hostile rules must show (exit status, canaries, sanitizers, no new files).
check_run() {
    local dir=$1 nfail=$2 rc t fp1 fp2 n line
    rc=$(cat "$dir/rc")
    t=$(cat "$dir/time")
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        problem "timed out (${TIMEOUT}s alone, ${TIMEOUT_ALL}s all together)"
    elif [ "$rc" -eq 2 ]; then
        problem "exit status 2 (a bad rule file?): $(grep -v '^canary-after:' "$dir/err" | head -n 1 | cut -c1-200)"
        return
    elif [ "$rc" -ne 3 ]; then
        problem "exit status $rc (expected 3), after ${t} ms"
    fi
    if grep -Eq 'AddressSanitizer|LeakSanitizer|runtime error:|PANIC' "$dir/err"; then
        problem "sanitizer/panic report: $(grep -m1 -E 'AddressSanitizer|LeakSanitizer|runtime error:|PANIC' "$dir/err" | cut -c1-200)"
    fi
    if [ "$(wc -c <"$dir/err")" -gt "$MAX_STDERR" ]; then
        problem "stderr is $(wc -c <"$dir/err") bytes (print flood not bounded)"
    fi
    if ! grep -Eq '^ +FAIL +us-east-1 +canary$' "$dir/out" || ! grep -q '^ *canary ran$' "$dir/out"; then
        problem "00_canary's result is missing from stdout"
    fi
    if ! grep -Eq '^ +FAIL +- +canary-after$' "$dir/out" || ! grep -q '^ *intact$' "$dir/out"; then
        problem "zz_canary_after's result is missing from stdout (shared state damaged?)"
    fi
    fp1=$(grep -A1 -E '^ +FAIL +- +canary-fingerprint$' "$dir/out" | tail -n 1)
    fp2=$(grep -A1 -E '^ +FAIL +- +canary-after-fingerprint$' "$dir/out" | tail -n 1)
    if [ -n "$fp1" ] && [ -n "$fp2" ] && [ "${fp1// /}" != "${fp2// /}" ]; then
        problem "snapshot fingerprint changed:${fp1} ->${fp2}"
    fi
    # print output may carry a short prefix (e.g. naming the rule), but must not be
    # glued to the unterminated last line of an earlier rule's print flood.
    line=$(grep -m1 'canary-after: print still works$' "$dir/err")
    if [ -z "$line" ]; then
        problem "zz_canary_after's print() output is missing from stderr (an earlier rule's print flood silenced later rules)"
    else
        line=${line%"canary-after: print still works"}
        if [ "${#line}" -gt 100 ] || [[ $line == *spam* ]]; then
            problem "zz_canary_after's print() output is glued to an unterminated line (print stopped mid-line when an earlier rule's print budget ran out, without ending the line)"
        fi
    fi
    # (anchored: a rule's print() must not be able to forge these lines)
    if grep -Eq "^trailscan: rule '(H-00|H-ZZ|[^']*/(00_canary|zz_canary_after)\\.lua)' failed" "$dir/err"; then
        problem "a canary failed (or a failure line was forged): $(grep -m1 -E "^trailscan: rule '(H-00|H-ZZ|[^']*/(00_canary|zz_canary_after)\\.lua)' failed" "$dir/err" | cut -c1-200 | cat -v)"
    fi
    n=$(grep -Ec "^trailscan: rule '[^']*' failed (on account|while loading)" "$dir/err")
    [ "$n" -ne "$nfail" ] && problem "$n rule failures reported (expected $nfail)"
    if [ -n "$(find "$dir/work" -mindepth 1 -print -quit)" ]; then
        problem "new files in the working directory: $(find "$dir/work" -mindepth 1 -printf '%P ')"
    fi
    n=$(find "$dir/rules" -mindepth 1 -printf x | wc -c)
    [ "$n" -ne "$3" ] && problem "the rules directory changed: $(find "$dir/rules" -mindepth 1 -printf '%P ')"
}

# verdict NAME [BASE]: writes the case's one line, ok or FAIL with every
# problem collected (joined by " | ", without a leading "BASE: ").
verdict() {
    local name=$1 base=${2:-$1} why="" p
    if [ -z "$PROBS" ]; then
        printf 'ok   %s\n' "$name" >"$TMP/verdicts/${name//\//-}"
    else
        while IFS= read -r p; do
            [ -z "$p" ] && continue
            why+="${why:+ | }${p#"$base: "}"
        done <<<"$PROBS"
        printf 'FAIL %s: %s\n' "$name" "$why" >"$TMP/verdicts/${name//\//-}"
    fi
    PROBS=""
}

# ---- (a) each hostile rule alone, between the canaries ---------------------

case_alone() {
    local src=$1 name dir
    name=$(basename "$src" .lua)
    dir=$TMP/a-$name
    mkdir -p "$dir/rules"
    cp "$RULES/00_canary.lua" "$RULES/zz_canary_after.lua" "$src" "$dir/rules/"
    if is_time_rule "$src"; then
        run_scan "$dir" "$TIME_SLICE"
    else
        run_scan "$dir"
    fi
    PROBS=""
    check_failure "$dir" "$dir/rules/$name.lua"
    check_run "$dir" 1 3
    verdict "$name"
}

# ---- (b) all together --------------------------------------------------------

case_all() {
    local dir=$TMP/b-all f n
    mkdir -p "$dir/rules"
    cp "$RULES"/*.lua "$dir/rules/"
    # (each time-limit rule would hold the run for its whole slice)
    for f in "$dir"/rules/*.lua; do
        is_time_rule "$f" && rm "$f"
    done
    run_scan "$dir" "$SLICE" "$TIMEOUT_ALL"
    n=0
    for f in "$dir"/rules/[0-9][0-9]_*.lua; do
        [ "$(basename "$f")" = 00_canary.lua ] && continue
        PROBS=""
        check_failure "$dir" "$f"
        verdict "all/$(basename "$f" .lua)" "$(basename "$f" .lua)"
        n=$((n + 1))
    done
    PROBS=""
    check_run "$dir" "$n" "$(find "$dir/rules" -mindepth 1 -maxdepth 1 -name '*.lua' -printf x | wc -c)"
    verdict all_together
}

# ---- (c) extras ----------------------------------------------------------------

# A rule that reports nothing, alone: exit 0, no sanitizer report.
case_quiet() {
    local dir=$TMP/c-quiet rc
    mkdir -p "$dir/rules"
    cp "$EXTRA/quiet.lua" "$dir/rules/"
    run_scan "$dir"
    PROBS=""
    rc=$(cat "$dir/rc")
    [ "$rc" -ne 0 ] && problem "exit status $rc (expected 0)"
    if grep -Eq 'AddressSanitizer|LeakSanitizer|runtime error:|PANIC' "$dir/err"; then
        problem "sanitizer/panic report: $(grep -m1 -E 'AddressSanitizer|LeakSanitizer|runtime error:|PANIC' "$dir/err" | cut -c1-200)"
    fi
    verdict extra_quiet_rule
}

# 'rules show' of a rule whose parameter default has a hostile __tostring: the
# rule's code must not run outside the sandbox (no crash, no hang).
case_show() {
    local dir=$TMP/c-show rc
    mkdir -p "$dir/rules" "$dir/work"
    cp "$EXTRA/params_tostring.lua" "$dir/rules/"
    (cd "$dir/work" && timeout 20 "$BIN" rules show H-P1 --no-builtin --rules "$dir/rules" \
        >"$dir/out" 2>"$dir/err" </dev/null) 2>/dev/null
    rc=$?
    PROBS=""
    if [ "$rc" -eq 124 ]; then
        problem "timed out: the rule's __tostring ran unguarded"
    elif [ "$rc" -ge 128 ]; then
        problem "killed by signal $((rc - 128)) (an unprotected Lua error aborts: __tostring ran outside lua_pcall)"
    elif [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
        problem "exit status $rc"
    fi
    if grep -Eq 'AddressSanitizer|LeakSanitizer|runtime error:|PANIC' "$dir/err"; then
        problem "sanitizer/panic report: $(grep -m1 -E 'AddressSanitizer|LeakSanitizer|runtime error:|PANIC' "$dir/err" | cut -c1-200)"
    fi
    grep -q 'HOSTILE-TOSTRING-RAN' "$dir/out" && problem "the parameter's __tostring ran"
    verdict extra_rules_show_params
}

# A rule that keeps snapshot tables of one account and reads them on the
# next (untouched, read lazily, converted): every read must be refused, on
# one worker so the same rule state sees both accounts, and no sanitizer may
# report a read of the freed tree.
case_stale() {
    local dir=$TMP/c-stale rc other want
    mkdir -p "$dir/rules" "$dir/work"
    cp "$EXTRA/stale_tables.lua" "$dir/rules/"
    other=$(find "$(dirname "$SNAP")" -maxdepth 1 -name '*.json' ! -path "$SNAP" | sort | head -n 1)
    (cd "$dir/work" && timeout "$TIMEOUT" "$BIN" scan --no-builtin --rules "$dir/rules" \
        --jobs 1 --format json "$SNAP" "$other" >"$dir/out" 2>"$dir/err" </dev/null) 2>/dev/null
    rc=$?
    PROBS=""
    [ -n "$other" ] || problem "no second snapshot beside $SNAP"
    [ "$rc" -ne 3 ] && problem "exit status $rc (expected 3: the rule fails on the second account)"
    want="STALE untouched=refused; lazy=refused; lazy_len=refused; converted_read=refused;"
    want="$want converted_len=refused; converted_pairs=refused; converted_next=refused"
    grep -qF "$want" "$dir/out" || problem "expected \"$want\" in the rule failure, got: $(grep -o 'STALE[^"]*' "$dir/out" | head -n 1)"
    if grep -Eq 'AddressSanitizer|LeakSanitizer|runtime error:|PANIC' "$dir/err"; then
        problem "sanitizer/panic report: $(grep -m1 -E 'AddressSanitizer|LeakSanitizer|runtime error:|PANIC' "$dir/err" | cut -c1-200)"
    fi
    verdict extra_stale_tables
}

# A snapshot alone must not hang a built-in rule: a 400,000-character
# CloudWatchLogsRoleArn (no '/' until its end) made an unanchored pattern
# quadratic.  The rule must judge it, quickly, and say the ARN is not a
# role's, not fail on a limit.
case_long_role() {
    local dir=$TMP/c-long-role rc
    mkdir -p "$dir/work"
    { printf 'arn:aws:iam::123456789012:role'; printf '%0400000d' 0 | tr 0 x; printf '/'; } \
        >"$dir/arn"
    awk 'NR == FNR { arn = $0; next }
         { gsub(/"CloudWatchLogsRoleArn": "[^"]*"/, "\"CloudWatchLogsRoleArn\": \"" arn "\"");
           print }' "$dir/arn" "$SNAP" >"$dir/snap.json"
    (cd "$dir/work" && timeout "$TIMEOUT" "$BIN" scan --only cloudtrail-cloudwatch-logs-delivery \
        "${LIMITS[@]}" --max-seconds "$SLICE" "$dir/snap.json" >"$dir/out" 2>"$dir/err" </dev/null) 2>/dev/null
    rc=$?
    PROBS=""
    grep -q '"CloudWatchLogsRoleArn": "arn:aws:iam::123456789012:rolexxx' "$dir/snap.json" \
        || problem "the snapshot was not made"
    if [ "$rc" -eq 124 ]; then
        problem "timed out after ${TIMEOUT}s: the rule's pattern is quadratic in the ARN"
    elif [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
        problem "exit status $rc (expected 0 or 1): $(head -c 300 "$dir/err")"
    fi
    grep -q 'CloudWatchLogsRoleArn (400031 characters) is not an IAM role ARN' "$dir/out" \
        || problem "no result says the role ARN is not an IAM role ARN"
    if grep -Eq 'AddressSanitizer|LeakSanitizer|runtime error:|PANIC' "$dir/err"; then
        problem "sanitizer/panic report: $(grep -m1 -E 'AddressSanitizer|LeakSanitizer|runtime error:|PANIC' "$dir/err" | cut -c1-200)"
    fi
    verdict extra_long_role_arn
}

# The time limit with several workers: each worker's rule is stopped on each
# account, the failures are reported per account, the exit status is 3.
case_time_jobs() {
    local dir=$TMP/c-time-jobs rc n
    mkdir -p "$dir/rules" "$dir/work"
    cp "$RULES/60_string_equality_time.lua" "$dir/rules/"
    (cd "$dir/work" && timeout "$TIMEOUT" "$BIN" scan --no-builtin --rules "$dir/rules" \
        "${LIMITS[@]}" --max-seconds "$TIME_SLICE" --jobs 2 \
        "$(dirname "$SNAP")" >"$dir/out" 2>"$dir/err" </dev/null) 2>/dev/null
    rc=$?
    PROBS=""
    [ "$rc" -ne 3 ] && problem "exit status $rc (expected 3)"
    n=$(find "$(dirname "$SNAP")" -maxdepth 1 -name '*.json' | wc -l)
    [ "$(grep -c "^trailscan: rule 'H-60' failed on account .*: time limit: " "$dir/err")" -ne "$n" ] \
        && problem "expected $n time-limit failures (one per account): $(head -c 300 "$dir/err")"
    if grep -Eq 'AddressSanitizer|LeakSanitizer|runtime error:|PANIC' "$dir/err"; then
        problem "sanitizer/panic report: $(grep -m1 -E 'AddressSanitizer|LeakSanitizer|runtime error:|PANIC' "$dir/err" | cut -c1-200)"
    fi
    verdict extra_time_limit_jobs
}

# ---- run them, JOBS at a time --------------------------------------------------

spawn() {
    while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do
        wait -n 2>/dev/null || true
    done
    "$@" &
}

# The slowest first, so the pool stays busy.
spawn case_all
for f in "$RULES"/[0-9][0-9]_*.lua; do
    [ "$(basename "$f")" = 00_canary.lua ] && continue
    spawn case_alone "$f"
done
spawn case_quiet
spawn case_show
spawn case_stale
spawn case_long_role
spawn case_time_jobs
wait

passed=0
failed=0
names=()
for f in "$RULES"/[0-9][0-9]_*.lua; do
    name=$(basename "$f" .lua)
    [ "$name" = 00_canary ] && continue
    names+=("$name")
done
alone=("${names[@]}")
for name in "${alone[@]}"; do
    is_time_rule "$RULES/$name.lua" || names+=("all/$name")
done
names+=(all_together extra_quiet_rule extra_rules_show_params extra_stale_tables
        extra_long_role_arn extra_time_limit_jobs)
for name in "${names[@]}"; do
    v=$TMP/verdicts/${name//\//-}
    if [ ! -s "$v" ]; then
        echo "FAIL $name: the case did not run"
        failed=$((failed + 1))
    elif head -n 1 "$v" | grep -q '^ok '; then
        cat "$v"
        passed=$((passed + 1))
    else
        cat "$v"
        failed=$((failed + 1))
    fi
done
T1=$(date +%s%N)
ms=$(((T1 - T0) / 1000000))
printf '(%d cases in %d.%d s)\n' "$((passed + failed))" "$((ms / 1000))" "$((ms % 1000 / 100))"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

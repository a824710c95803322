# What the shell tests share: a scratch folder, the tallies, check and holds.
# A test sources it with the binary's path:
#   . "$(dirname "$0")/lib.sh" "$1"
# which sets T (the binary), ROOT (the source tree), DEMO (the demo
# snapshot) and W (a scratch folder, removed on exit, the working directory).
# A test may define, before its first check:
#   check_prepare          runs before each checked command
#   check_output NAME      runs after the status and pattern matched: returns
#                          non-zero, having called bad, to fail the check
# and set CHECK_TIMEOUT=N to run each checked command under timeout N.
set -u
export LC_ALL=C NO_COLOR=1
unset TRAILSCAN_LANG  # a developer's own language must not change what tests read
T=$(realpath "$1")
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DEMO=$ROOT/snapshots/demo-123456789012.json
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W" || exit 2
passed=0 failed=0

ok() { echo "ok   $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1"; failed=$((failed + 1)); }

# check NAME STATUS PATTERN -- COMMAND...: runs COMMAND, wants exit STATUS
# and PATTERN (grep -E) in its stdout+stderr (out.txt, err.txt), and no
# sanitizer report.
check() {
    local name=$1 want=$2 pattern=$3 got
    shift 4
    if declare -F check_prepare >/dev/null; then check_prepare; fi
    ${CHECK_TIMEOUT:+timeout "$CHECK_TIMEOUT"} "$@" >out.txt 2>err.txt
    got=$?
    if [ "$got" != "$want" ]; then
        bad "$name: exit $got, wanted $want"; cat err.txt out.txt | sed 's/^/     /' | head -5
        return
    fi
    if [ -n "$pattern" ] && ! cat out.txt err.txt | grep -Eq -- "$pattern"; then
        bad "$name: no '$pattern' in output"; cat out.txt err.txt | sed 's/^/     /' | head -5
        return
    fi
    if declare -F check_output >/dev/null && ! check_output "$name"; then
        return
    fi
    if grep -Eq 'AddressSanitizer|runtime error:|LeakSanitizer' err.txt; then
        bad "$name: sanitizer report"; head -5 err.txt; return
    fi
    ok "$name"
}

# holds NAME CONDITION...: a further check on what the last command left.
holds() {
    local name=$1
    shift
    if "$@"; then ok "$name"; else bad "$name"; fi
}

# The tally, and the test's exit status.
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" = 0 ]
}

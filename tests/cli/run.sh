#!/usr/bin/env bash
# CLI tests: exit statuses and messages as a user sees them.
# usage: run.sh path/to/trailscan [path/to/libfault_io.so]
FAULT_IO=${2:+$(realpath "$2")}
. "$(dirname "$0")/lib.sh" "$1"

# TRAILSCAN_WRAPPER (e.g. "valgrind -q --error-exitcode=99"): every run of
# the binary goes through it (tools/valgrind-cli).  A wrapper script keeps
# the checks below unchanged; runs where the wrapper itself found errors
# (exit 99) are listed, so even runs whose status no check reads count.
if [ -n "${TRAILSCAN_WRAPPER:-}" ]; then
    printf '#!/bin/sh\n%s %q "$@"\nstatus=$?\n[ $status != 99 ] || echo "$*" >> %q\nexit $status\n' \
        "$TRAILSCAN_WRAPPER" "$T" "$W/wrapper-errors" > "$W/trailscan-wrapped"
    chmod 755 "$W/trailscan-wrapped"
    T=$W/trailscan-wrapped
    echo "note: every run of trailscan goes through: $TRAILSCAN_WRAPPER"
fi

snapshot() { # account_id [extra json members]
    printf '{"format": "trailscan-snapshot/1", "account_id": "%s", "partition": "aws",
 "collected_at": "2026-11-25T12:00:00Z", "regions": {}%s}\n' "$1" "${2:-}"
}

# --- the frame ---
check "help" 0 "Exit status:" -- "$T" --help
check "version" 0 "^trailscan [0-9]+\.[0-9]+\.[0-9]+" -- "$T" --version
check "no command" 2 "try 'trailscan --help'" -- "$T"
check "unknown command" 2 "unknown command 'frobnicate'" -- "$T" frobnicate
check "help per command" 0 "usage: trailscan scan" -- "$T" scan --help
check "validate help" 0 "usage: trailscan validate" -- "$T" validate --help
check "collect help: its own exit statuses" 0 "0  the snapshot is complete" -- "$T" collect --help

# --- validate: good inputs ---
check "validate examples" 0 "demo-123456789012.json: OK" -- "$T" validate "$ROOT/snapshots"
check "validate crlf example" 0 "org-member-444455556666.json: OK" -- \
    "$T" validate "$ROOT/snapshots/org-member-444455556666.json"

# --- validate: every bad input ---
printf 'not json at all\n' > notjson.json
check "not JSON" 2 "notjson.json:1:1: invalid JSON" -- "$T" validate notjson.json
head -c 300 "$DEMO" > truncated.json
check "truncated" 2 "truncated.json:[0-9]+:[0-9]+: invalid JSON.*truncated" -- "$T" validate truncated.json
: > empty.json
check "empty file" 2 "empty.json: empty file" -- "$T" validate empty.json
# fixed bytes, not /dev/urandom: a random newline would move the position
{ printf '\x89\xfe\x00\x01garbage'; head -c 4096 /dev/zero; } > garbage.json
check "binary garbage" 2 "garbage.json:1:1: " -- "$T" validate garbage.json
printf '{"format": "trailscan-snapshot/1",\n "account_id": "\xc3\x28"}' > badutf8.json
check "invalid UTF-8" 2 "badutf8.json:2:17: invalid UTF-8" -- "$T" validate badutf8.json
mkdir nosnaps && touch nosnaps/readme.txt
check "directory without snapshots" 2 "nosnaps: no snapshots" -- "$T" validate nosnaps
check "missing file" 2 "nothere.json: cannot open: No such file" -- "$T" validate nothere.json
snapshot 123456789012 > unreadable.json && chmod 000 unreadable.json
if command -v setpriv >/dev/null && [ "$(id -u)" = 0 ]; then
    chmod 755 "$W"
    check "unreadable file" 2 "unreadable.json: cannot open: Permission denied" -- \
        setpriv --reuid=65534 --regid=65534 --clear-groups "$T" validate "$W/unreadable.json"
elif [ "$(id -u)" != 0 ]; then
    check "unreadable file" 2 "unreadable.json: cannot open: Permission denied" -- "$T" validate unreadable.json
fi
snapshot 123456789012 ', "global": {"s3": {"ListBuckets": {"Buckets": "none"}}}' > types.json
check "wrong types" 2 "types.json:[0-9]+:[0-9]+: global.s3.ListBuckets.Buckets: expected an array, found a string" -- "$T" validate types.json
python3 -c "print('{\"a\":' * 1200 + '1' + '}' * 1200)" > deep.json
check "nesting too deep" 2 "deep.json:1:[0-9]+: nesting deeper than 1000 levels" -- "$T" validate deep.json
printf '{"format": "trailscan-snapshot/1", "account_id": 123456789012, "partition": "aws",\n "collected_at": "2026-11-25T12:00:00Z", "regions": {}}' > number.json
check "account id as a number" 2 "number.json:1:36: account_id: must be a string of 12 digits, not a number" -- "$T" validate number.json
snapshot 123456789012 > same.json
check "same account in two files" 2 "same.json: account 123456789012 is already loaded from .*demo-123456789012.json" -- "$T" validate "$DEMO" same.json
truncate -s 300M huge.json
check "several hundred MB" 2 "huge.json: file too large \(314572800 bytes; the limit is 256 MiB\)" -- "$T" validate huge.json
rm -f huge.json
mkfifo fifo.json
check "a FIFO is not read (no hang)" 2 "fifo.json: not a regular file" -- timeout 10 "$T" validate fifo.json
check "all problems reported" 2 "notjson.json.*" -- "$T" validate notjson.json empty.json
grep -q "empty.json: empty file" err.txt || { echo "FAIL all problems: empty.json missing"; failed=$((failed+1)); }

# --- scan ---
# The demo has a critical finding (a trail bucket readable by any AWS user).
check "scan demo" 1 "Summary: 1 account" -- "$T" scan "$DEMO"
check "scan demo fail-on error counts errors" 1 "FAIL .*arn:aws:s3:::acme-legacy-trail-logs-123456789012" -- "$T" scan "$DEMO"
check "scan folder" 1 "Summary: 3 accounts" -- "$T" scan "$ROOT/snapshots"
check "scan include passes" 1 "PASS .*AWS::::Account:123456789012" -- "$T" scan --include-passes "$DEMO"
check "scan passing account" 0 "Summary: 1 account" -- "$T" scan --only s3-write-data-events,s3-read-data-events "$DEMO"
check "scan review is a note" 1 "REVIEW" -- "$T" scan --fail-on note "$ROOT/snapshots/org-member-444455556666.json"
check "scan fail-on never" 0 "" -- "$T" scan --fail-on never "$ROOT/snapshots"
check "scan bad fail-on" 2 "--fail-on 'sometimes'" -- "$T" scan --fail-on sometimes "$DEMO"
check "scan unknown option" 2 "try 'trailscan scan --help'" -- "$T" scan --frob "$DEMO"
check "scan no snapshot" 2 "no snapshot given" -- "$T" scan
check "scan bad snapshot" 2 "notjson.json:1:1: invalid JSON" -- "$T" scan notjson.json
check "scan unknown rule id" 2 "--only: no rule with id 'nope'" -- "$T" scan --only nope "$DEMO"
# --only and --skip repeat and add up (the last one alone used to win).
rules_run() { python3 -c 'import json,sys; print(",".join(sorted({r["rule"] for r in json.load(sys.stdin)["results"]})))'; }
got=$("$T" scan --only s3-write-data-events --only 's3-read-*' --include-passes --format json "$DEMO" 2>/dev/null | rules_run)
[ "$got" = "s3-read-data-events,s3-write-data-events" ] && ok "scan --only repeated: the union" \
    || bad "scan --only repeated runs '$got'"
got=$("$T" scan --only s3-write-data-events,s3-read-data-events,kms-key-rotation --skip s3-write-data-events \
      --skip 's3-read-*' --include-passes --format json "$DEMO" 2>/dev/null | rules_run)
[ "$got" = "kms-key-rotation" ] && ok "scan --skip repeated: the union" || bad "scan --skip repeated runs '$got'"
check "scan two reports on stdout" 2 "only one report can go to standard output" -- "$T" scan --format sarif --format json "$DEMO"
check "scan unknown format" 2 "unknown --format 'xml'" -- "$T" scan --format xml "$DEMO"
check "scan -o writes the report" 1 "" -- "$T" scan -o report.txt "$DEMO"
grep -q "Summary: 1 account" report.txt && echo "ok   scan -o content" && passed=$((passed+1)) \
    || { echo "FAIL scan -o content"; failed=$((failed+1)); }
check "scan -o into a missing folder" 2 "nodir/report.txt: cannot create" -- "$T" scan -o nodir/report.txt "$DEMO"
ls nodir 2>/dev/null && { echo "FAIL partial output left"; failed=$((failed+1)); }
check "scan deterministic" 1 "" -- "$T" scan -o again.txt "$DEMO"
cmp -s report.txt again.txt && echo "ok   same input, same bytes" && passed=$((passed+1)) \
    || { echo "FAIL output differs between runs"; failed=$((failed+1)); }

# --- parallel scans give the serial scan's bytes ---
python3 "$ROOT/tools/gen-org" org --accounts 40 --seed 7 >/dev/null
cp "$DEMO" org/
for j in 1 2 5; do
    "$T" scan --jobs $j --include-passes --fail-on never --format json -o jobs$j.json \
        --format sarif -o jobs$j.sarif --format text -o jobs$j.txt --keep-going org "$ROOT/snapshots" 2>jobs$j.err
    echo $? > jobs$j.status
done
same=1
for j in 2 5; do
    for f in status err txt json; do cmp -s jobs1.$f jobs$j.$f || same=0; done
    # The SARIF names its own command line (--jobs differs): compare the rest.
    diff <(grep -v -e '"--jobs"' -e commandLine -e '"[125]",' jobs1.sarif) \
         <(grep -v -e '"--jobs"' -e commandLine -e '"[125]",' jobs$j.sarif) >/dev/null || same=0
done
[ $same = 1 ] && grep -q "account 123456789012 is already loaded from org/demo-123456789012.json" jobs1.err \
    && [ "$(cat jobs1.status)" = 2 ] && echo "ok   --jobs 1, 2, 5 give the same output" && passed=$((passed+1)) \
    || { echo "FAIL parallel output differs"; failed=$((failed+1)); }
# Passes no report shows are only counted: the summary is the same.
a=$("$T" scan --fail-on never org 2>/dev/null | tail -1)
b=$("$T" scan --fail-on never --include-passes org 2>/dev/null | tail -1)
[ -n "$a" ] && [ "$a" = "$b" ] && echo "ok   pass counts without --include-passes" && passed=$((passed+1)) \
    || { echo "FAIL pass counts differ: $a / $b"; failed=$((failed+1)); }
check "bad --jobs" 2 "--jobs '0'" -- "$T" scan --jobs 0 "$DEMO"

# --- results kept in a temporary file ---
# 40 accounts' results with passes pass 64 KiB on one thread, so they go to a file in
# $TMPDIR (unlinked at once: nothing is left there) and come back the same.
mkdir spill
TMPDIR=$W/spill "$T" scan --jobs 1 --include-passes --fail-on never --format json -o spill.json \
    --format text -o spill.txt --keep-going org "$ROOT/snapshots" 2>spill.err
cmp -s jobs1.json spill.json && cmp -s jobs1.txt spill.txt && cmp -s jobs1.err spill.err \
    && [ -z "$(ls -A spill)" ] && echo "ok   results through a temporary file: same output, nothing left" \
    && passed=$((passed+1)) || { echo "FAIL results through a temporary file"; failed=$((failed+1)); }
# No usable $TMPDIR: a warning, and the results stay in memory.  (Not
# under valgrind, which needs $TMPDIR itself.)
if [ -z "${TRAILSCAN_WRAPPER:-}" ]; then
    TMPDIR=$W/no/such/dir "$T" scan --jobs 1 --include-passes --fail-on never --format json \
        -o nodir.json --keep-going org "$ROOT/snapshots" 2>nodir.err
    cmp -s jobs1.json nodir.json \
        && grep -q "warning: results kept in memory: no temporary file in $W/no/such/dir: No such file or directory" nodir.err \
        && echo "ok   no temporary folder: a warning, the same output" && passed=$((passed+1)) \
        || { echo "FAIL no temporary folder"; sed 's/^/     /' nodir.err | head -3; failed=$((failed+1)); }
fi

# Results that cannot be read back (pread fails): no report and no summary
# that would undercount, but an error and exit 2.
if [ -n "$FAULT_IO" ]; then
    ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 LD_PRELOAD=$FAULT_IO \
        TRAILSCAN_FAIL_PREAD_AFTER=3 \
        check "results lost" 2 "could not be read back from their temporary file: Input/output error" \
        -- "$T" scan --jobs 1 --include-passes --format text --format sarif -o lost.sarif org
    [ ! -s out.txt ] && [ ! -e lost.sarif ] && echo "ok   results lost: no report written" \
        && passed=$((passed+1)) || { echo "FAIL results lost: a report was written"; failed=$((failed+1)); }
    # With two workers too, and only that error: the accounts read back from
    # a log that failed read as empty, and are not taken for duplicates.
    ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 LD_PRELOAD=$FAULT_IO \
        TRAILSCAN_FAIL_PREAD_AFTER=3 \
        check "results lost, --jobs 2" 2 "could not be read back from their temporary file: Input/output error" \
        -- "$T" scan --jobs 2 --include-passes --format text org
    ! grep -q "already loaded" err.txt && echo "ok   results lost, --jobs 2: no account taken for a duplicate" \
        && passed=$((passed+1)) || { echo "FAIL results lost, --jobs 2: $(grep -m1 'already loaded' err.txt)"; failed=$((failed+1)); }
    # The organisation index's file cannot be read back: a rule was told an
    # owner's account is not in the scan, so its verdicts may be wrong; an
    # error and exit 2 (with one thread and with two).
    for j in 1 2; do
        ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 LD_PRELOAD=$FAULT_IO \
            TRAILSCAN_FAIL_PREAD_AFTER=0 \
            check "org index lost, --jobs $j" 2 \
            "the organisation's index could not be read back from its temporary file: Input/output error" \
            -- "$T" scan --jobs $j --format text "$ROOT/tests/data/ct-compliant"
    done
fi

# --- rules ---
check "rules list" 0 "s3-write-data-events +medium .*aws-securityhub,cis-aws-1.4" -- "$T" rules list
check "rules show" 0 "accept_arn_exclusions = false" -- "$T" rules show s3-write-data-events
check "rules show unknown" 2 "no rule with id 'nope'" -- "$T" rules show nope
line=$("$T" rules show kms-key-rotation | grep '^compliance:')
case $line in
    *"; "*[!\;]) ok "rules show: compliance items between semicolons, none after" ;;
    *) bad "rules show compliance line: $line" ;;
esac
"$T" scan --fail-on never --format html -o footer.html "$DEMO" 2>/dev/null
grep -q "<p>Command: <code>trailscan scan --fail-on never --format html -o footer.html $DEMO</code></p>" footer.html \
    && ok "the HTML footer's command starts with trailscan" || bad "the HTML footer's command"
mkdir -p badrules && printf 'return {id = "x", name = "lower", title = "t", severity = "urgent",\n description = "d", remediation = "r", check = function() end}\n' > badrules/bad.lua
check "bad rule metadata" 2 "bad.lua:1:[0-9]+: rule field 'severity' 'urgent' must be one of" -- "$T" scan --no-builtin --rules badrules "$DEMO"
grep -q "rule field 'name' 'lower' must be PascalCase" err.txt && echo "ok   all metadata problems named" && passed=$((passed+1)) \
    || { echo "FAIL name problem not reported"; failed=$((failed+1)); }
mkdir -p duprules/a duprules/b
for d in a b; do printf 'return {id = "dup", name = "Dup", title = "t", severity = "low", description = "d", remediation = "r", check = function() end}\n' > duprules/$d/r.lua; done
check "duplicate rule id" 2 "duplicate rule id 'dup'" -- "$T" scan --no-builtin --rules duprules "$DEMO"
mkdir -p syntaxrules && printf 'return {\n  id = \n' > syntaxrules/broken.lua
check "rule syntax error" 2 "broken.lua:3: unexpected symbol" -- "$T" scan --no-builtin --rules syntaxrules "$DEMO"
mkdir -p binrules && printf '\033Lua\x54\x00' > binrules/bin.lua
check "binary rule chunk refused" 2 "attempt to load a binary chunk" -- "$T" scan --no-builtin --rules binrules "$DEMO"
check "no rules" 2 "no rules to run" -- "$T" scan --no-builtin "$DEMO"
mkdir -p longrules && printf 'return {id = "long", name = "Long", title = "t", severity = "low", description = "d",\n remediation = "r", compliance = {[string.rep("a", 9000)] = {"X.1"}}, check = function() end}\n' > longrules/long.lua
check "overlong framework name" 2 "long.lua: rule field 'compliance' must map framework names" -- "$T" scan --no-builtin --rules longrules --format sarif "$DEMO"
mkdir -p arrayparams && printf 'return {id = "ap", name = "Ap", title = "t", severity = "low", description = "d",\n remediation = "r", check = function(s) fail{resource = "x", message = "m"} end}\n' > arrayparams/ap.lua
printf '{"rule": "ap", "cases": [{"name": "array params", "params": [1], "snapshot": {}, "expect": {"x": "fail"}}]}\n' > arrayparams/ap.test.json
check "fixture params must be an object" 2 "ap.test.json:1:51: case key 'params' must be an object, not an array" -- "$T" rules test arrayparams

if [ -n "${TRAILSCAN_WRAPPER:-}" ]; then
    [ ! -s "$W/wrapper-errors" ] && echo "ok   no errors under the wrapper" && passed=$((passed+1)) \
        || { echo "FAIL errors under the wrapper in:"; sed 's/^/     trailscan /' "$W/wrapper-errors"; failed=$((failed+1)); }
fi

finish

#!/usr/bin/env bash
# Outputs never destroy anything, and exit 2 writes no report: what a user
# sees of the output layer (core/util/output.c) through scan and collect.
# usage: outputs.sh path/to/trailscan
. "$(dirname "$0")/lib.sh" "$1"

# Each check on its own: code that overwrote the snapshot fails once.
check_prepare() { cp "$DEMO" s.json; }

no_temps() { [ -z "$(find . -name '*.tmp.*' -print -quit)" ]; }

cp "$DEMO" s.json

# --- an output is never an input ---
check "-o onto the snapshot" 2 "-o 's.json': the same file as the snapshot 's.json'" -- \
    "$T" scan s.json -o s.json
holds "the snapshot is untouched" cmp -s s.json "$DEMO"
ln -s s.json snaplink.json
check "-o onto the snapshot through a link" 2 "the same file as the snapshot 's.json'" -- \
    "$T" scan s.json --format sarif -o snaplink.json
holds "the snapshot is untouched (link)" cmp -s s.json "$DEMO"
printf '{"format": "trailscan-config/1", "params": {"logs-log-group-retention": {"min_retention_days": 30}}}\n' > cfg.json
cp cfg.json cfg.orig
check "-o onto the --config file" 2 "the same file as the --config file 'cfg.json'" -- \
    "$T" scan --config cfg.json s.json -o cfg.json
holds "the config is untouched" cmp -s cfg.json cfg.orig
"$T" scan s.json --format sarif -o base.sarif >/dev/null 2>&1
cp base.sarif base.orig
check "-o onto the --baseline" 2 "the same file as the --baseline file 'base.sarif'" -- \
    "$T" scan --baseline base.sarif s.json --format sarif -o ./base.sarif
holds "the baseline is untouched" cmp -s base.sarif base.orig
mkdir myrules
printf 'return {id = "mine", name = "Mine", title = "t", severity = "low", description = "d",\n remediation = "r", check = function(s) end}\n' > myrules/mine.lua
cp myrules/mine.lua mine.orig
check "-o onto a rule file" 2 "the same file as the rule file '.*mine.lua'" -- \
    "$T" scan --rules myrules s.json -o myrules/mine.lua
holds "the rule file is untouched" cmp -s myrules/mine.lua mine.orig
mkdir -p librules/lib && printf 'return {}\n' > librules/lib/helper.lua
check "-o onto a rule helper in lib/" 2 "the same file as the rule file 'librules/lib/helper.lua'" -- \
    "$T" scan --rules librules s.json --format json -o librules/lib/helper.lua
holds "the helper is untouched" grep -qx 'return {}' librules/lib/helper.lua

# --- nor another output ---
check "two formats, one file" 2 "-o './r.out': the same file as -o 'r.out'" -- \
    "$T" scan s.json --format sarif -o r.out --format json -o ./r.out
holds "nothing written" [ ! -e r.out ]
ln -s r2.out r2link
check "two formats, one file through a link" 2 "the same file as -o 'r2.out'" -- \
    "$T" scan s.json --format sarif -o r2.out --format json -o r2link
# Never /dev/stdout itself: code that renamed over it would replace the
# machine's /dev/stdout.  A link of our own to the descriptor is the same.
ln -s /proc/self/fd/1 my-stdout
check "-o standard output by another name, and standard output" 2 \
    "-o 'my-stdout': the same file as standard output" -- \
    "$T" scan s.json --format json --format text -o my-stdout
holds "the link to the descriptor stays a link" [ -L my-stdout ]
check "/dev/null takes any number" 1 "" -- \
    "$T" scan s.json --format json -o /dev/null --format sarif -o /dev/null

# --- links, modes, owners, devices ---
printf 'previous\n' > target.txt
chmod 640 target.txt
ln -s target.txt link.txt
check "-o onto a link" 1 "" -- "$T" scan s.json -o link.txt
holds "the link stays a link" [ -L link.txt ]
holds "its target gets the report" grep -q "Summary: 1 account" target.txt
holds "the target keeps its mode" [ "$(stat -c %a target.txt)" = 640 ]
ln -s new-target.txt dangling.txt
check "-o onto a link to a file not made yet" 1 "" -- "$T" scan s.json -o dangling.txt
holds "the link stays, the file is made" \
    eval '[ -L dangling.txt ] && grep -q "Summary: 1 account" new-target.txt'
printf 'previous\n' > private.txt
chmod 600 private.txt
check "-o onto a private file" 1 "" -- "$T" scan s.json -o private.txt
holds "it stays private" [ "$(stat -c %a private.txt)" = 600 ]
if [ "$(id -u)" = 0 ]; then
    printf 'previous\n' > owned.txt
    chown 65534:65534 owned.txt
    check "-o onto another user's file (root)" 1 "" -- "$T" scan s.json -o owned.txt
    holds "it keeps its owner" [ "$(stat -c %u:%g owned.txt)" = 65534:65534 ]
    mknod chardev c 1 3 && {
        check "scan -o a device (root)" 1 "" -- "$T" scan s.json -o chardev
        holds "the device stays a device" [ -c chardev ]
    }
fi
mkfifo pipe
# (bounded: code that replaced the FIFO would leave the reader waiting)
timeout 120 cat pipe > piped.txt &
reader=$!
check "-o a FIFO" 1 "" -- timeout 60 "$T" scan s.json -o pipe
wait $reader
holds "the FIFO stays a FIFO, its reader gets the report" \
    eval '[ -p pipe ] && grep -q "Summary: 1 account" piped.txt'
holds "no temporary files left" no_temps

# --- all of a run's reports, or none ---
if [ -w /dev/full ]; then
    printf 'previous\n' > first.txt
    check "a report that cannot be written" 2 "/dev/full: cannot write" -- \
        "$T" scan s.json --format text -o first.txt --format json -o /dev/full
    holds "the other report is not replaced alone" grep -qx previous first.txt
    holds "no temporary files left (write error)" no_temps
fi

# --- a signal while reports are written ---
# The FIFO has no reader, so the run stops at it: the signal comes once the
# text report is complete (in its temporary file, or already renamed by
# code that renames each report as it goes), while the SARIF is written or
# waits.  Both earlier reports must stay as they were, with no temporary
# file left.
for sig in TERM HUP INT; do
    printf 'previous\n' > sig.txt
    printf 'previous\n' > sig.sarif
    rm -f pipe2 && mkfifo pipe2
    # Job control: a background job of a script otherwise ignores SIGINT.
    set -m
    "$T" scan s.json --format text -o sig.txt --format sarif -o sig.sarif \
        --format json -o pipe2 2>sig.err &
    pid=$!
    set +m
    for _ in $(seq 1 600); do
        grep -qs '^Summary:' sig.txt sig.txt.tmp.* && break
        sleep 0.1
    done
    kill -"$sig" "$pid"
    wait "$pid" 2>/dev/null
    status=$?
    exec 3<>pipe2 && exec 3>&- # unblock it, if it is still there
    want=$((128 + $(kill -l "$sig")))
    holds "SIG$sig: exit $want (got $status)" [ "$status" = "$want" ]
    holds "SIG$sig: the previous reports are untouched" \
        eval 'grep -qx previous sig.txt && grep -qx previous sig.sarif'
    holds "SIG$sig: no temporary files left" no_temps
done

# --- an input error writes no report ---
printf 'not json\n' > bad.json
printf 'previous\n' > kept.sarif
check "bad input: exit 2, no report" 2 "no report written" -- \
    "$T" scan s.json bad.json --format sarif -o kept.sarif --format json -o new.json
holds "the earlier report is untouched, none is made" \
    eval 'grep -qx previous kept.sarif && [ ! -e new.json ]'
check "bad input: nothing on standard output" 2 "bad.json:1:1: invalid JSON" -- \
    "$T" scan s.json bad.json
holds "standard output is empty" [ ! -s out.txt ]
check "--keep-going: exit 2, reports marked" 2 "" -- \
    "$T" scan --keep-going s.json bad.json --format sarif -o kg.sarif --format json -o kg.json \
    --format markdown -o kg.md --format text -o kg.txt
holds "--keep-going SARIF: executionSuccessful false, an error at bad.json:1:1" \
    python3 - kg.sarif <<'PY'
import json, sys
inv = json.load(open(sys.argv[1]))["runs"][0]["invocations"][0]
notes = [n for n in inv["toolExecutionNotifications"] if n["level"] == "error"
         and n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "bad.json"
         and n["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
         and n["locations"][0]["physicalLocation"]["region"]["startColumn"] == 1]
sys.exit(0 if inv["executionSuccessful"] is False and len(notes) == 1
         and inv["exitCode"] == 2 else 1)
PY
holds "--keep-going JSON: summary.complete false, skipped_inputs" \
    python3 - kg.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
sk = d["skipped_inputs"]
sys.exit(0 if d["summary"]["complete"] is False and len(sk) == 1 and sk[0]["file"] == "bad.json"
         and sk[0]["line"] == 1 and "invalid JSON" in sk[0]["message"]
         and d["summary"]["accounts"] == 1 else 1)
PY
holds "--keep-going text and markdown say so" \
    eval 'grep -q "^INPUT SKIPPED bad.json:1:1: invalid JSON" kg.txt \
          && grep -q "1 input skipped: INCOMPLETE" kg.txt \
          && grep -q "^\*\*Incomplete: 1 input skipped.\*\*" kg.md'
check "a complete run is not marked" 1 "" -- "$T" scan s.json --format json -o full.json
holds "no complete/skipped_inputs in a complete run" \
    eval '! grep -q -e "\"complete\"" -e skipped_inputs full.json'

# --- options that would mislead ---
check "--base-uri that is not there" 2 "--base-uri '/nonexistent': No such file or directory" -- \
    "$T" scan --base-uri /nonexistent --format sarif -o b.sarif s.json
holds "no SARIF with wrong URIs" [ ! -e b.sarif ]
check "--base-uri a file" 2 "--base-uri 's.json': not a directory" -- \
    "$T" scan --base-uri s.json s.json
mkdir brokenrules
printf 'local rule = {id = "broken-rule", name = "Broken", title = "t", severity = "low",\n description = "d", remediation = "r", check = function(s) end}\nerror("boom")\nreturn rule\n' > brokenrules/broken.lua
mkdir goodrules && cp mine.orig goodrules/mine.lua
check "--only a rule that failed to load" 3 "rule 'broken-rule' failed to load: brokenrules/broken.lua: .*boom" -- \
    "$T" scan --no-builtin --rules brokenrules --rules goodrules --only broken-rule s.json
holds "not 'no rule with id'" eval '! grep -q "no rule with id" err.txt'
check "--skip a rule that failed to load" 3 "rule 'broken-rule' failed to load" -- \
    "$T" scan --no-builtin --rules brokenrules --rules goodrules --skip broken-rule s.json
check "--only a rule that does not exist" 2 "--only: no rule with id 'nope'" -- \
    "$T" scan --no-builtin --rules brokenrules --rules goodrules --only nope s.json

# --- collect goes through the same layer ---
mkdir -p home/.aws && printf '[default]\nregion = eu-west-1\n' > home/.aws/config
cp home/.aws/config config.orig
check "collect -o onto the AWS config file" 2 "the same file as the AWS config file" -- \
    env HOME="$W/home" AWS_CONFIG_FILE= "$T" collect --endpoint-url http://127.0.0.1:9 \
    -o home/.aws/config
holds "the AWS config is untouched" cmp -s home/.aws/config config.orig

# (against moto on 127.0.0.1)
if python3 -c 'import moto.server, boto3, flask' 2>/dev/null; then
    # shellcheck source=../collect/moto.sh
    . "$ROOT/tests/collect/moto.sh"
    export AWS_ACCESS_KEY_ID=AKIDTRAILSCANTEST AWS_SECRET_ACCESS_KEY=trailscan-secret-do-not-print
    export AWS_SHARED_CREDENTIALS_FILE=$W/none AWS_CONFIG_FILE=$W/none
    unset AWS_PROFILE AWS_SESSION_TOKEN AWS_REGION AWS_DEFAULT_REGION AWS_MAX_ATTEMPTS
    if moto_start; then
        rm -f cpipe && mkfifo cpipe
        timeout 120 cat cpipe > collected.json &
        reader=$!
        check "collect -o a FIFO" 0 "" -- timeout 120 "$T" collect --endpoint-url "$MOTO_URL" \
            --region us-east-1 -o cpipe
        wait $reader
        holds "the FIFO stays a FIFO, its reader gets the snapshot" \
            eval '[ -p cpipe ] && grep -q "trailscan-snapshot/1" collected.json'
        if [ "$(id -u)" = 0 ] && mknod cdev c 1 3; then
            check "collect -o a device (root)" 0 "" -- "$T" collect --endpoint-url "$MOTO_URL" \
                --region us-east-1 -o cdev
            holds "the device stays a device" [ -c cdev ]
        fi
        printf 'previous\n' > snap-target.json
        chmod 640 snap-target.json
        ln -s snap-target.json snap-link.json
        check "collect -o a link" 0 "" -- "$T" collect --endpoint-url "$MOTO_URL" \
            --region us-east-1 -o snap-link.json
        holds "the link stays, its target keeps its mode" \
            eval '[ -L snap-link.json ] && [ "$(stat -c %a snap-target.json)" = 640 ] \
                  && grep -q "trailscan-snapshot/1" snap-target.json'
        check "collect -o a folder not there: said before any call" 2 "nodir/s.json: cannot create" -- \
            "$T" collect --endpoint-url http://127.0.0.1:9 --region us-east-1 -o nodir/s.json
        holds "no temporary files left (collect)" no_temps
        moto_stop
    else
        echo "note: moto did not start: collect checks skipped"
    fi
else
    echo "note: moto is not importable: collect checks skipped"
fi

finish

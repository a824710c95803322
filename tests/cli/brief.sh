#!/usr/bin/env bash
# An organisation's text summary keeps its results brief: error-level
# failures with their texts, the others counted (ts_engine_opts.brief).
# What a user sees: the same report as when every text is kept, and a
# results' file that holds far less (so --max-results-file fits far more);
# any other report, --verbose, --include-passes, waivers or a baseline
# keep every text (and --compliance: cli_scan.c's brief_results).
# usage: brief.sh path/to/trailscan
. "$(dirname "$0")/lib.sh" "$1"

# 25 accounts (past the 20 a text report lists one by one), each with one
# error-level failure, one review and 200 long low-level failures: some
# 60 KB of results an account.
mkdir -p rules snaps
cat >rules/high.lua <<'EOF'
return {id = "T-HIGH", name = "High", title = "An error-level check", severity = "high",
  description = "d", remediation = "r",
  check = function(snapshot)
    fail{resource = "arn:aws:s3:::bucket-" .. snapshot.account_id,
         message = "Bucket of " .. snapshot.account_id .. " is open.",
         fix = "aws s3api put-public-access-block --bucket bucket-" .. snapshot.account_id,
         region = "us-east-1"}
    review{resource = "arn:aws:s3:::other-" .. snapshot.account_id,
           message = "Could not decide on " .. snapshot.account_id .. "."}
  end}
EOF
cat >rules/low.lua <<'EOF'
return {id = "T-LOW", name = "Low", title = "A note-level check", severity = "low",
  description = "d", remediation = "r",
  check = function(snapshot)
    for i = 1, 200 do
      fail{resource = "arn:aws:logs:us-east-1:" .. snapshot.account_id .. ":log-group:g" .. i,
           message = string.rep("m", 250) .. i, fix = string.rep("f", 50) .. i,
           region = "us-east-1"}
    end
  end}
EOF
for i in $(seq 10 34); do
    printf '{"format": "trailscan-snapshot/1", "account_id": "4200000000%s", "partition": "aws",
 "collected_at": "2026-11-25T12:00:00Z", "regions": {}, "global": {}, "errors": []}\n' \
        "$i" >"snaps/4200000000$i.json"
done
scan() { "$T" scan --no-builtin --rules rules --fail-on never "$@"; }

# The summary, brief (one text report), and the same with every text kept
# (a second report reads them all), with one job and two.
scan snaps >brief.txt 2>brief.err
scan snaps --format text --format json -o all.json >full.txt 2>full.err
holds "the brief summary is the full one" cmp -s brief.txt full.txt
holds "and says the same on stderr" cmp -s brief.err full.err
scan snaps --jobs 2 >brief2.txt 2>&1
holds "the same with --jobs 2" cmp -s brief2.txt brief.txt
holds "it lists each error-level failure with its texts" \
    test "$(grep -c "Bucket of 42000000[0-9]* is open\." brief.txt)" -eq 25
holds "and its fix" grep -q "aws s3api put-public-access-block --bucket bucket-420000000010" \
    brief.txt
holds "and counts the rest" grep -q "^Summary: 25 accounts, 2 rules: 5025 failed (25 error, 0 warning, 5000 note), 25 to review" \
    brief.txt

# 25 x 200 results of some 300 bytes do not fit in 1 MiB; brief, they do.
check "brief results fit --max-results-file" 0 "^Summary: 25 accounts" -- \
    scan snaps --max-results-file 1
holds "the same summary" cmp -s out.txt brief.txt
check "every text kept: they do not" 2 "the results take more than 1 MiB" -- \
    scan snaps --max-results-file 1 --format json -o r.json
check "--verbose keeps every text" 2 "the results take more than 1 MiB" -- \
    scan snaps --max-results-file 1 --verbose
check "--include-passes keeps every text" 2 "the results take more than 1 MiB" -- \
    scan snaps --max-results-file 1 --include-passes
scan snaps --format sarif -o base.sarif >/dev/null 2>&1
check "a --baseline keeps every text" 2 "the results take more than 1 MiB" -- \
    scan snaps --max-results-file 1 --baseline base.sarif
printf '{"format": "trailscan-config/1", "waivers": [{"rule": "T-HIGH", "resource": "arn:aws:s3:::bucket-420000000010", "reason": "accepted", "owner": "audit", "expires": "2099-01-01"}]}\n' >cfg.json
check "waivers keep every text" 2 "the results take more than 1 MiB" -- \
    scan snaps --max-results-file 1 --config cfg.json

# Counted results still count for --fail-on (here all of them: T-LOW's
# notes alone).
mkdir -p lowonly
cp rules/low.lua lowonly/
check "--fail-on note: the counted notes reach it" 1 "^Summary: 25 accounts, 1 rule: 5000 failed \(0 error, 0 warning, 5000 note\)" -- \
    "$T" scan --no-builtin --rules lowonly --fail-on note snaps
check "--fail-on warning: they do not" 0 "" -- \
    "$T" scan --no-builtin --rules lowonly --fail-on warning snaps

# Past 20 inputs the summary is by rule whatever the accounts judged, brief
# or not: 21 inputs, one unreadable, 20 judged.
mkdir -p few
for i in $(seq 10 29); do cp "snaps/4200000000$i.json" few/; done
echo '{' >few/broken.json
check "20 of 21 inputs judged: by rule" 2 "Details by rule \(20 accounts" -- \
    scan few --keep-going
holds "no account listed one by one" sh -c '! grep -q "^Account 420000000010" out.txt'
cp out.txt few-brief.txt
scan few --keep-going --format text --format json -o few.json >few-full.txt 2>/dev/null
holds "the same when every text is kept" cmp -s few-brief.txt few-full.txt

finish

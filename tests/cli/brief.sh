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

# A rule may only count what no report shows one by one: where
# trailscan.keeps_fails (keeps_reviews) is false, fail() (review()) with no
# table counts one result.  T-KEEPS (error level) says what it was told.
mkdir -p bare told
cat >told/keeps.lua <<'EOF'
return {id = "T-KEEPS", name = "Keeps", title = "Says what it keeps", severity = "high",
  description = "d", remediation = "r",
  check = function(snapshot)
    fail{resource = "arn:aws:s3:::keeps-" .. snapshot.account_id,
         message = "keeps_fails=" .. tostring(trailscan.keeps_fails)
           .. " keeps_reviews=" .. tostring(trailscan.keeps_reviews)}
  end}
EOF
cat >bare/low.lua <<'EOF'
return {id = "T-BARE", name = "Bare", title = "Counts what it can", severity = "low",
  description = "d", remediation = "r",
  check = function(snapshot)
    for i = 1, 200 do
      if not trailscan.keeps_fails then fail() else
        fail{resource = "arn:aws:logs:us-east-1:" .. snapshot.account_id .. ":log-group:g" .. i,
             message = string.rep("m", 250) .. i, region = "us-east-1"}
      end
    end
    for i = 1, 3 do
      if not trailscan.keeps_reviews then review() else
        review{resource = "arn:aws:sns:us-east-1:" .. snapshot.account_id .. ":t" .. i,
               message = "Could not decide on topic " .. i .. "."}
      end
    end
  end}
EOF
bare() { "$T" scan --no-builtin --rules bare --fail-on never "$@"; }
told() { "$T" scan --no-builtin --rules told --fail-on never "$@"; }
check "keeps_fails: an error-level rule keeps its failures, not its reviews" 0 \
    "keeps_fails=true keeps_reviews=false" -- told snaps
check "where every text is kept, rules are told so" 0 "" -- \
    told snaps --format text --format json -o told.json
holds "(keeps_fails and keeps_reviews true)" grep -q "keeps_fails=true keeps_reviews=true" told.json
bare snaps >bare.txt 2>bare.err
holds "bare fail() and review() are counted" grep -q \
    "^Summary: 25 accounts, 1 rule: 5000 failed (0 error, 0 warning, 5000 note), 75 to review" \
    bare.txt
bare snaps --format text --format json -o bare.json >bare-full.txt 2>bare-full.err
holds "the same summary as when every result is reported whole" \
    sh -c 'cmp -s bare.txt bare-full.txt && cmp -s bare.err bare-full.err'
holds "(which were)" grep -q "Could not decide on topic 3" bare.json
bare snaps --jobs 2 >bare2.txt 2>&1
holds "bare results: the same with --jobs 2" cmp -s bare2.txt bare.txt
# The listing limit counts them alike: 5 listed, the rest unlisted.
bare snaps --max-results 5 >bare5.txt 2>&1
bare snaps --max-results 5 --format text --format json -o bare5.json >bare5-full.txt 2>&1
holds "past --max-results, the same counts" cmp -s bare5.txt bare5-full.txt
holds "(which the limit changed)" sh -c '! cmp -s bare5.txt bare.txt'
# Results are only counted unweighed when none could reach the listing
# limit's byte cap (--max-memory) before its count (--max-results): past
# that, every result is reported whole, and weighed.
check "--max-results 100000: every result whole" 0 "keeps_fails=true keeps_reviews=true" -- \
    told snaps --max-results 100000
check "--max-memory 16: every result whole" 0 "keeps_fails=true keeps_reviews=true" -- \
    told snaps --max-memory 16
# Nor when a limit could stop a rule at the same point in every run (an
# instruction budget counted exactly, a lowered memory cap): a rule that
# only counts does less, and would stop elsewhere, or not at all.
mkdir -p costly
cat >costly/costly.lua <<'EOF'
return {id = "T-COSTLY", name = "Costly", title = "Words cost", severity = "low",
  description = "d", remediation = "r",
  check = function(snapshot)
    for i = 1, 50 do
      if not trailscan.keeps_reviews then review() else
        local m = ""
        for _ = 1, 100 do m = m .. "x" end
        review{resource = "arn:aws:sns:us-east-1:" .. snapshot.account_id .. ":t" .. i,
               message = m}
      end
    end
  end}
EOF
costly() { "$T" scan --no-builtin --rules costly --fail-on never "$@"; }
costly snaps --max-instructions 20000 >costly.txt 2>costly.err
echo $? >>costly.txt
costly snaps --max-instructions 20000 --format text --format json -o costly.json \
    >costly-full.txt 2>costly-full.err
echo $? >>costly-full.txt
holds "a budget counted exactly stops the rule alike, brief or not" \
    sh -c 'cmp -s costly.txt costly-full.txt && cmp -s costly.err costly-full.err'
holds "(it stops it)" grep -q "instruction limit" costly.err
check "--max-instructions 1000000 (counted exactly): every result whole" 0 \
    "keeps_fails=true keeps_reviews=true" -- told snaps --max-instructions 1000000
check "--profile: every result whole" 0 "keeps_fails=true keeps_reviews=true" -- \
    told snaps --profile
check "--max-memory 200 (below the default): every result whole" 0 \
    "keeps_fails=true keeps_reviews=true" -- told snaps --max-memory 200
check "--max-memory 512: results only counted" 0 "keeps_fails=true keeps_reviews=false" -- \
    told snaps --max-memory 512
cat >bare/wrong.lua <<'EOF'
return {id = "T-WRONG", name = "Wrong", title = "Counts without asking", severity = "low",
  description = "d", remediation = "r",
  check = function(snapshot) review() end}
EOF
check "review() with no table where reviews are kept: the rule's error" 3 \
    "review\(\) without a result only counts when trailscan.keeps_reviews is false" -- \
    bare snaps --format json -o wrong.json

# The built-in rules only count what an organisation's summary does not
# show (trailscan.keeps_fails, keeps_reviews): the same summary as with
# every text, in English and Japanese, on a generated organisation (half
# in the Control Tower layout: trails, buckets and log groups in other
# accounts).
python3 "$ROOT/tools/gen-org" gen --accounts 30 --seed 3 --control-tower-share 0.5 >/dev/null
for lang in en ja; do
    "$T" scan --fail-on never --lang "$lang" gen >gen.txt 2>gen.err
    "$T" scan --fail-on never --lang "$lang" gen --format text --format json -o gen.json \
        >gen-full.txt 2>gen-full.err
    holds "built-in rules, $lang: the brief summary is the full one" \
        sh -c 'cmp -s gen.txt gen-full.txt && cmp -s gen.err gen-full.err'
done
"$T" scan --fail-on never gen >gen.txt 2>&1
holds "(a summary with failures and reviews)" \
    grep -Eq "^Summary: [0-9]+ accounts, [0-9]+ rules: [1-9][0-9]* failed .*, [1-9][0-9]* to review" \
    gen.txt

# rules test runs each case counted as well (as the summary runs it): a
# branch that counts otherwise than the rule reports fails the case.
mkdir -p counted right
cat >counted/miscount.lua <<'EOF'
return {id = "T-MISCOUNT", name = "Miscount", title = "Counts a review as a failure",
  severity = "low", description = "d", remediation = "r",
  check = function(snapshot)
    if not trailscan.keeps_reviews then return fail() end
    review{resource = "arn:aws:s3:::x", message = "Could not decide on x."}
  end}
EOF
printf '{"rule": "T-MISCOUNT", "cases": [{"name": "x is undecided", "snapshot": {},
 "expect": {"arn:aws:s3:::x": "review"}}]}\n' >counted/miscount.test.json
check "rules test: what a rule only counts must be what it reports" 1 \
    "only counted .*the rule gave 1 fail, 0 review and 0 pass; whole, 0 fail, 1 review and 0 pass" -- \
    "$T" rules test counted --no-builtin
sed 's/return fail()/return review()/; s/T-MISCOUNT/T-COUNT/; s/Miscount/Count/' \
    counted/miscount.lua >right/count.lua
sed 's/T-MISCOUNT/T-COUNT/' counted/miscount.test.json >right/count.test.json
check "rules test: a branch that counts right passes" 0 "1 passed, 0 failed" -- \
    "$T" rules test right --no-builtin

finish

#!/usr/bin/env bash
# A compliance team's rule folder outside the repository, end to end, the
# way README describes it: rules test, scan, and a fixture that must fail.
# usage: run.sh path/to/trailscan
. "$(dirname "$0")/../cli/lib.sh" "$1"
cp -r "$ROOT/tests/rules/example" acme-rules

"$T" rules test acme-rules > out.txt 2>&1
[ $? = 0 ] && grep -q "^2 passed, 0 failed" out.txt && ok "rules test on a custom folder" \
    || { bad "rules test on a custom folder"; cat out.txt; }

"$T" scan --rules acme-rules --only acme-central-bucket "$ROOT/snapshots/demo-123456789012.json" > out.txt 2>&1
status=$?
[ $status = 1 ] && grep -q "acme-central-bucket \[high\]" out.txt \
    && grep -q "Trail 'data-events-trail' delivers to acme-cloudtrail-logs-123456789012, not acme-central-cloudtrail." out.txt \
    && ok "scan with a custom folder" || { bad "scan with a custom folder (exit $status)"; cat out.txt; }

"$T" rules list --rules acme-rules > out.txt 2>&1
grep -q "acme-central-bucket .*high .*acme-logging-standard" out.txt && grep -q "s3-write-data-events" out.txt \
    && ok "rules list shows custom and built-in rules" || { bad "rules list"; cat out.txt; }

# A wrong expectation must make 'rules test' fail, naming the case.
sed -i 's/trail\/rogue": "fail"/trail\/rogue": "pass"/' acme-rules/central_bucket.test.json
"$T" rules test acme-rules > out.txt 2>&1
[ $? = 1 ] && grep -q "^FAIL  acme-central-bucket .*a trail delivering to the central bucket passes" out.txt \
    && grep -q "expected pass for arn:aws:cloudtrail:us-east-1:123456789012:trail/rogue, got fail" out.txt \
    && grep -q "^1 passed, 1 failed" out.txt && ok "a wrong fixture fails" || { bad "a wrong fixture fails"; cat out.txt; }

# A rule without fixtures is reported.
rm acme-rules/central_bucket.test.json
"$T" rules test acme-rules > out.txt 2>&1
[ $? = 1 ] && grep -q "no fixture cases" out.txt && ok "a rule without fixtures fails" \
    || { bad "a rule without fixtures fails"; cat out.txt; }

finish

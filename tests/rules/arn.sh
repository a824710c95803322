#!/usr/bin/env bash
# lib/arn.lua, the one ARN parser of the built-in rules: its unit cases
# (tests/rules/arn, through `rules test`), and what the rules make of a
# trail ARN whose account field is empty (the parsers it replaced disagreed:
# one said another account owns the trail, the other named no owner, and
# reports said "account nil").
# usage: arn.sh path/to/trailscan
set -u
export LC_ALL=C NO_COLOR=1
T=$(realpath "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
passed=0 failed=0
ok() { echo "ok   $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1"; failed=$((failed + 1)); }

"$T" rules test "$ROOT/tests/rules/arn" > "$W/out.txt" 2>&1
[ $? = 0 ] && grep -q "^1 passed, 0 failed" "$W/out.txt" && ok "arn unit cases" \
    || { bad "arn unit cases"; cat "$W/out.txt"; }

# The cases can fail: a wrong expectation is reported with what parse gave.
cp -r "$ROOT/tests/rules/arn" "$W/arn"
sed -i 's/"want": "aws cloudtrail us-east-1 nil trail\/org"/"want": "aws cloudtrail us-east-1  trail\/org"/' \
    "$W/arn/arn_parse.test.json"
"$T" rules test "$W/arn" > "$W/out.txt" 2>&1
[ $? = 1 ] && grep -q "parse gave 'aws cloudtrail us-east-1 nil trail/org'" "$W/out.txt" \
    && ok "a wrong arn case fails" || { bad "a wrong arn case fails"; cat "$W/out.txt"; }

# An empty account names no owner: the trail is the account's own, its
# fixes name it in its home region, and no text says "account nil".
"$T" scan --fail-on never --only cloudtrail-management-events,cloudtrail-log-file-validation \
    "$ROOT/tests/rules/snapshots/empty-account.json" > "$W/out.txt" 2>&1
status=$?
[ $status = 0 ] && ! grep -q "account nil" "$W/out.txt" \
    && grep -q "fix: aws cloudtrail update-trail --region us-east-1 --name org --enable-log-file-validation$" "$W/out.txt" \
    && grep -q "no active multi-region trail logs them ('org' is not multi-region)\.$" "$W/out.txt" \
    && grep -q "fix: aws cloudtrail update-trail --region us-east-1 --name org --is-multi-region-trail$" "$W/out.txt" \
    && ok "a trail ARN with an empty account is the account's own" \
    || { bad "a trail ARN with an empty account (exit $status)"; cat "$W/out.txt"; }

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

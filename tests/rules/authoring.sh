#!/usr/bin/env bash
# Rule authoring (issue 19): rules new, --help on every subcommand, and the
# mistakes an author makes, each caught at its file:line:col.
# usage: authoring.sh path/to/trailscan
. "$(dirname "$0")/../cli/lib.sh" "$1"

# --help on every rules subcommand documents it and exits 0.
for sub in list show test check new; do
    check "rules $sub --help" 0 "usage: trailscan rules $sub" -- "$T" rules "$sub" --help
done

# rules new: a rule and fixture that pass out of the box, editor settings.
mkdir acme
check "rules new writes a rule" 0 "wrote acme/acme_bucket_prefix.lua" \
    -- "$T" rules new acme-bucket-prefix --dir acme
holds "rules new writes the fixture and the editor's settings" \
    test -s acme/acme_bucket_prefix.test.json -a -s acme/.luarc.json -a -s acme/.luacheckrc
meta=$(sed -n 's/.*"workspace.library": \["\([^"]*\)"\].*/\1/p' acme/.luarc.json)
holds "the editor's settings name the rule API's definitions" test -s "$meta/trailscan.lua" -a -s "$meta/snapshot.lua" -a -s "$meta/lib/trails.lua"
holds "luacheck knows the sandbox's globals" grep -q 'read_globals = {"fail", "pass", "review", "trailscan"}' acme/.luacheckrc
check "the new rule's fixture passes" 0 "^2 passed, 0 failed" -- "$T" rules test acme
check "the new rule loads with every metadata field" 0 "References:" \
    -- "$T" rules show acme-bucket-prefix --rules acme
check "rules new never overwrites a rule" 2 "acme_bucket_prefix.lua: already exists" \
    -- "$T" rules new acme-bucket-prefix --dir acme
check "rules new refuses a bad id" 2 "rule id 'a b' must be" -- "$T" rules new "a b" --dir acme
check "rules new needs an existing folder" 2 "nowhere: not a folder" \
    -- "$T" rules new x --dir nowhere
echo '{"keep": 1}' > acme/.luarc.json
check "rules new keeps the folder's own settings" 0 "wrote acme/second.lua" \
    -- "$T" rules new second --dir acme
holds "the folder's .luarc.json is untouched" grep -q '"keep": 1' acme/.luarc.json
check "two new rules both pass" 0 "^4 passed, 0 failed" -- "$T" rules test acme

# ---- fixture mistakes, each at the fixture's own line:col -------------------
# A fresh folder with the generated rule and one fixture per mistake.
mkdir mistakes
"$T" rules new acme-bucket-prefix --dir mistakes >/dev/null
rm mistakes/acme_bucket_prefix.test.json
fixture() { # fixture CASE-JSON...: mistakes/acme.test.json with these cases
    { printf '{\n  "rule": "acme-bucket-prefix",\n  "cases": [\n'
      local first=1
      for c in "$@"; do [ $first = 1 ] || printf ',\n'; first=0; printf '%s' "$c"; done
      printf '\n  ]\n}\n'; } > mistakes/acme.test.json
}
TRAIL='{"Name": "main", "HomeRegion": "us-east-1", "S3BucketName": "logs-main", "TrailARN": "arn:aws:cloudtrail:us-east-1:123456789012:trail/main"}'
SNAP="{\"regions\": {\"us-east-1\": {\"cloudtrail\": {\"DescribeTrails\": {\"trailList\": [$TRAIL]}}}}}"
ARN=arn:aws:cloudtrail:us-east-1:123456789012:trail/main

fixture "    {\"name\": \"typo\",
     \"snapshot\": {\"regions\": {\"us-east-1\": {\"cloudtrail\": {\"DescribeTrails\": {\"trailList\": [
       {\"Name\": \"main\", \"TrailArn\": \"$ARN\"}]}}}}},
     \"expect\": {}}"
check "a snapshot member typo in a fixture" 2 \
    "acme.test.json:6:25: 'TrailArn' is not a member of this object in cloudtrail DescribeTrails's answer \(did you mean 'TrailARN'\?\)" \
    -- "$T" rules test mistakes

fixture "    {\"name\": \"case key\", \"param\": {\"prefix\": \"x\"}, \"snapshot\": $SNAP,
     \"expect\": {\"$ARN\": \"fail\"}}"
check "an unknown case key" 2 "acme.test.json:4:26: unknown case key 'param' \(did you mean 'params'\?\)" \
    -- "$T" rules test mistakes

fixture "    {\"name\": \"verdict\", \"snapshot\": $SNAP,
     \"expect\": {\"$ARN\": \"FAIL\"}}"
check "a verdict in capitals" 2 "acme.test.json:5:17: unknown verdict 'FAIL' .*\(did you mean 'fail'\?\)" \
    -- "$T" rules test mistakes

fixture "    {\"name\": \"param type\", \"params\": {\"prefix\": 3}, \"snapshot\": $SNAP,
     \"expect\": {\"$ARN\": \"fail\"}}"
check "a parameter of the wrong type" 2 \
    "acme.test.json:4:39: parameter 'prefix' of rule 'acme-bucket-prefix': expected a string \(like its default\), found a number" \
    -- "$T" rules test mistakes

fixture "    {\"name\": \"unknown param\", \"params\": {\"prefx\": \"a\"}, \"snapshot\": $SNAP,
     \"expect\": {\"$ARN\": \"fail\"}}"
check "an unknown parameter" 2 "acme.test.json:4:42: rule 'acme-bucket-prefix' has no parameter 'prefx' \(prefix\)" \
    -- "$T" rules test mistakes

printf '{\n  "rule": "acme-bucket-prefix",\n  "casse": []\n}\n' > mistakes/acme.test.json
check "an unknown fixture key" 2 "acme.test.json:3:3: unknown fixture key 'casse' \(did you mean 'cases'\?\)" \
    -- "$T" rules test mistakes

fixture "    {\"name\": \"first\", \"snapshot\": $SNAP, \"expect\": {\"$ARN\": \"pass\"}},
    {\"name\": \"second\",
     \"snapshot\": {\"regions\": {\"us-east-1\": {\"cloudtrail\": {\"DescribeTrails\": {\"trailList\": [
       {\"Name\": \"main\", \"IsMultiRegionTrail\": \"yes\", \"TrailARN\": \"$ARN\"}]}}}}},
     \"expect\": {}}"
check "a snapshot type error names the fixture's line, not the case's" 2 \
    "mistakes/acme.test.json:7:25: regions.us-east-1.cloudtrail.DescribeTrails.trailList\[0\].IsMultiRegionTrail: expected a boolean" \
    -- "$T" rules test mistakes

printf '{\n  "rule": "acme-bucket-prefix",\n  "cases": [\n    {"name": "x",\n' > mistakes/acme.test.json
check "invalid JSON in a fixture has a position" 2 "acme.test.json:5:1: " -- "$T" rules test mistakes

# Every mismatch of a case is listed, not only the first.
fixture "    {\"name\": \"two wrong\", \"snapshot\": $SNAP,
     \"expect\": {\"$ARN\": \"fail\", \"arn:aws:cloudtrail:us-east-1:123456789012:trail/gone\": \"pass\"}}"
check "every mismatch of a case is listed" 1 "expected pass for .*trail/gone, got no result" \
    -- "$T" rules test mistakes
holds "the first mismatch is listed too" grep -q "expected fail for $ARN, got pass" out.txt

# ---- rule mistakes, each at the rule file's line:col ---------------------------
mkdir meta
"$T" rules new acme-meta --dir meta >/dev/null
sed -i 's/^  references = /  refrences = /' meta/acme_meta.lua
line=$(grep -n '^  refrences = ' meta/acme_meta.lua | cut -d: -f1)
check "a misspelt metadata field" 2 "acme_meta.lua:$line:3: unknown rule field 'refrences' \(did you mean 'references'\?\)" \
    -- "$T" rules test meta
check "a misspelt metadata field stops a scan too" 2 "unknown rule field 'refrences'" \
    -- "$T" scan --no-builtin --rules meta "$DEMO"

mkdir result
"$T" rules new acme-result --dir result >/dev/null
sed -i 's/local result = trails.result(t)   -- resource, region, node/local result = {arn = t.arn}/' result/acme_result.lua
line=$(grep -n 'local result = {arn = t.arn}' result/acme_result.lua | cut -d: -f1)
check "an unknown result field" 1 "acme_result.lua:$line:23: result field 'arn' is unknown" \
    -- "$T" rules test result

mkdir result2
"$T" rules new acme-result2 --dir result2 >/dev/null
sed -i 's/^      local result = trails.result(t)   -- resource, region, node$/&\n      result.arn = t.arn/' result2/acme_result2.lua
line=$(grep -n '^      result.arn = t.arn$' result2/acme_result2.lua | cut -d: -f1)
check "an unknown result field set as result.arn, at its line" 1 \
    "acme_result2.lua:$line:14: result field 'arn' is unknown" -- "$T" rules test result2

mkdir twice
"$T" rules new acme-twice --dir twice >/dev/null
sed -i 's/^        pass(result)$/        pass(result); fail(result)/' twice/acme_twice.lua
check "a resource reported twice with different verdicts" 1 \
    "the rule reported arn:aws:cloudtrail:us-east-1:123456789012:trail/main twice, (fail and pass|pass and fail)" \
    -- "$T" rules test twice

# ---- focused runs: a file, --rule, --case, -v ---------------------------------
check "one fixture file" 0 "^2 passed, 0 failed" -- "$T" rules test acme/second.test.json
holds "only that file's cases ran" bash -c '! grep -q acme-bucket-prefix out.txt'
check "--rule runs one rule's fixtures" 0 "^2 passed, 0 failed" -- "$T" rules test acme --rule second
check "--case runs the cases whose name holds TEXT" 0 "^1 passed, 0 failed" \
    -- "$T" rules test acme --rule second --case elsewhere
check "-v shows each result" 0 "^      fail    arn:aws:cloudtrail:us-east-1:123456789012:trail/main: Trail 'main' delivers to 'logs-main'" \
    -- "$T" rules test acme --case elsewhere -v
check "--rule with an unknown id" 2 "no rule with id 'nope'" -- "$T" rules test acme --rule nope
check "--case matching nothing" 2 "no case matches --case zzz" -- "$T" rules test acme --case zzz
check "a file that is not a fixture" 2 "acme/second.lua: not a rules folder or a fixture file" \
    -- "$T" rules test acme/second.lua

# ---- --coverage: the new rule's lines all run; LCOV for editors ---------------
check "--coverage reports the rule's lines" 0 "acme/second.lua: ([0-9]+)/\1 lines \(100%\)" \
    -- "$T" rules test acme --rule second --coverage --lcov cov.info
holds "--coverage leaves out the built-in helpers of a custom folder" bash -c '! grep -q "rules/lib/trails.lua" out.txt'
holds "the LCOV file has the rule" grep -q "^SF:acme/second.lua$" cov.info
holds "the LCOV file's records end" grep -q "^end_of_record$" cov.info
sed -i 's/^        pass(result)$/        pass(result)\n        if params.prefix == "never" then\n          review(result)\n        end/' acme/second.lua
check "--coverage names a line never run" 0 "acme/second.lua: never run|never run: [0-9]+" \
    -- "$T" rules test acme --rule second --coverage
line=$(grep -n '^          review(result)' acme/second.lua | cut -d: -f1)
holds "the line never run is the new branch" grep -Eq "never run: (.*, )?$line(\$|,| |-)" out.txt

# A function nothing calls (a local helper, a lib function no rule uses)
# has lines never run, though Lua never sees it as a function value.
mkdir -p covered/lib
"$T" rules new acme-covered --dir covered >/dev/null
printf 'local M = {}\nfunction M.used(s)\n  return s\nend\nlocal function unused(s)\n  local t = s .. "x"\n  return t\nend\nreturn M\n' \
    > covered/lib/acme_help.lua
sed -i 's/^local trails = require("trails").*/&\nlocal help = require("acme_help")\nlocal function unused(x)\n  local y = x * 2\n  return y + 1\nend/' \
    covered/acme_covered.lua
sed -i 's/^      local bucket = t.trail.S3BucketName or ""$/      local bucket = help.used(t.trail.S3BucketName or "")/' covered/acme_covered.lua
line=$(grep -n '^  local y = x \* 2$' covered/acme_covered.lua | cut -d: -f1)
check "--coverage counts a local function nothing calls" 0 \
    "covered/acme_covered.lua: [0-9]+/[0-9]+ lines \([0-9]%|[1-8][0-9]%|9[0-9]%\)" \
    -- "$T" rules test covered --coverage
holds "its lines are never run" grep -Eq "^    never run: (.*, )?$line-$((line + 1))(\$|,)" out.txt
holds "a lib's local function nothing calls has its lines never run" grep -Eq "^    never run: 6-7$" out.txt
holds "the lib function used is covered" grep -q "covered/lib/acme_help.lua: " out.txt

check "--coverage of a built-in rule shows the helpers' lines never run" 0 \
    "rules/lib/trails.lua: [0-9]+/[0-9]+ lines" \
    -- "$T" rules test --rule cloudtrail-log-file-validation --coverage
holds "a helper's lines never run are listed" grep -q "^    never run: " out.txt

# ---- rules check: every problem at once, nothing run --------------------------
check "rules check on a clean folder" 0 "2 rules, 2 fixture files, 4 cases: 0 problems" -- "$T" rules check acme
mkdir many
"$T" rules new acme-many --dir many >/dev/null
sed -i 's/^  references = /  refrences = /' many/acme_many.lua
"$T" rules new acme-other --dir many >/dev/null
sed -i 's/"expect": {"arn:aws:cloudtrail:us-east-1:123456789012:trail\/main": "fail"}/"expect": {"arn:aws:cloudtrail:us-east-1:123456789012:trail\/main": "FAIL"}/; s/"params": {"prefix"/"param": {"prefix"/' many/acme_other.test.json
check "rules check reports every problem" 2 "unknown rule field 'refrences'" -- "$T" rules check many
holds "rules check names the verdict" grep -q "acme_other.test.json:[0-9]*:[0-9]*: unknown verdict 'FAIL'" err.txt
holds "rules check names the case key" grep -q "acme_other.test.json:[0-9]*:[0-9]*: unknown case key 'param'" err.txt
holds "rules check runs no rule" bash -c '! grep -q "^ok " out.txt'
check "rules check needs a folder" 2 "needs a rules folder" -- "$T" rules check

# One of each, said once: singular counts; a bad severity at its line with
# the nearest one, and no "no rule with id" for the rule's own fixture; an
# unreadable fixture without "no fixture cases" about its rule.
mkdir sev
"$T" rules new acme-sev --dir sev >/dev/null
sed -i 's/^  severity = "medium",/  severity = "hihg",/' sev/acme_sev.lua
line=$(grep -n '^  severity = "hihg",' sev/acme_sev.lua | cut -d: -f1)
check "a bad severity at its line, with the nearest one" 2 \
    "acme_sev.lua:$line:3: rule field 'severity' 'hihg' \(did you mean 'high'\?\)" -- "$T" rules check sev
holds "one problem, said in the singular" grep -q "^0 rules, 1 fixture file, 0 cases: 1 problem$" out.txt
holds "no cascade about the fixture of the rule that failed to load" \
    bash -c '! grep -q "no rule with id" err.txt'
mkdir badjson
"$T" rules new acme-badjson --dir badjson >/dev/null
echo '{"rule": "acme-badjson", "cases": [' > badjson/acme_badjson.test.json
check "an unreadable fixture" 2 "acme_badjson.test.json:2:1: invalid JSON" -- "$T" rules check badjson
holds "no 'no fixture cases' for its rule" bash -c '! grep -q "no fixture cases" err.txt out.txt'
check "a fixture file that does not exist" 2 "acme/nonexist.test.json: No such file or directory" \
    -- "$T" rules test acme/nonexist.test.json

# A rule id a built-in rule has: scan --rules stops on the duplicate, so
# rules check and rules test say so first, at the id's line.
mkdir clash
"$T" rules new kms-key-rotation --dir clash >/dev/null
line=$(grep -n '^  id = "kms-key-rotation"' clash/kms_key_rotation.lua | cut -d: -f1)
check "scan stops on a built-in rule's id" 2 "duplicate rule id 'kms-key-rotation'" \
    -- "$T" scan --rules clash "$DEMO"
check "rules check names a built-in rule's id" 2 \
    "clash/kms_key_rotation.lua:$line:3: rule id 'kms-key-rotation' is a built-in rule's" \
    -- "$T" rules check clash
check "rules test names a built-in rule's id" 2 "kms_key_rotation.lua:$line:3: rule id 'kms-key-rotation'" \
    -- "$T" rules test clash
check "rules check --no-builtin: the id is free" 0 "1 rules?, 1 fixture files?, 2 cases: 0 problems" \
    -- "$T" rules check clash --no-builtin
check "rules test --no-builtin: the id is free" 0 "^2 passed, 0 failed" -- "$T" rules test --no-builtin clash
check "rules check of the built-in folder is no clash" 0 ": 0 problems" \
    -- "$T" rules check "$ROOT/rules"

# A control id a known framework's catalogue lacks would be left out of the
# compliance view without a word: each is a problem at the framework's key,
# with the nearest ids it has; a rule's own framework is not checked.
mkdir cids
"$T" rules new acme-cids --dir cids >/dev/null
sed -i 's/^  compliance = .*/  compliance = {["my-standard"] = {"LOG-1"},\n    ["cis-aws-5.0"] = {"3.1", "9.99"}, ["aws-fsbp"] = {"CloudTrail.99"}},/' \
    cids/acme_cids.lua
line=$(grep -n '"cis-aws-5.0"' cids/acme_cids.lua | cut -d: -f1)
check "an unknown CIS item, at its framework's key, with the nearest ones" 2 \
    "cids/acme_cids.lua:$line:5: rule field 'compliance': cis-aws-5.0 has no control '9.99' in its catalogue; nearest: 3.9, 4.9 " \
    -- "$T" rules check cids
holds "an unknown Security Hub control too, with the nearest" \
    grep -q "aws-fsbp has no control 'CloudTrail.99' in its catalogue; nearest: CloudTrail.1, CloudTrail.2, CloudTrail.4" err.txt
holds "a rule's own framework and the known items are not problems" \
    bash -c '! grep -q "my-standard\|'"'"'3.1'"'"'" err.txt'
check "scan stops on it too (exit 2)" 2 "cis-aws-5.0 has no control '9.99'" \
    -- "$T" scan --rules cids "$DEMO"
sed -i 's/"9.99"/"3.9"/; s/"CloudTrail.99"/"CloudTrail.4"/' cids/acme_cids.lua
check "known ids load" 0 "1 rules?, 1 fixture files?, 2 cases: 0 problems" -- "$T" rules check cids
# The catalogue is trailscan's own library: a rule's instruction limit does
# not bound it (nor --compliance's catalogue).
check "a small --max-instructions does not fail the ids' check" 0 "" \
    -- "$T" scan --no-builtin --rules cids --max-instructions 100000 --compliance cis-aws-5.0 \
    --fail-on never "$DEMO"
holds "nor says the catalogue failed" bash -c '! grep -q "catalogue failed\|instruction limit" err.txt'

finish

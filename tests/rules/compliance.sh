#!/usr/bin/env bash
# The compliance table (rules/lib/compliance.lua) and the control catalogue
# (lib/compliance_catalogue.lua, `rules list --framework`): the mapping test
# against the standards' own numbering (tests/rules/compliance), cases that
# show it fails on a wrong id, every built-in rule taking its mappings from
# the table, the catalogue as a user reads it, and README's rule table.
# usage: compliance.sh path/to/trailscan
set -u
export LC_ALL=C NO_COLOR=1
T=$(realpath "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
passed=0 failed=0
ok() { echo "ok   $1"; passed=$((passed + 1)); }
bad() { echo "FAIL $1"; failed=$((failed + 1)); }

"$T" rules test "$ROOT/tests/rules/compliance" > "$W/out.txt" 2>&1
[ $? = 0 ] && grep -q "^1 passed, 0 failed" "$W/out.txt" && ok "every mapped id is the standard's own" \
    || { bad "mapping test"; cat "$W/out.txt"; }

# A wrong id fails the test, naming it.  mutate NAME SED-EXPRESSION EXPECTED
mutate() {
    rm -rf "$W/m" && cp -r "$ROOT/tests/rules/compliance" "$W/m"
    cp "$ROOT/rules/lib/compliance.lua" "$ROOT/rules/lib/compliance_catalogue.lua" "$W/m/lib/"
    sed -i "$2" "$W/m/lib/compliance.lua"
    if cmp -s "$ROOT/rules/lib/compliance.lua" "$W/m/lib/compliance.lua"; then
        bad "$1: the mutation changed nothing"; return
    fi
    "$T" rules test "$W/m" > "$W/out.txt" 2>&1
    [ $? = 1 ] && grep -qF -- "$3" "$W/out.txt" && ok "$1" || { bad "$1"; cat "$W/out.txt"; }
}
mutate "S3.22 labelled aws-fsbp fails" \
    's/{id = "S3.22", standard = "aws-securityhub"/{id = "S3.22", standard = "aws-fsbp"/' \
    "S3.22 is not in FSBP"
mutate "CloudTrail.7 labelled aws-fsbp fails" \
    's/{id = "CloudTrail.7", standard = "aws-securityhub"/{id = "CloudTrail.7", standard = "aws-fsbp"/' \
    "CloudTrail.7 is not in FSBP"
mutate "CIS 3.0 3.5 and 3.6 swapped fails" \
    's/{"3.5", "trail_kms"}, {"3.6", "kms_rotation"}/{"3.5", "kms_rotation"}, {"3.6", "trail_kms"}/' \
    'cis-aws-3.0: 3.5 is "Ensure CloudTrail logs are encrypted at rest using KMS CMKs", not kms_rotation'
mutate "CIS 1.4 numbers in CIS 6.0 fail" \
    's/{"4.1", "trail_all_regions"}, {"4.2", "log_file_validation"}, {"4.3", "config_all_regions"}/{"3.1", "trail_all_regions"}, {"4.2", "log_file_validation"}, {"4.3", "config_all_regions"}/' \
    "'3.1' is not a cis-aws-6.0 control; item 1: table has 3.1, the benchmark 4.1"
mutate "a NIST 800-53 enhancement that does not exist fails" 's/"AU-14(1)"/"AU-14(4)"/' \
    "'AU-14(4)' is not a nist-800-53-r5 control"
mutate "a PCI DSS number that does not exist fails" 's/"10.5.2", "10.5.5"/"10.5.2", "10.5.6"/' \
    "'10.5.6' is not a pci-dss-3.2.1 control"

# Every built-in rule takes its mappings from the table, and only from it.
missing=""
for f in $(find "$ROOT/rules" -name '*.lua' ! -path '*/lib/*' | sort); do
    id=$(sed -n 's/^  id = "\([^"]*\)",$/\1/p' "$f" | head -1)
    grep -qF "  compliance = require(\"compliance\").of(\"$id\")," "$f" || missing="$missing $f"
done
[ -z "$missing" ] && ! grep -rn "compliance = {" "$ROOT/rules" --include='*.lua' | grep -v '/lib/' \
    && ok "every built-in rule's compliance comes from lib/compliance.lua" \
    || bad "rules with their own compliance table:$missing"

# The catalogue as a user reads it.
"$T" rules list --framework cis-aws-5.0 > "$W/cat.txt" 2> "$W/err.txt"
status=$?
[ $status = 0 ] && [ "$(grep -cE '^[0-9]+\.[0-9]+ ' "$W/cat.txt")" = 25 ] \
    && grep -q '^3\.3 .*AWS Config is enabled in all regions -- config-recording-all-regions$' "$W/cat.txt" \
    && grep -q '^3\.6 .*Rotation is enabled for customer-created symmetric KMS keys -- kms-key-rotation$' "$W/cat.txt" \
    && grep -q '^3\.7 .*VPC flow logging is enabled in all VPCs -- vpc-flow-logs$' "$W/cat.txt" \
    && grep -q '^3\.8 .* -- s3-write-data-events$' "$W/cat.txt" \
    && grep -q '^3\.9 .* -- s3-read-data-events$' "$W/cat.txt" \
    && grep -q '^4\.15 .* -- cis-alarm-organizations-changes$' "$W/cat.txt" \
    && grep -q '^4\.16 .*AWS Security Hub is enabled -- securityhub-enabled$' "$W/cat.txt" \
    && grep -q '^25 controls, 25 judged by the rules loaded$' "$W/cat.txt" \
    && grep -q '^numbering: github.com/prowler-cloud/prowler prowler/compliance/aws/cis_5.0_aws.json' "$W/cat.txt" \
    && ok "rules list --framework cis-aws-5.0" || { bad "catalogue cis-aws-5.0 (exit $status)"; cat "$W/cat.txt" "$W/err.txt"; }

"$T" rules list --framework cis-aws-7.0 > "$W/cat.txt" 2>&1
grep -q '^4\.10 .* -- out of scope: ' "$W/cat.txt" && grep -q '^5\.16 .*AWS Security Hub is enabled -- securityhub-enabled$' "$W/cat.txt" \
    && grep -q '^26 controls, 25 judged' "$W/cat.txt" \
    && ok "CIS 7.0: monitoring as 5.1-5.16, 4.10 out of scope" || { bad "catalogue cis-aws-7.0"; cat "$W/cat.txt"; }

"$T" rules list --framework aws-fsbp > "$W/cat.txt" 2>&1
grep -q '^CloudTrail.1 .* -- cloudtrail-management-events$' "$W/cat.txt" \
    && grep -q '^Config.1 .* -- config-recording-all-regions, config-service-linked-role$' "$W/cat.txt" && ! grep -qE '^(S3\.2[23]|CloudTrail\.[67]) ' "$W/cat.txt" \
    && ok "aws-fsbp lists FSBP members only" || { bad "catalogue aws-fsbp"; cat "$W/cat.txt"; }

# The scope line names exactly the controls the catalogue lists.
scope=$(head -1 "$W/cat.txt") listed=$(grep -oE '^[A-Za-z0-9]+\.[0-9]+' "$W/cat.txt" | sort | tr '\n' ' ')
[ "$listed" = "CloudTrail.1 CloudTrail.2 CloudTrail.4 CloudTrail.5 Config.1 EC2.6 S3.9 " ] \
    && [[ "$scope" == *"its logging controls: CloudTrail.1, .2, .4 and .5, Config.1, EC2.6 and S3.9" ]] \
    && ! grep -qE 'CloudWatch|KMS' <<< "$scope" \
    && ok "aws-fsbp's scope names its controls and no other" || { bad "aws-fsbp scope: $scope / $listed"; }

# CIS asks that Config records, not which role it uses: the role check is
# config-service-linked-role's, mapped to Config.1 only.
"$T" rules show config-service-linked-role > "$W/show.txt" 2>&1
grep -q '^compliance: .*aws-fsbp Config.1' "$W/show.txt" && ! grep -q 'cis-aws' "$W/show.txt" \
    && "$T" rules show config-recording-all-regions | grep -q 'cis-aws-5.0 3.3' \
    && ! "$T" rules show config-recording-all-regions | grep -q includeConfigServiceLinkedRoleCheck \
    && ok "Config.1's role check is a rule of its own, outside CIS" || { bad "config-service-linked-role mapping"; cat "$W/show.txt"; }

# CIS 1.2 1.1 and 1.4 1.7 (avoid root use) are manual: an alarm does not judge them.
"$T" rules list --framework cis-aws-1.2 > "$W/cat.txt" 2>&1
"$T" rules list --framework cis-aws-1.4 > "$W/cat14.txt" 2>&1
grep -q '^1\.1 .* -- manual: an IAM-section control outside Logging and Monitoring; an alarm on root usage does not show that root is not used' "$W/cat.txt" \
    && grep -q '^24 controls, 23 judged by the rules loaded$' "$W/cat.txt" \
    && grep -q '^1\.7 .* -- manual: ' "$W/cat14.txt" && grep -q '^27 controls, 26 judged' "$W/cat14.txt" \
    && ! "$T" rules show cis-alarm-root-usage | grep -qE 'cis-aws-1.2 [^;]*1\.1|cis-aws-1.4 [^;]*1\.7' \
    && ok "CIS 1.1 / 1.7 (root use) are manual, not judged by the root alarm" || { bad "root-use items"; cat "$W/cat.txt" "$W/cat14.txt"; }

"$T" rules list --framework pci-dss-4.0.1 > "$W/cat.txt" 2>&1
grep -q '^10\.2\.1 .*S3.9, S3.22, S3.23 -- s3-bucket-access-logging, s3-write-data-events, s3-read-data-events$' "$W/cat.txt" \
    && grep -q '^note: Security Hub also applies CloudTrail.3, CloudTrail.4, CloudTrail.6 and CloudTrail.7 to PCI DSS v4.0.1' "$W/cat.txt" \
    && ok "pci-dss-4.0.1: every related control judged, and says what is not mapped" || { bad "catalogue pci-dss-4.0.1"; cat "$W/cat.txt"; }

# Every framework has a catalogue naming only rules that exist.
all_ok=1
for f in aws-fsbp aws-securityhub cis-aws-1.2 cis-aws-1.4 cis-aws-1.5 cis-aws-2.0 cis-aws-3.0 \
         cis-aws-4.0 cis-aws-5.0 cis-aws-6.0 cis-aws-7.0 pci-dss-3.2.1 pci-dss-4.0.1 \
         nist-800-53-r5 nist-800-171-r2 iso-27001-2022 soc2; do
    "$T" rules list --framework "$f" > "$W/cat.txt" 2>&1 && ! grep -q "(not loaded)" "$W/cat.txt" \
        && grep -q " judged by the rules loaded$" "$W/cat.txt" || { all_ok=0; echo "  $f:"; cat "$W/cat.txt"; }
done
[ $all_ok = 1 ] && ok "every framework's catalogue names built-in rules only" || bad "catalogues"

"$T" rules list --no-builtin --framework cis-aws-5.0 > "$W/cat.txt" 2>&1
grep -q '^3\.1 .* -- cloudtrail-management-events (not loaded)$' "$W/cat.txt" \
    && grep -q '^25 controls, 0 judged by the rules loaded$' "$W/cat.txt" \
    && ok "--no-builtin: the catalogue says its rules are not loaded" || { bad "--no-builtin catalogue"; cat "$W/cat.txt"; }

"$T" rules list --framework cis-aws-9.9 > "$W/out.txt" 2> "$W/err.txt"
status=$?
[ $status = 2 ] && [ ! -s "$W/out.txt" ] \
    && grep -q "^trailscan: unknown framework 'cis-aws-9.9' (known: aws-fsbp, aws-securityhub, cis-aws-1.2, .*cis-aws-7.0, pci-dss-3.2.1, pci-dss-4.0.1, nist-800-53-r5, nist-800-171-r2, iso-27001-2022, soc2)$" "$W/err.txt" \
    && ok "an unknown framework is exit 2, naming the known ids" || { bad "unknown framework (exit $status)"; cat "$W/err.txt"; }

"$T" rules list --framework > /dev/null 2> "$W/err.txt"
[ $? = 2 ] && grep -q "'--framework' needs a framework id" "$W/err.txt" \
    && ok "--framework without an id is exit 2" || { bad "--framework without an id"; cat "$W/err.txt"; }

# README's rule table says what `rules show` says: every built-in rule, its
# Security Hub controls, its CIS items per version, its other frameworks.
for id in $("$T" rules list | awk '{print $1}'); do
    printf '%s\t' "$id"; "$T" rules show "$id" | sed -n 's/^compliance: //p'
done > "$W/shown.txt"
python3 - "$ROOT/README.md" "$W/shown.txt" <<'PY' && ok "README's rule table is the table's" || bad "README's rule table"
import re, sys
versions = ["1.2", "1.4", "1.5", "2.0", "3.0", "4.0", "5.0", "6.0", "7.0"]
others = ["pci-dss-3.2.1", "pci-dss-4.0.1", "nist-800-53-r5", "nist-800-171-r2",
          "iso-27001-2022", "soc2"]
rows = {}
for line in open(sys.argv[1]):
    m = re.match(r"^\| `([^`]+)` \| \w+ \| .* \| (.*) \| (.*) \| (.*) \|$", line)
    if m:
        rows[m.group(1)] = [g.strip() for g in m.group(2, 3, 4)]
bad = 0
for line in open(sys.argv[2]):
    rid, comp = line.rstrip("\n").split("\t")
    got = {}
    for item in filter(None, (i.strip() for i in comp.split(";"))):
        fw, cid = item.split(" ", 1)
        got.setdefault(fw, []).append(cid)
    sh = ", ".join([c + " (FSBP)" for c in got.get("aws-fsbp", [])] + got.get("aws-securityhub", []))
    groups = []
    for v in versions:
        ids = got.get("cis-aws-" + v)
        if not ids:
            continue
        key = ", ".join(sorted(ids, key=lambda x: [int(p) for p in x.split(".")]))
        if groups and groups[-1][2] == key and versions.index(groups[-1][1]) + 1 == versions.index(v):
            groups[-1][1] = v
        else:
            groups.append([v, v, key])
    cis = "; ".join((a if a == b else a + "-" + b) + ": " + k for a, b, k in groups)
    also = ", ".join(f for f in others if f in got)
    want = [sh, cis, also]
    if rows.get(rid) != want:
        print(f"README row of {rid}: {rows.get(rid)}, rules show gives {want}")
        bad = 1
for rid in rows:
    if rid not in open(sys.argv[2]).read():
        print(f"README lists {rid}, which is not a built-in rule")
        bad = 1
sys.exit(bad)
PY

# The generator writes the same table (tools/gen-rule-table --write README.md).
python3 "$ROOT/tools/gen-rule-table" --trailscan "$T" --check "$ROOT/README.md" \
    && ok "tools/gen-rule-table leaves README's table as it is" || bad "tools/gen-rule-table --check"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

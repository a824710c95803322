#!/usr/bin/env bash
# The AWS CLI fixes a reader pastes: no prose inside a command line (what a
# reader must know goes in one shell comment at the end, after every &&),
# ARNs in the snapshot's partition, and the per-region Config fix that keeps
# the recorder's own role and its includeGlobalResourceTypes (global types
# belong in one region, which the account-wide result judges).
# usage: fixes.sh path/to/trailscan
. "$(dirname "$0")/../cli/lib.sh" "$1"

# Every fix of the example snapshots and the generated organisations.
"$T" scan --format json -o demo.json "$DEMO" > /dev/null 2>&1
for s in "$ROOT"/snapshots/*.json; do
    "$T" scan --format json -o "snap-$(basename "$s")" "$s" > /dev/null 2>&1
done
"$T" scan --format json -o ct-broken.json "$ROOT/tests/data/ct-broken" > /dev/null 2>&1
python3 "$ROOT/tests/rules/fixes_of.py" ./*.json > fixes.txt
holds "every fix is pasteable: prose only in a comment after the last command" \
    python3 - fixes.txt <<'PY'
import json, re, sys
fixes = [json.loads(line) for line in open(sys.argv[1])]
bad = []
for v in fixes:
    s = re.sub(r"'[^']*'", "''", v)  # quoted JSON and patterns are arguments
    cmd, _, comment = s.partition("  # ")
    if "&&" in comment or re.search(r"\((then|this|in account|as a role)", cmd):
        bad.append(v[:300])
for b in bad[:3]:
    print("  not pasteable:", b)
sys.exit(1 if bad or len(fixes) < 100 else 0)
PY
holds "a chain with a subscription step says so in its closing comment" \
    grep -q 'aws sns subscribe [^"]*--notification-endpoint <security-team-email> && aws logs put-metric-filter [^"#]*  # then confirm the subscription from the email"' snap-govcloud-111122223333.json

# snap FIXTURE CASE OUT PYTHON: a fixture case's snapshot, completed as
# `rules test` completes it, edited by PYTHON (which sees it as `d`).
snap() {
    python3 - "$ROOT/rules/$1" "$2" "$3" "$4" <<'PY'
import json, sys
cases = json.load(open(sys.argv[1]))["cases"]
d = next(c for c in cases if c["name"] == sys.argv[2])["snapshot"]
for k, v in (("format", "trailscan-snapshot/1"), ("account_id", "123456789012"),
             ("partition", "aws"), ("collected_at", "2026-11-25T12:00:00Z")):
    d.setdefault(k, v)
exec(sys.argv[4])
json.dump(d, open(sys.argv[3], "w"))
PY
}

snap vpc/flow_logs.test.json "a VPC without a flow log fails" gov.json 'd["partition"] = "aws-us-gov"'
check "vpc: the flow-log bucket ARN is in the snapshot's partition" 0 \
    "--log-destination arn:aws-us-gov:s3:::<flow-log bucket>/" \
    -- "$T" scan --only vpc-flow-logs gov.json
holds "vpc: no arn:aws: in a GovCloud fix" bash -c '! grep -q "arn:aws:s3" out.txt'

# One region records global types; the other records some types only, with
# a custom role: its fix keeps both (no second copy of the global types).
snap config/config_recording.test.json \
    "recording everything in both regions, global types in one, passes" config.json '
for r in d["regions"].values():
    rec = r["config"]["DescribeConfigurationRecorders"]["ConfigurationRecorders"][0]
    if not rec["recordingGroup"]["includeGlobalResourceTypes"]:
        rec["recordingGroup"]["allSupported"] = False
        rec["recordingGroup"]["resourceTypes"] = ["AWS::EC2::Instance"]
        rec["roleARN"] = "arn:aws:iam::123456789012:role/config-role"'
check "config: a region's fix keeps its role and includeGlobalResourceTypes=false" 0 \
    "configuration-recorder name=default,roleARN=arn:aws:iam::123456789012:role/config-role --recording-group allSupported=true,includeGlobalResourceTypes=false" \
    -- "$T" scan --only config-recording-all-regions config.json
holds "config: no fix turns global types on in a region that lacks them" \
    bash -c '! grep -q "includeGlobalResourceTypes=true" out.txt'

# A fix's prose comment is in the scan's language (issue 20); the command
# stays as it is.
snap vpc/flow_logs.test.json "a flow log whose delivery FAILED does not count" vpc-failed.json ''
check "vpc --lang ja: the delivery fix's comment in Japanese" 0 \
    "describe-flow-logs --region us-east-1 --flow-log-ids fl-1  # 配信ロールまたはバケットポリシーで arn:aws:s3:::flow-logs-123456789012 へのアクセスを許可してください" \
    -- "$T" scan --lang ja --only vpc-flow-logs vpc-failed.json
check "vpc --lang en: the same comment in English" 0 \
    "--flow-log-ids fl-1  # grant the delivery role or bucket policy access to arn:aws:s3:::flow-logs-123456789012" \
    -- "$T" scan --lang en --only vpc-flow-logs vpc-failed.json
snap config/config_service_linked_role.test.json "a custom role fails" slr.json ''
check "config-service-linked-role --lang ja: the fix's comment in Japanese" 0 \
    "  # ロールがまだない場合は、先に aws iam create-service-linked-role --aws-service-name config.amazonaws.com を実行" \
    -- "$T" scan --lang ja --only config-service-linked-role slr.json
snap config/config_recording.test.json "last status FAILURE fails" config-failure.json ''
check "config-recording-all-regions --lang ja: the fix's comment in Japanese" 0 \
    "describe-configuration-recorder-status --region us-east-1  # 配信が失敗する原因を確認" \
    -- "$T" scan --lang ja --only config-recording-all-regions config-failure.json
snap logs/trail_log_group_retention.test.json \
    "organization trail: a group in another account is review" org-group.json ''
check "logs-trail-log-group-retention --lang ja: which account runs the fix, in Japanese" 0 \
    "--log-group-name-prefix aws-cloudtrail-logs-org  # アカウント 999988887777 で実行" \
    -- "$T" scan --lang ja --only logs-trail-log-group-retention org-group.json

# The fixes' comments are in the scan's language (issue 20): the CIS alarm
# chain's subscription step, and an alarm a command cannot re-put.
"$T" scan --lang ja --format json -o gov-ja.json "$ROOT/snapshots/govcloud-111122223333.json" \
    > /dev/null 2>&1
holds "ja: a chain with a subscription step says so in Japanese" \
    grep -q 'aws sns subscribe [^"]*--notification-endpoint <セキュリティチームのメールアドレス> && aws logs put-metric-filter [^"#]*  # その後、届いたメールからサブスクリプションを確認してください"' gov-ja.json
snap cloudwatch/alarm_actions_configured.test.json \
    "a composite alarm without an ALARM action fails" composite.json ''
check "ja: a composite alarm's fix says in Japanese what to re-put" 1 \
    "describe-alarms --region us-east-1 --alarm-names c  # その後、同じ定義に --alarm-actions <SNS トピックの ARN> を加えて put-composite-alarm" \
    -- "$T" scan --lang ja --only cloudwatch-alarm-actions-configured composite.json

# A name with "  # " in it (the separator of a fix's closing comment) is an
# argument: chained commands keep it whole inside its quotes, in both
# languages (the comment used to be cut at the name, splicing the next
# command into the quoted log group name).
sed 's/aws-cloudtrail-logs-123456789012/trail  # 2/g' "$DEMO" > hash.json
"$T" scan --format json -o hash-en.json hash.json > /dev/null 2>&1
"$T" scan --lang ja --format json -o hash-ja.json hash.json > /dev/null 2>&1
python3 "$ROOT/tests/rules/fixes_of.py" hash-en.json hash-ja.json > hash-fixes.txt
holds "a log group named 'trail  # 2' stays one quoted argument of every fix naming it" \
    python3 - hash-fixes.txt <<'PY'
import json, shlex, sys
fixes = [v for v in map(json.loads, open(sys.argv[1])) if "# 2" in v]
bad = [v for v in fixes if "trail  # 2" not in shlex.split(v, comments=True)]
for b in bad[:2]:
    print("  name cut:", b[:300])
sys.exit(1 if bad or len(fixes) < 10 else 0)
PY

finish

-- The one table of compliance mappings of the built-in rules: which
-- framework's controls each rule judges.  A built-in rule's metadata says
--
--   compliance = require("compliance").of("cloudtrail-kms-encryption"),
--
-- and nothing else; reports (SARIF taxonomies, JSON, `rules show`) and the
-- control catalogue (lib/compliance_catalogue.lua, `rules list --framework`)
-- all read this file.  tests/rules/compliance checks every id here against
-- lists written from the standards' own numbering.
--
--   local compliance = require("compliance")
--   compliance.of(rule_id)        {framework -> {control ids}} (nil if none)
--   compliance.frameworks         {{id, title, source, notes}}, in order
--   compliance.security_hub       {{id, standard, title, rules | status, ...}}
--   compliance.concepts           {key -> {title, keyword, sh | rules | status}}
--   compliance.cis                {version -> {{number, concept key}}}
--   compliance.judgment           {rule id -> {iso, soc2}}
--
-- Where each framework's numbers come from is recorded in `frameworks`
-- (source) and, per Security Hub control, in `page`.

local M = {}

-- Where the requirement numbers of PCI DSS and NIST come from.
local RELATED = "the \"Related requirements\" of each Security Hub control: the control pages"
  .. " of docs.aws.amazon.com/securityhub/latest/userguide, and for CloudTrail.2-CloudTrail.7"
  .. " the last copy in github.com/awsdocs/aws-security-hub-user-guide (bda5bf7, 2023) and"
  .. " the guide's sample control finding of CloudTrail.2"

-- The same in Japanese (each framework whose source uses RELATED says it with
-- RELATED_JA).
local RELATED_JA = "各 Security Hub コントロールの「関連する要件」: "
  .. "docs.aws.amazon.com/securityhub/latest/userguide のコントロールのページ。"
  .. "CloudTrail.2-CloudTrail.7 については github.com/awsdocs/aws-security-hub-user-guide "
  .. "の最後の版 (bda5bf7、2023) と、ガイドにある CloudTrail.2 のコントロール検出結果の例"

-- Framework ids as they appear in reports, in the order catalogues list
-- them.  `source` says where the numbering was read.
M.frameworks = {
  {id = "aws-fsbp", title = "AWS Foundational Security Best Practices v1.0.0 (Security Hub)",
   source = "Security Hub's controls and the standards each applies to"
     .. " (ListSecurityControlDefinitions, as dumped on 2026-03-10 in"
     .. " github.com/iainelder/security-hub-controls security-hub-controls.jsonl)",
   source_ja = "Security Hub のコントロールと、それぞれが適用される標準"
     .. " (ListSecurityControlDefinitions、2026年3月10日に"
     .. " github.com/iainelder/security-hub-controls security-hub-controls.jsonl に保存されたもの)"},
  {id = "aws-securityhub", title = "AWS Security Hub controls outside FSBP",
   title_ja = "FSBP 以外の AWS Security Hub のコントロール",
   source = "as aws-fsbp: controls Security Hub runs that FSBP does not include",
   source_ja = "aws-fsbp と同じ。Security Hub が実行するコントロールのうち、FSBP に含まれないもの"},
  {id = "cis-aws-1.2", title = "CIS AWS Foundations Benchmark v1.2.0",
   source = "the Security Hub user guide's CIS page (requirement-to-control table, CIS"
     .. " v1.2.0 2.1-2.9 and 3.1-3.14); 1.1 (manual) from the related requirements of"
     .. " CloudWatch.1",
   source_ja = "Security Hub ユーザーガイドの CIS のページ (要件とコントロールの対応表、"
     .. "CIS v1.2.0 の 2.1-2.9 と 3.1-3.14)。1.1 (手動確認) は CloudWatch.1 の関連する要件から"},
  {id = "cis-aws-1.4", title = "CIS AWS Foundations Benchmark v1.4.0",
   source = "github.com/prowler-cloud/prowler prowler/compliance/aws/cis_1.4_aws.json"
     .. " (3e000fa); 1.7 (manual) from the related requirements of Security Hub's"
     .. " CloudWatch.1",
   source_ja = "github.com/prowler-cloud/prowler prowler/compliance/aws/cis_1.4_aws.json"
     .. " (3e000fa)。1.7 (手動確認) は Security Hub の CloudWatch.1 の関連する要件から"},
  {id = "cis-aws-1.5", title = "CIS AWS Foundations Benchmark v1.5.0",
   source = "github.com/prowler-cloud/prowler prowler/compliance/aws/cis_1.5_aws.json (3e000fa)"},
  {id = "cis-aws-2.0", title = "CIS AWS Foundations Benchmark v2.0.0",
   source = "github.com/prowler-cloud/prowler prowler/compliance/aws/cis_2.0_aws.json (3e000fa)"},
  {id = "cis-aws-3.0", title = "CIS AWS Foundations Benchmark v3.0.0",
   source = "github.com/prowler-cloud/prowler prowler/compliance/aws/cis_3.0_aws.json (3e000fa)"},
  {id = "cis-aws-4.0", title = "CIS AWS Foundations Benchmark v4.0.1",
   source = "github.com/prowler-cloud/prowler prowler/compliance/aws/cis_4.0_aws.json (3e000fa)"},
  {id = "cis-aws-5.0", title = "CIS AWS Foundations Benchmark v5.0.0",
   source = "github.com/prowler-cloud/prowler prowler/compliance/aws/cis_5.0_aws.json (3e000fa)"},
  {id = "cis-aws-6.0", title = "CIS AWS Foundations Benchmark v6.0.0",
   source = "github.com/prowler-cloud/prowler prowler/compliance/aws/cis_6.0_aws.json (3e000fa)"},
  {id = "cis-aws-7.0", title = "CIS AWS Foundations Benchmark v7.0.0",
   source = "github.com/prowler-cloud/prowler prowler/compliance/aws/cis_7.0_aws.json (3e000fa)"},
  {id = "pci-dss-3.2.1", title = "PCI DSS v3.2.1",
   source = RELATED, source_ja = RELATED_JA},
  {id = "pci-dss-4.0.1", title = "PCI DSS v4.0.1",
   source = RELATED, source_ja = RELATED_JA,
   notes = {"Security Hub also applies CloudTrail.3, CloudTrail.4, CloudTrail.6 and"
     .. " CloudTrail.7 to PCI DSS v4.0.1 (its PCI DSS page lists them among the controls of"
     .. " v4.0.1; CloudTrail.5 is not there); their requirement numbers were not in the pages"
     .. " read, so they are not mapped here."},
   notes_ja = {"Security Hub は CloudTrail.3、CloudTrail.4、CloudTrail.6、"
     .. "CloudTrail.7 も PCI DSS v4.0.1 に適用します (Security Hub の PCI DSS のページは"
     .. " v4.0.1 のコントロールにこれらを挙げており、"
     .. "CloudTrail.5 はありません)。"
     .. "参照したページに要件番号がなかったため、"
     .. "ここでは対応付けていません。"}},
  {id = "nist-800-53-r5", title = "NIST SP 800-53 Rev. 5",
   source = RELATED, source_ja = RELATED_JA},
  {id = "nist-800-171-r2", title = "NIST SP 800-171 Rev. 2",
   source = RELATED, source_ja = RELATED_JA,
   notes = {"Security Hub also applies CloudTrail.3 and CloudTrail.4 to NIST SP 800-171 Rev."
     .. " 2; their requirement numbers were not in the pages read, so they are not mapped"
     .. " here."},
   notes_ja = {"Security Hub は CloudTrail.3 と CloudTrail.4 も NIST SP 800-171 Rev. 2 に適用します。"
     .. "参照したページに要件番号がなかったため、"
     .. "ここでは対応付けていません。"}},
  {id = "iso-27001-2022", title = "ISO/IEC 27001:2022 Annex A",
   title_ja = "ISO/IEC 27001:2022 附属書 A",
   source = "trailscan's own reading of Annex A 8.15 (Logging) and 8.16 (Monitoring"
     .. " activities); no Security Hub mapping exists",
   source_ja = "trailscan 独自の解釈 (附属書 A 8.15 ログ取得、8.16 監視活動)。"
     .. "Security Hub による対応付けはありません"},
  {id = "soc2", title = "SOC 2 Trust Services Criteria (2017, points of focus 2022)",
   source = "trailscan's own reading of CC7.2 (monitoring for anomalies); no Security Hub"
     .. " mapping exists",
   source_ja = "trailscan 独自の解釈 (CC7.2 の異常の監視)。Security Hub による対応付けはありません"},
}

-- Where a control's related requirements were read:
local CURRENT = "docs.aws.amazon.com/securityhub/latest/userguide (Security Hub CSPM pages)"
local ARCHIVE = "github.com/awsdocs/aws-security-hub-user-guide doc_source/cloudtrail-controls.md"
  .. " (bda5bf7, the last published copy, 2023)"

-- The Security Hub controls about logging and monitoring: FSBP membership,
-- the built-in rules that judge each (or why none does), and the related
-- requirements Security Hub publishes for it.  CIS numbers are not here:
-- they come from the benchmarks' own numbering (M.cis below).
M.security_hub = {
  {id = "CloudTrail.1", standard = "aws-fsbp", page = CURRENT,
   title = "CloudTrail should be enabled and configured with at least one multi-Region trail"
     .. " that includes read and write management events",
   rules = {"cloudtrail-management-events"},
   ["nist-800-53-r5"] = {"AC-2(4)", "AC-4(26)", "AC-6(9)", "AU-10", "AU-12", "AU-2", "AU-3",
     "AU-6(3)", "AU-6(4)", "AU-14(1)", "CA-7", "SC-7(9)", "SI-3(8)", "SI-4(20)", "SI-7(8)",
     "SA-8(22)"}},
  {id = "CloudTrail.2", standard = "aws-fsbp", page = ARCHIVE .. "; PCI DSS v4.0.1 and NIST SP"
     .. " 800-171 from the RelatedRequirements of the user guide's sample control finding",
   title = "CloudTrail should have encryption at-rest enabled",
   rules = {"cloudtrail-kms-encryption"},
   ["pci-dss-3.2.1"] = {"3.4"},
   ["pci-dss-4.0.1"] = {"10.3.2"},
   ["nist-800-171-r2"] = {"3.3.8"},
   ["nist-800-53-r5"] = {"AU-9", "CA-9(1)", "CM-3(6)", "SC-13", "SC-28", "SC-28(1)", "SC-7(10)",
     "SI-7(6)"}},
  {id = "CloudTrail.3", standard = "aws-securityhub", page = ARCHIVE,
   title = "At least one CloudTrail trail should be enabled",
   rules = {"cloudtrail-trail-enabled"},
   ["pci-dss-3.2.1"] = {"10.1", "10.2.1", "10.2.2", "10.2.3", "10.2.4", "10.2.5", "10.2.6",
     "10.2.7", "10.3.1", "10.3.2", "10.3.3", "10.3.4", "10.3.5", "10.3.6"}},
  {id = "CloudTrail.4", standard = "aws-fsbp", page = ARCHIVE,
   title = "CloudTrail log file validation should be enabled",
   rules = {"cloudtrail-log-file-validation"},
   ["pci-dss-3.2.1"] = {"10.5.2", "10.5.5"},
   ["nist-800-53-r5"] = {"AU-9", "SI-4", "SI-7(1)", "SI-7(3)", "SI-7(7)"}},
  {id = "CloudTrail.5", standard = "aws-fsbp", page = ARCHIVE,
   title = "CloudTrail trails should be integrated with Amazon CloudWatch Logs",
   rules = {"cloudtrail-cloudwatch-logs-delivery"},
   ["pci-dss-3.2.1"] = {"10.5.3"},
   ["nist-800-53-r5"] = {"AC-2(4)", "AC-4(26)", "AC-6(9)", "AU-10", "AU-12", "AU-2", "AU-3",
     "AU-6(1)", "AU-6(3)", "AU-6(4)", "AU-6(5)", "AU-7(1)", "CA-7", "SC-7(9)", "SI-20",
     "SI-3(8)", "SI-4(20)", "SI-4(5)", "SI-7(8)"}},
  {id = "CloudTrail.6", standard = "aws-securityhub", page = ARCHIVE,
   title = "Ensure the S3 bucket used to store CloudTrail logs is not publicly accessible",
   rules = {"cloudtrail-bucket-not-public"}},
  {id = "CloudTrail.7", standard = "aws-securityhub", page = ARCHIVE,
   title = "Ensure S3 bucket access logging is enabled on the CloudTrail S3 bucket",
   rules = {"cloudtrail-bucket-access-logging"}},
  {id = "CloudTrail.9", standard = "aws-securityhub",
   title = "CloudTrail trails should be tagged",
   status = "out of scope: tags say who owns a trail, not what it logs",
   status_ja = "対象外: タグは証跡の所有者を示すもので、何を記録するかは示しません"},
  {id = "CloudTrail.10", standard = "aws-securityhub",
   title = "CloudTrail Lake event data stores should be encrypted with customer managed AWS"
     .. " KMS keys",
   status = "out of scope: snapshots hold trails, not CloudTrail Lake event data stores",
   status_ja = "対象外: スナップショットにあるのは証跡で、"
     .. "CloudTrail Lake のイベントデータストアはありません"},
  {id = "CloudWatch.1", standard = "aws-securityhub", page = CURRENT,
   title = "A log metric filter and alarm should exist for usage of the \"root\" user",
   rules = {"cis-alarm-root-usage"},
   ["pci-dss-3.2.1"] = {"7.2.1"},
   ["nist-800-171-r2"] = {"3.14.6", "3.14.7"},
   -- Security Hub relates it to these items of the IAM sections too.  An
   -- alarm on root usage does not show that root is not used, so the rule
   -- does not judge them: the catalogues list them as manual (ROOT_MANUAL).
   cis_also = {{"cis-aws-1.2", "1.1", "Avoid the use of the root account"},
     {"cis-aws-1.4", "1.7", "Eliminate use of the root user for administrative and daily"
       .. " tasks"}}},
  {id = "CloudWatch.2", standard = "aws-securityhub", page = CURRENT,
   title = "Ensure a log metric filter and alarm exist for unauthorized API calls",
   rules = {"cis-alarm-unauthorized-api-calls"},
   ["nist-800-171-r2"] = {"3.13.1", "3.14.6", "3.14.7"}},
  {id = "CloudWatch.3", standard = "aws-securityhub", page = CURRENT,
   title = "Ensure a log metric filter and alarm exist for Management Console sign-in without"
     .. " MFA",
   rules = {"cis-alarm-console-signin-without-mfa"}},
  {id = "CloudWatch.4", standard = "aws-securityhub", page = CURRENT,
   title = "Ensure a log metric filter and alarm exist for IAM policy changes",
   rules = {"cis-alarm-iam-policy-changes"},
   ["nist-800-171-r2"] = {"3.14.6", "3.14.7"}},
  {id = "CloudWatch.5", standard = "aws-securityhub", page = CURRENT,
   title = "Ensure a log metric filter and alarm exist for CloudTrail configuration changes",
   rules = {"cis-alarm-cloudtrail-changes"},
   ["nist-800-171-r2"] = {"3.3.8", "3.14.6", "3.14.7"}},
  {id = "CloudWatch.6", standard = "aws-securityhub", page = CURRENT,
   title = "Ensure a log metric filter and alarm exist for AWS Management Console"
     .. " authentication failures",
   rules = {"cis-alarm-console-auth-failures"},
   ["nist-800-171-r2"] = {"3.14.6", "3.14.7"}},
  {id = "CloudWatch.7", standard = "aws-securityhub", page = CURRENT,
   title = "Ensure a log metric filter and alarm exist for disabling or scheduled deletion of"
     .. " customer managed keys",
   rules = {"cis-alarm-cmk-disable-or-deletion"},
   ["nist-800-171-r2"] = {"3.13.10", "3.13.16", "3.14.6", "3.14.7"}},
  {id = "CloudWatch.8", standard = "aws-securityhub", page = CURRENT,
   title = "Ensure a log metric filter and alarm exist for S3 bucket policy changes",
   rules = {"cis-alarm-s3-bucket-policy-changes"},
   ["nist-800-171-r2"] = {"3.14.6", "3.14.7"}},
  {id = "CloudWatch.9", standard = "aws-securityhub", page = CURRENT,
   title = "Ensure a log metric filter and alarm exist for AWS Config configuration changes",
   rules = {"cis-alarm-config-changes"},
   ["nist-800-171-r2"] = {"3.3.8", "3.14.6", "3.14.7"}},
  {id = "CloudWatch.10", standard = "aws-securityhub", page = CURRENT,
   title = "Ensure a log metric filter and alarm exist for security group changes",
   rules = {"cis-alarm-security-group-changes"},
   ["nist-800-171-r2"] = {"3.14.6", "3.14.7"}},
  {id = "CloudWatch.11", standard = "aws-securityhub", page = CURRENT,
   title = "Ensure a log metric filter and alarm exist for changes to Network Access Control"
     .. " Lists (NACL)",
   rules = {"cis-alarm-nacl-changes"},
   ["nist-800-171-r2"] = {"3.14.6", "3.14.7"}},
  {id = "CloudWatch.12", standard = "aws-securityhub", page = CURRENT,
   title = "Ensure a log metric filter and alarm exist for changes to network gateways",
   rules = {"cis-alarm-network-gateway-changes"},
   ["nist-800-171-r2"] = {"3.3.1", "3.13.1"}},
  {id = "CloudWatch.13", standard = "aws-securityhub", page = CURRENT,
   title = "Ensure a log metric filter and alarm exist for route table changes",
   rules = {"cis-alarm-route-table-changes"},
   ["nist-800-171-r2"] = {"3.3.1", "3.13.1", "3.14.6", "3.14.7"}},
  {id = "CloudWatch.14", standard = "aws-securityhub", page = CURRENT,
   title = "Ensure a log metric filter and alarm exist for VPC changes",
   rules = {"cis-alarm-vpc-changes"},
   ["nist-800-171-r2"] = {"3.3.1", "3.13.1", "3.14.6", "3.14.7"}},
  {id = "CloudWatch.15", standard = "aws-securityhub", page = CURRENT,
   title = "CloudWatch alarms should have specified actions configured",
   rules = {"cloudwatch-alarm-actions-configured"},
   ["nist-800-53-r5"] = {"AU-6(1)", "AU-6(5)", "CA-7", "IR-4(1)", "IR-4(5)", "SI-2", "SI-20",
     "SI-4(12)", "SI-4(5)"},
   ["nist-800-171-r2"] = {"3.3.4", "3.14.6"}},
  {id = "CloudWatch.16", standard = "aws-securityhub", page = CURRENT,
   title = "CloudWatch log groups should be retained for a specified time period",
   rules = {"logs-log-group-retention", "logs-trail-log-group-retention"},
   ["nist-800-53-r5"] = {"AU-10", "AU-11", "AU-6(3)", "AU-6(4)", "CA-7", "SI-12"}},
  {id = "CloudWatch.17", standard = "aws-securityhub", page = CURRENT,
   title = "CloudWatch alarm actions should be activated",
   rules = {"cloudwatch-alarm-actions-enabled"},
   ["nist-800-53-r5"] = {"AU-6(1)", "AU-6(5)", "CA-7", "SI-2", "SI-4(12)"}},
  {id = "Config.1", standard = "aws-fsbp", page = CURRENT,
   title = "AWS Config should be enabled and use the service-linked role for resource recording",
   rules = {"config-recording-all-regions", "config-service-linked-role"},
   ["pci-dss-3.2.1"] = {"10.5.2", "11.5"},
   ["nist-800-53-r5"] = {"CM-3", "CM-6(1)", "CM-8", "CM-8(2)"}},
  {id = "EC2.6", standard = "aws-fsbp", page = CURRENT,
   title = "VPC flow logging should be enabled in all VPCs",
   rules = {"vpc-flow-logs"},
   ["pci-dss-3.2.1"] = {"10.3.3", "10.3.4", "10.3.5", "10.3.6"},
   ["nist-800-53-r5"] = {"AC-4(26)", "AU-12", "AU-2", "AU-3", "AU-6(3)", "AU-6(4)", "CA-7",
     "SI-7(8)"},
   ["nist-800-171-r2"] = {"3.1.20", "3.3.1", "3.13.1"}},
  {id = "KMS.4", standard = "aws-securityhub", page = CURRENT,
   title = "AWS KMS key rotation should be enabled",
   rules = {"kms-key-rotation"},
   ["pci-dss-3.2.1"] = {"3.6.4"},
   ["pci-dss-4.0.1"] = {"3.7.4"},
   ["nist-800-53-r5"] = {"SC-12", "SC-12(2)", "SC-28(3)"}},
  {id = "S3.9", standard = "aws-fsbp", page = CURRENT,
   title = "S3 general purpose buckets should have server access logging enabled",
   rules = {"s3-bucket-access-logging"},
   ["pci-dss-4.0.1"] = {"10.2.1"},
   ["nist-800-53-r5"] = {"AC-2(4)", "AC-4(26)", "AC-6(9)", "AU-10", "AU-12", "AU-2", "AU-3",
     "AU-6(3)", "AU-6(4)", "CA-7", "SC-7(9)", "SI-3(8)", "SI-4(20)", "SI-7(8)"},
   ["nist-800-171-r2"] = {"3.3.8"}},
  {id = "S3.22", standard = "aws-securityhub", page = CURRENT,
   title = "S3 general purpose buckets should log object-level write events",
   rules = {"s3-write-data-events"},
   ["pci-dss-4.0.1"] = {"10.2.1"}},
  {id = "S3.23", standard = "aws-securityhub", page = CURRENT,
   title = "S3 general purpose buckets should log object-level read events",
   rules = {"s3-read-data-events"},
   ["pci-dss-4.0.1"] = {"10.2.1"}},
}

-- The recommendations of the CIS Logging and Monitoring sections, named
-- once: what each asks (title), a phrase every version's own title for it
-- contains (keyword; the mapping test checks it), and who judges it:
-- a Security Hub control's rules (sh), rules of its own, or a status.
M.concepts = {
  trail_all_regions = {title = "CloudTrail is enabled in all regions",
    keyword = "cloudtrail is enabled in all regions", sh = "CloudTrail.1"},
  log_file_validation = {title = "CloudTrail log file validation is enabled",
    keyword = "log file validation", sh = "CloudTrail.4"},
  bucket_not_public = {title = "The CloudTrail S3 bucket is not publicly accessible",
    keyword = "not publicly accessible", sh = "CloudTrail.6"},
  cloudwatch_logs = {title = "CloudTrail trails are integrated with CloudWatch Logs",
    keyword = "integrated with cloudwatch logs", sh = "CloudTrail.5"},
  -- CIS asks for recording, not for Config.1's service-linked role.
  config_all_regions = {title = "AWS Config is enabled in all regions",
    keyword = "aws config is enabled", sh = "Config.1",
    rules = {"config-recording-all-regions"}},
  bucket_access_logging = {title = "Server access logging is enabled on the CloudTrail S3 bucket",
    keyword = "access logging is enabled on the cloudtrail s3 bucket", sh = "CloudTrail.7"},
  trail_kms = {title = "CloudTrail logs are encrypted at rest with KMS keys",
    keyword = "encrypted at rest using kms", sh = "CloudTrail.2"},
  kms_rotation = {title = "Rotation is enabled for customer-created symmetric KMS keys",
    keyword = "rotation for customer", sh = "KMS.4"},
  vpc_flow_logs = {title = "VPC flow logging is enabled in all VPCs",
    keyword = "vpc flow logging", sh = "EC2.6"},
  s3_write_events = {title = "S3 object-level logging for write events is enabled",
    keyword = "object-level logging for write events", sh = "S3.22"},
  s3_read_events = {title = "S3 object-level logging for read events is enabled",
    keyword = "object-level logging for read events", sh = "S3.23"},
  web_access_logging = {title = "AWS-managed web front-end services have access logging enabled",
    keyword = "web front-end services",
    status = "out of scope: CloudFront, load balancer and API Gateway logging settings are"
      .. " not in the snapshot format",
    status_ja = "対象外: CloudFront、"
      .. "ロードバランサー、API Gateway のログ記録の設定はスナップショットの形式に含まれていません"},
  alarm_unauthorized_api = {title = "Unauthorized API calls are monitored",
    keyword = "unauthorized api calls", sh = "CloudWatch.2"},
  alarm_console_no_mfa = {title = "Management Console sign-in without MFA is monitored",
    keyword = "sign-in without mfa", sh = "CloudWatch.3"},
  alarm_root = {title = "Usage of the root user is monitored",
    keyword = "root", sh = "CloudWatch.1"},
  alarm_iam_policy = {title = "IAM policy changes are monitored",
    keyword = "iam policy changes", sh = "CloudWatch.4"},
  alarm_cloudtrail_changes = {title = "CloudTrail configuration changes are monitored",
    keyword = "cloudtrail configuration changes", sh = "CloudWatch.5"},
  alarm_console_auth_failures = {title = "Console authentication failures are monitored",
    keyword = "authentication failures", sh = "CloudWatch.6"},
  alarm_cmk = {title = "Disabling or scheduled deletion of customer-created KMS keys is monitored",
    keyword = "scheduled deletion", sh = "CloudWatch.7"},
  alarm_s3_policy = {title = "S3 bucket policy changes are monitored",
    keyword = "s3 bucket policy changes", sh = "CloudWatch.8"},
  alarm_config_changes = {title = "AWS Config configuration changes are monitored",
    keyword = "aws config configuration changes", sh = "CloudWatch.9"},
  alarm_security_groups = {title = "Security group changes are monitored",
    keyword = "security group changes", sh = "CloudWatch.10"},
  alarm_nacl = {title = "Network ACL changes are monitored",
    keyword = "(nacl)", sh = "CloudWatch.11"},
  alarm_gateways = {title = "Changes to network gateways are monitored",
    keyword = "network gateways", sh = "CloudWatch.12"},
  alarm_route_tables = {title = "Route table changes are monitored",
    keyword = "route table changes", sh = "CloudWatch.13"},
  alarm_vpc = {title = "VPC changes are monitored",
    keyword = "vpc changes", sh = "CloudWatch.14"},
  alarm_organizations = {title = "AWS Organizations changes are monitored",
    keyword = "organizations changes", rules = {"cis-alarm-organizations-changes"}},
  securityhub_enabled = {title = "AWS Security Hub is enabled",
    keyword = "security hub is enabled", rules = {"securityhub-enabled"}},
}

-- Each version's own numbers for the Logging and Monitoring sections, in
-- the benchmark's order.  1.4 to 2.0, 3.0 to 5.0, and 6.0 with 7.0 share a
-- layout, but each is written out: a version's numbering is its own.
M.cis = {
  ["1.2"] = {
    {"2.1", "trail_all_regions"}, {"2.2", "log_file_validation"}, {"2.3", "bucket_not_public"},
    {"2.4", "cloudwatch_logs"}, {"2.5", "config_all_regions"}, {"2.6", "bucket_access_logging"},
    {"2.7", "trail_kms"}, {"2.8", "kms_rotation"}, {"2.9", "vpc_flow_logs"},
    {"3.1", "alarm_unauthorized_api"}, {"3.2", "alarm_console_no_mfa"}, {"3.3", "alarm_root"},
    {"3.4", "alarm_iam_policy"}, {"3.5", "alarm_cloudtrail_changes"},
    {"3.6", "alarm_console_auth_failures"}, {"3.7", "alarm_cmk"}, {"3.8", "alarm_s3_policy"},
    {"3.9", "alarm_config_changes"}, {"3.10", "alarm_security_groups"}, {"3.11", "alarm_nacl"},
    {"3.12", "alarm_gateways"}, {"3.13", "alarm_route_tables"}, {"3.14", "alarm_vpc"},
  },
  ["1.4"] = {
    {"3.1", "trail_all_regions"}, {"3.2", "log_file_validation"}, {"3.3", "bucket_not_public"},
    {"3.4", "cloudwatch_logs"}, {"3.5", "config_all_regions"}, {"3.6", "bucket_access_logging"},
    {"3.7", "trail_kms"}, {"3.8", "kms_rotation"}, {"3.9", "vpc_flow_logs"},
    {"3.10", "s3_write_events"}, {"3.11", "s3_read_events"},
    {"4.1", "alarm_unauthorized_api"}, {"4.2", "alarm_console_no_mfa"}, {"4.3", "alarm_root"},
    {"4.4", "alarm_iam_policy"}, {"4.5", "alarm_cloudtrail_changes"},
    {"4.6", "alarm_console_auth_failures"}, {"4.7", "alarm_cmk"}, {"4.8", "alarm_s3_policy"},
    {"4.9", "alarm_config_changes"}, {"4.10", "alarm_security_groups"}, {"4.11", "alarm_nacl"},
    {"4.12", "alarm_gateways"}, {"4.13", "alarm_route_tables"}, {"4.14", "alarm_vpc"},
    {"4.15", "alarm_organizations"},
  },
  ["1.5"] = {
    {"3.1", "trail_all_regions"}, {"3.2", "log_file_validation"}, {"3.3", "bucket_not_public"},
    {"3.4", "cloudwatch_logs"}, {"3.5", "config_all_regions"}, {"3.6", "bucket_access_logging"},
    {"3.7", "trail_kms"}, {"3.8", "kms_rotation"}, {"3.9", "vpc_flow_logs"},
    {"3.10", "s3_write_events"}, {"3.11", "s3_read_events"},
    {"4.1", "alarm_unauthorized_api"}, {"4.2", "alarm_console_no_mfa"}, {"4.3", "alarm_root"},
    {"4.4", "alarm_iam_policy"}, {"4.5", "alarm_cloudtrail_changes"},
    {"4.6", "alarm_console_auth_failures"}, {"4.7", "alarm_cmk"}, {"4.8", "alarm_s3_policy"},
    {"4.9", "alarm_config_changes"}, {"4.10", "alarm_security_groups"}, {"4.11", "alarm_nacl"},
    {"4.12", "alarm_gateways"}, {"4.13", "alarm_route_tables"}, {"4.14", "alarm_vpc"},
    {"4.15", "alarm_organizations"}, {"4.16", "securityhub_enabled"},
  },
  ["2.0"] = {
    {"3.1", "trail_all_regions"}, {"3.2", "log_file_validation"}, {"3.3", "bucket_not_public"},
    {"3.4", "cloudwatch_logs"}, {"3.5", "config_all_regions"}, {"3.6", "bucket_access_logging"},
    {"3.7", "trail_kms"}, {"3.8", "kms_rotation"}, {"3.9", "vpc_flow_logs"},
    {"3.10", "s3_write_events"}, {"3.11", "s3_read_events"},
    {"4.1", "alarm_unauthorized_api"}, {"4.2", "alarm_console_no_mfa"}, {"4.3", "alarm_root"},
    {"4.4", "alarm_iam_policy"}, {"4.5", "alarm_cloudtrail_changes"},
    {"4.6", "alarm_console_auth_failures"}, {"4.7", "alarm_cmk"}, {"4.8", "alarm_s3_policy"},
    {"4.9", "alarm_config_changes"}, {"4.10", "alarm_security_groups"}, {"4.11", "alarm_nacl"},
    {"4.12", "alarm_gateways"}, {"4.13", "alarm_route_tables"}, {"4.14", "alarm_vpc"},
    {"4.15", "alarm_organizations"}, {"4.16", "securityhub_enabled"},
  },
  ["3.0"] = {
    {"3.1", "trail_all_regions"}, {"3.2", "log_file_validation"}, {"3.3", "config_all_regions"},
    {"3.4", "bucket_access_logging"}, {"3.5", "trail_kms"}, {"3.6", "kms_rotation"},
    {"3.7", "vpc_flow_logs"}, {"3.8", "s3_write_events"}, {"3.9", "s3_read_events"},
    {"4.1", "alarm_unauthorized_api"}, {"4.2", "alarm_console_no_mfa"}, {"4.3", "alarm_root"},
    {"4.4", "alarm_iam_policy"}, {"4.5", "alarm_cloudtrail_changes"},
    {"4.6", "alarm_console_auth_failures"}, {"4.7", "alarm_cmk"}, {"4.8", "alarm_s3_policy"},
    {"4.9", "alarm_config_changes"}, {"4.10", "alarm_security_groups"}, {"4.11", "alarm_nacl"},
    {"4.12", "alarm_gateways"}, {"4.13", "alarm_route_tables"}, {"4.14", "alarm_vpc"},
    {"4.15", "alarm_organizations"}, {"4.16", "securityhub_enabled"},
  },
  ["4.0"] = {
    {"3.1", "trail_all_regions"}, {"3.2", "log_file_validation"}, {"3.3", "config_all_regions"},
    {"3.4", "bucket_access_logging"}, {"3.5", "trail_kms"}, {"3.6", "kms_rotation"},
    {"3.7", "vpc_flow_logs"}, {"3.8", "s3_write_events"}, {"3.9", "s3_read_events"},
    {"4.1", "alarm_unauthorized_api"}, {"4.2", "alarm_console_no_mfa"}, {"4.3", "alarm_root"},
    {"4.4", "alarm_iam_policy"}, {"4.5", "alarm_cloudtrail_changes"},
    {"4.6", "alarm_console_auth_failures"}, {"4.7", "alarm_cmk"}, {"4.8", "alarm_s3_policy"},
    {"4.9", "alarm_config_changes"}, {"4.10", "alarm_security_groups"}, {"4.11", "alarm_nacl"},
    {"4.12", "alarm_gateways"}, {"4.13", "alarm_route_tables"}, {"4.14", "alarm_vpc"},
    {"4.15", "alarm_organizations"}, {"4.16", "securityhub_enabled"},
  },
  ["5.0"] = {
    {"3.1", "trail_all_regions"}, {"3.2", "log_file_validation"}, {"3.3", "config_all_regions"},
    {"3.4", "bucket_access_logging"}, {"3.5", "trail_kms"}, {"3.6", "kms_rotation"},
    {"3.7", "vpc_flow_logs"}, {"3.8", "s3_write_events"}, {"3.9", "s3_read_events"},
    {"4.1", "alarm_unauthorized_api"}, {"4.2", "alarm_console_no_mfa"}, {"4.3", "alarm_root"},
    {"4.4", "alarm_iam_policy"}, {"4.5", "alarm_cloudtrail_changes"},
    {"4.6", "alarm_console_auth_failures"}, {"4.7", "alarm_cmk"}, {"4.8", "alarm_s3_policy"},
    {"4.9", "alarm_config_changes"}, {"4.10", "alarm_security_groups"}, {"4.11", "alarm_nacl"},
    {"4.12", "alarm_gateways"}, {"4.13", "alarm_route_tables"}, {"4.14", "alarm_vpc"},
    {"4.15", "alarm_organizations"}, {"4.16", "securityhub_enabled"},
  },
  ["6.0"] = {
    {"4.1", "trail_all_regions"}, {"4.2", "log_file_validation"}, {"4.3", "config_all_regions"},
    {"4.4", "bucket_access_logging"}, {"4.5", "trail_kms"}, {"4.6", "kms_rotation"},
    {"4.7", "vpc_flow_logs"}, {"4.8", "s3_write_events"}, {"4.9", "s3_read_events"},
    {"5.1", "alarm_unauthorized_api"}, {"5.2", "alarm_console_no_mfa"}, {"5.3", "alarm_root"},
    {"5.4", "alarm_iam_policy"}, {"5.5", "alarm_cloudtrail_changes"},
    {"5.6", "alarm_console_auth_failures"}, {"5.7", "alarm_cmk"}, {"5.8", "alarm_s3_policy"},
    {"5.9", "alarm_config_changes"}, {"5.10", "alarm_security_groups"}, {"5.11", "alarm_nacl"},
    {"5.12", "alarm_gateways"}, {"5.13", "alarm_route_tables"}, {"5.14", "alarm_vpc"},
    {"5.15", "alarm_organizations"}, {"5.16", "securityhub_enabled"},
  },
  ["7.0"] = {
    {"4.1", "trail_all_regions"}, {"4.2", "log_file_validation"}, {"4.3", "config_all_regions"},
    {"4.4", "bucket_access_logging"}, {"4.5", "trail_kms"}, {"4.6", "kms_rotation"},
    {"4.7", "vpc_flow_logs"}, {"4.8", "s3_write_events"}, {"4.9", "s3_read_events"},
    {"4.10", "web_access_logging"},
    {"5.1", "alarm_unauthorized_api"}, {"5.2", "alarm_console_no_mfa"}, {"5.3", "alarm_root"},
    {"5.4", "alarm_iam_policy"}, {"5.5", "alarm_cloudtrail_changes"},
    {"5.6", "alarm_console_auth_failures"}, {"5.7", "alarm_cmk"}, {"5.8", "alarm_s3_policy"},
    {"5.9", "alarm_config_changes"}, {"5.10", "alarm_security_groups"}, {"5.11", "alarm_nacl"},
    {"5.12", "alarm_gateways"}, {"5.13", "alarm_route_tables"}, {"5.14", "alarm_vpc"},
    {"5.15", "alarm_organizations"}, {"5.16", "securityhub_enabled"},
  },
}
M.cis_versions = {"1.2", "1.4", "1.5", "2.0", "3.0", "4.0", "5.0", "6.0", "7.0"}

-- trailscan's own mapping to the frameworks Security Hub does not relate
-- (ISO/IEC 27001:2022 Annex A, SOC 2): A.8.15 Logging for the rules that
-- make activity logs exist, complete, protected and kept; A.8.16 Monitoring
-- activities and CC7.2 (monitoring for anomalies) for the rules whose
-- object is watching those logs.
local LOGGING = {iso = {"A.8.15"}}
local MONITORING = {iso = {"A.8.16"}, soc2 = {"CC7.2"}}
M.judgment = {
  ["cloudtrail-management-events"] = LOGGING,
  ["cloudtrail-log-file-validation"] = LOGGING,
  ["cloudtrail-kms-encryption"] = LOGGING,
  ["cloudtrail-bucket-not-public"] = LOGGING,
  ["cloudtrail-bucket-access-logging"] = LOGGING,
  ["cloudtrail-bucket-lifecycle"] = LOGGING,
  ["logs-log-group-retention"] = LOGGING,
  ["logs-trail-log-group-retention"] = LOGGING,
  ["s3-read-data-events"] = LOGGING,
  ["s3-write-data-events"] = LOGGING,
  ["config-recording-all-regions"] = LOGGING,
  ["config-service-linked-role"] = LOGGING,
  ["vpc-flow-logs"] = LOGGING,
  ["cloudtrail-trail-enabled"] = LOGGING,
  ["s3-bucket-access-logging"] = LOGGING,
  ["cloudtrail-cloudwatch-logs-delivery"] = {iso = {"A.8.15", "A.8.16"}, soc2 = {"CC7.2"}},
}
for _, c in ipairs(M.security_hub) do
  if c.id:match("^CloudWatch%.%d+$") and tonumber(c.id:match("%d+$")) <= 14 then
    M.judgment[c.rules[1]] = MONITORING
  end
end
M.judgment["cis-alarm-organizations-changes"] = MONITORING
M.judgment["securityhub-enabled"] = MONITORING
M.judgment["cloudwatch-alarm-actions-configured"] = MONITORING
M.judgment["cloudwatch-alarm-actions-enabled"] = MONITORING

local REQUIREMENTS = {"pci-dss-3.2.1", "pci-dss-4.0.1", "nist-800-53-r5", "nist-800-171-r2"}
M.requirement_frameworks = REQUIREMENTS

local function contains(list, x)
  for _, v in ipairs(list or {}) do
    if v == x then return true end
  end
  return false
end

local function add(out, framework, ids)
  if not ids or #ids == 0 then return end
  local list = out[framework] or {}
  out[framework] = list
  for _, id in ipairs(ids) do
    if not contains(list, id) then list[#list + 1] = id end
  end
end

local sh_by_id = {}
for _, c in ipairs(M.security_hub) do sh_by_id[c.id] = c end

-- The rules that judge a concept: its Security Hub control's, or its own.
function M.concept_rules(concept)
  if concept.rules then return concept.rules end
  local c = sh_by_id[concept.sh]
  return c and c.rules
end

-- Every rule's mappings, worked out once per Lua state (this module is
-- loaded once and shared), so loading a rule costs one lookup.
local by_rule = {}
local function map_of(rule_id)
  local out = by_rule[rule_id] or {}
  by_rule[rule_id] = out
  return out
end
for _, c in ipairs(M.security_hub) do
  for _, rule in ipairs(c.rules or {}) do
    local out = map_of(rule)
    add(out, c.standard, {c.id})
    for _, f in ipairs(REQUIREMENTS) do add(out, f, c[f]) end
  end
end
for _, v in ipairs(M.cis_versions) do
  for _, item in ipairs(M.cis[v]) do
    for _, rule in ipairs(M.concept_rules(M.concepts[item[2]]) or {}) do
      add(map_of(rule), "cis-aws-" .. v, {item[1]})
    end
  end
end
for rule, j in pairs(M.judgment) do
  add(map_of(rule), "iso-27001-2022", j.iso)
  add(map_of(rule), "soc2", j.soc2)
end

-- {framework -> {control ids}} for one rule (a copy), or nil when it maps
-- to none.
function M.of(rule_id)
  local map = by_rule[rule_id]
  if not map or next(map) == nil then return nil end
  local out = {}
  for framework, ids in pairs(map) do
    local list = {}
    for i, id in ipairs(ids) do list[i] = id end
    out[framework] = list
  end
  return out
end

return M

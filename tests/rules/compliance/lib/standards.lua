-- The numbering of each framework, written from the standards themselves
-- (not from rules/lib/compliance.lua), for the mapping test
-- (compliance_ids.lua).  A control id the compliance table gives a rule must
-- be here; a CIS number must carry the recommendation the table says.
--
-- Sources:
--   CIS 1.2.0: the recommendation titles of sections 2 (Logging) and 3
--     (Monitoring), as the Security Hub user guide's CIS page lists them.
--   CIS 1.4.0-7.0.0: the Logging and Monitoring sections of
--     github.com/prowler-cloud/prowler prowler/compliance/aws/cis_<v>_aws.json
--     (3e000fa), ids and descriptions.
--   Security Hub: each control's standards (ListSecurityControlDefinitions,
--     dumped 2026-03-10 in github.com/iainelder/security-hub-controls).
--   PCI DSS v3.2.1 and v4.0.1: the requirement numbers of Requirement 10 and
--     of the other requirements Security Hub relates to logging controls.
--   NIST SP 800-53 Rev. 5: the controls of each family and the enhancement
--     count of every control cited; NIST SP 800-171 Rev. 2: the number of
--     requirements in each of its 14 families.
--   ISO/IEC 27001:2022 Annex A 8.1-8.34; SOC 2 CC7.1-CC7.5.

local S = {}

-- Every Logging and Monitoring recommendation, in the benchmark's order.
S.cis = {
  ["cis-aws-1.2"] = {
    {"2.1", "Ensure CloudTrail is enabled in all regions"},
    {"2.2", "Ensure CloudTrail log file validation is enabled"},
    {"2.3", "Ensure the S3 bucket used to store CloudTrail logs is not publicly accessible"},
    {"2.4", "Ensure CloudTrail trails are integrated with CloudWatch Logs"},
    {"2.5", "Ensure AWS Config is enabled"},
    {"2.6", "Ensure S3 bucket access logging is enabled on the CloudTrail S3 bucket"},
    {"2.7", "Ensure CloudTrail logs are encrypted at rest using KMS CMKs"},
    {"2.8", "Ensure rotation for customer created CMKs is enabled"},
    {"2.9", "Ensure VPC flow logging is enabled in all VPCs"},
    {"3.1", "Ensure a log metric filter and alarm exist for unauthorized API calls"},
    {"3.2", "Ensure a log metric filter and alarm exist for Management Console sign-in without MFA"},
    {"3.3", "Ensure a log metric filter and alarm exist for usage of root user"},
    {"3.4", "Ensure a log metric filter and alarm exist for IAM policy changes"},
    {"3.5", "Ensure a log metric filter and alarm exist for CloudTrail configuration changes"},
    {"3.6", "Ensure a log metric filter and alarm exist for AWS Management Console authentication failures"},
    {"3.7", "Ensure a log metric filter and alarm exist for disabling or scheduled deletion of customer created CMKs"},
    {"3.8", "Ensure a log metric filter and alarm exist for S3 bucket policy changes"},
    {"3.9", "Ensure a log metric filter and alarm exist for AWS Config configuration changes"},
    {"3.10", "Ensure a log metric filter and alarm exist for security group changes"},
    {"3.11", "Ensure a log metric filter and alarm exist for changes to Network Access Control Lists (NACL)"},
    {"3.12", "Ensure a log metric filter and alarm exist for changes to network gateways"},
    {"3.13", "Ensure a log metric filter and alarm exist for route table changes"},
    {"3.14", "Ensure a log metric filter and alarm exist for VPC changes"},
  },
  ["cis-aws-1.4"] = {
    {"3.1", "Ensure CloudTrail is enabled in all regions"},
    {"3.2", "Ensure CloudTrail log file validation is enabled"},
    {"3.3", "Ensure the S3 bucket used to store CloudTrail logs is not publicly accessible"},
    {"3.4", "Ensure CloudTrail trails are integrated with CloudWatch Logs"},
    {"3.5", "Ensure AWS Config is enabled in all regions"},
    {"3.6", "Ensure S3 bucket access logging is enabled on the CloudTrail S3 bucket"},
    {"3.7", "Ensure CloudTrail logs are encrypted at rest using KMS CMKs"},
    {"3.8", "Ensure rotation for customer created symmetric CMKs is enabled"},
    {"3.9", "Ensure VPC flow logging is enabled in all VPCs"},
    {"3.10", "Ensure that Object-level logging for write events is enabled for S3 bucket"},
    {"3.11", "Ensure that Object-level logging for read events is enabled for S3 bucket"},
    {"4.1", "Ensure a log metric filter and alarm exist for unauthorized API calls"},
    {"4.2", "Ensure a log metric filter and alarm exist for Management Console sign-in without MFA"},
    {"4.3", "Ensure a log metric filter and alarm exist for usage of 'root' account"},
    {"4.4", "Ensure a log metric filter and alarm exist for IAM policy changes"},
    {"4.5", "Ensure a log metric filter and alarm exist for CloudTrail configuration changes"},
    {"4.6", "Ensure a log metric filter and alarm exist for AWS Management Console authentication failures"},
    {"4.7", "Ensure a log metric filter and alarm exist for disabling or scheduled deletion of customer created CMKs"},
    {"4.8", "Ensure a log metric filter and alarm exist for S3 bucket policy changes"},
    {"4.9", "Ensure a log metric filter and alarm exist for AWS Config configuration changes"},
    {"4.10", "Ensure a log metric filter and alarm exist for security group changes"},
    {"4.11", "Ensure a log metric filter and alarm exist for changes to Network Access Control Lists (NACL)"},
    {"4.12", "Ensure a log metric filter and alarm exist for changes to network gateways"},
    {"4.13", "Ensure a log metric filter and alarm exist for route table changes"},
    {"4.14", "Ensure a log metric filter and alarm exist for VPC changes"},
    {"4.15", "Ensure a log metric filter and alarm exists for AWS Organizations changes"},
  },
  ["cis-aws-1.5"] = {
    {"3.1", "Ensure CloudTrail is enabled in all regions"},
    {"3.2", "Ensure CloudTrail log file validation is enabled"},
    {"3.3", "Ensure the S3 bucket used to store CloudTrail logs is not publicly accessible"},
    {"3.4", "Ensure CloudTrail trails are integrated with CloudWatch Logs"},
    {"3.5", "Ensure AWS Config is enabled in all regions"},
    {"3.6", "Ensure S3 bucket access logging is enabled on the CloudTrail S3 bucket"},
    {"3.7", "Ensure CloudTrail logs are encrypted at rest using KMS CMKs"},
    {"3.8", "Ensure rotation for customer created symmetric CMKs is enabled"},
    {"3.9", "Ensure VPC flow logging is enabled in all VPCs"},
    {"3.10", "Ensure that Object-level logging for write events is enabled for S3 bucket"},
    {"3.11", "Ensure that Object-level logging for read events is enabled for S3 bucket"},
    {"4.1", "Ensure a log metric filter and alarm exist for unauthorized API calls"},
    {"4.2", "Ensure a log metric filter and alarm exist for Management Console sign-in without MFA"},
    {"4.3", "Ensure a log metric filter and alarm exist for usage of 'root' account"},
    {"4.4", "Ensure a log metric filter and alarm exist for IAM policy changes"},
    {"4.5", "Ensure a log metric filter and alarm exist for CloudTrail configuration changes"},
    {"4.6", "Ensure a log metric filter and alarm exist for AWS Management Console authentication failures"},
    {"4.7", "Ensure a log metric filter and alarm exist for disabling or scheduled deletion of customer created CMKs"},
    {"4.8", "Ensure a log metric filter and alarm exist for S3 bucket policy changes"},
    {"4.9", "Ensure a log metric filter and alarm exist for AWS Config configuration changes"},
    {"4.10", "Ensure a log metric filter and alarm exist for security group changes"},
    {"4.11", "Ensure a log metric filter and alarm exist for changes to Network Access Control Lists (NACL)"},
    {"4.12", "Ensure a log metric filter and alarm exist for changes to network gateways"},
    {"4.13", "Ensure a log metric filter and alarm exist for route table changes"},
    {"4.14", "Ensure a log metric filter and alarm exist for VPC changes"},
    {"4.15", "Ensure a log metric filter and alarm exists for AWS Organizations changes"},
    {"4.16", "Ensure AWS Security Hub is enabled"},
  },
  ["cis-aws-2.0"] = {
    {"3.1", "Ensure CloudTrail is enabled in all regions"},
    {"3.2", "Ensure CloudTrail log file validation is enabled"},
    {"3.3", "Ensure the S3 bucket used to store CloudTrail logs is not publicly accessible"},
    {"3.4", "Ensure CloudTrail trails are integrated with CloudWatch Logs"},
    {"3.5", "Ensure AWS Config is enabled in all regions"},
    {"3.6", "Ensure S3 bucket access logging is enabled on the CloudTrail S3 bucket"},
    {"3.7", "Ensure CloudTrail logs are encrypted at rest using KMS CMKs"},
    {"3.8", "Ensure rotation for customer created symmetric CMKs is enabled"},
    {"3.9", "Ensure VPC flow logging is enabled in all VPCs"},
    {"3.10", "Ensure that Object-level logging for write events is enabled for S3 bucket"},
    {"3.11", "Ensure that Object-level logging for read events is enabled for S3 bucket"},
    {"4.1", "Ensure a log metric filter and alarm exist for unauthorized API calls"},
    {"4.2", "Ensure a log metric filter and alarm exist for Management Console sign-in without MFA"},
    {"4.3", "Ensure a log metric filter and alarm exist for usage of 'root' account"},
    {"4.4", "Ensure a log metric filter and alarm exist for IAM policy changes"},
    {"4.5", "Ensure a log metric filter and alarm exist for CloudTrail configuration changes"},
    {"4.6", "Ensure a log metric filter and alarm exist for AWS Management Console authentication failures"},
    {"4.7", "Ensure a log metric filter and alarm exist for disabling or scheduled deletion of customer created CMKs"},
    {"4.8", "Ensure a log metric filter and alarm exist for S3 bucket policy changes"},
    {"4.9", "Ensure a log metric filter and alarm exist for AWS Config configuration changes"},
    {"4.10", "Ensure a log metric filter and alarm exist for security group changes"},
    {"4.11", "Ensure a log metric filter and alarm exist for changes to Network Access Control Lists (NACL)"},
    {"4.12", "Ensure a log metric filter and alarm exist for changes to network gateways"},
    {"4.13", "Ensure a log metric filter and alarm exist for route table changes"},
    {"4.14", "Ensure a log metric filter and alarm exist for VPC changes"},
    {"4.15", "Ensure a log metric filter and alarm exists for AWS Organizations changes"},
    {"4.16", "Ensure AWS Security Hub is enabled"},
  },
  ["cis-aws-3.0"] = {
    {"3.1", "Ensure CloudTrail is enabled in all regions"},
    {"3.2", "Ensure CloudTrail log file validation is enabled"},
    {"3.3", "Ensure AWS Config is enabled in all regions"},
    {"3.4", "Ensure S3 bucket access logging is enabled on the CloudTrail S3 bucket"},
    {"3.5", "Ensure CloudTrail logs are encrypted at rest using KMS CMKs"},
    {"3.6", "Ensure rotation for customer created symmetric CMKs is enabled"},
    {"3.7", "Ensure VPC flow logging is enabled in all VPCs"},
    {"3.8", "Ensure that Object-level logging for write events is enabled for S3 bucket"},
    {"3.9", "Ensure that Object-level logging for read events is enabled for S3 bucket"},
    {"4.1", "Ensure a log metric filter and alarm exist for unauthorized API calls"},
    {"4.2", "Ensure a log metric filter and alarm exist for Management Console sign-in without MFA"},
    {"4.3", "Ensure a log metric filter and alarm exist for usage of 'root' account"},
    {"4.4", "Ensure a log metric filter and alarm exist for IAM policy changes"},
    {"4.5", "Ensure a log metric filter and alarm exist for CloudTrail configuration changes"},
    {"4.6", "Ensure a log metric filter and alarm exist for AWS Management Console authentication failures"},
    {"4.7", "Ensure a log metric filter and alarm exist for disabling or scheduled deletion of customer created CMKs"},
    {"4.8", "Ensure a log metric filter and alarm exist for S3 bucket policy changes"},
    {"4.9", "Ensure a log metric filter and alarm exist for AWS Config configuration changes"},
    {"4.10", "Ensure a log metric filter and alarm exist for security group changes"},
    {"4.11", "Ensure a log metric filter and alarm exist for changes to Network Access Control Lists (NACL)"},
    {"4.12", "Ensure a log metric filter and alarm exist for changes to network gateways"},
    {"4.13", "Ensure route table changes are monitored"},
    {"4.14", "Ensure a log metric filter and alarm exist for VPC changes"},
    {"4.15", "Ensure a log metric filter and alarm exists for AWS Organizations changes"},
    {"4.16", "Ensure AWS Security Hub is enabled"},
  },
  ["cis-aws-4.0"] = {
    {"3.1", "Ensure CloudTrail is enabled in all regions"},
    {"3.2", "Ensure CloudTrail log file validation is enabled"},
    {"3.3", "Ensure AWS Config is enabled in all regions"},
    {"3.4", "Ensure that server access logging is enabled on the CloudTrail S3 bucket"},
    {"3.5", "Ensure CloudTrail logs are encrypted at rest using KMS CMKs"},
    {"3.6", "Ensure rotation for customer-created symmetric CMKs is enabled"},
    {"3.7", "Ensure VPC flow logging is enabled in all VPCs"},
    {"3.8", "Ensure that object-level logging for write events is enabled for S3 buckets"},
    {"3.9", "Ensure that object-level logging for read events is enabled for S3 buckets"},
    {"4.1", "Ensure unauthorized API calls are monitored"},
    {"4.2", "Ensure management console sign-in without MFA is monitored"},
    {"4.3", "Ensure usage of the 'root' account is monitored"},
    {"4.4", "Ensure IAM policy changes are monitored"},
    {"4.5", "Ensure CloudTrail configuration changes are monitored"},
    {"4.6", "Ensure AWS Management Console authentication failures are monitored"},
    {"4.7", "Ensure disabling or scheduled deletion of customer created CMKs is monitored"},
    {"4.8", "Ensure S3 bucket policy changes are monitored"},
    {"4.9", "Ensure AWS Config configuration changes are monitored"},
    {"4.10", "Ensure security group changes are monitored"},
    {"4.11", "Ensure Network Access Control List (NACL) changes are monitored"},
    {"4.12", "Ensure changes to network gateways are monitored"},
    {"4.13", "Ensure route table changes are monitored"},
    {"4.14", "Ensure VPC changes are monitored"},
    {"4.15", "Ensure AWS Organizations changes are monitored"},
    {"4.16", "Ensure AWS Security Hub is enabled"},
  },
  ["cis-aws-5.0"] = {
    {"3.1", "Ensure CloudTrail is enabled in all regions"},
    {"3.2", "Ensure CloudTrail log file validation is enabled"},
    {"3.3", "Ensure AWS Config is enabled in all regions"},
    {"3.4", "Ensure that server access logging is enabled on the CloudTrail S3 bucket"},
    {"3.5", "Ensure CloudTrail logs are encrypted at rest using KMS CMKs"},
    {"3.6", "Ensure rotation for customer-created symmetric CMKs is enabled"},
    {"3.7", "Ensure VPC flow logging is enabled in all VPCs"},
    {"3.8", "Ensure that object-level logging for write events is enabled for S3 buckets"},
    {"3.9", "Ensure that object-level logging for read events is enabled for S3 buckets"},
    {"4.1", "Ensure unauthorized API calls are monitored"},
    {"4.2", "Ensure management console sign-in without MFA is monitored"},
    {"4.3", "Ensure usage of the 'root' account is monitored"},
    {"4.4", "Ensure IAM policy changes are monitored"},
    {"4.5", "Ensure CloudTrail configuration changes are monitored"},
    {"4.6", "Ensure AWS Management Console authentication failures are monitored"},
    {"4.7", "Ensure disabling or scheduled deletion of customer created CMKs is monitored"},
    {"4.8", "Ensure S3 bucket policy changes are monitored"},
    {"4.9", "Ensure AWS Config configuration changes are monitored"},
    {"4.10", "Ensure security group changes are monitored"},
    {"4.11", "Ensure Network Access Control List (NACL) changes are monitored"},
    {"4.12", "Ensure changes to network gateways are monitored"},
    {"4.13", "Ensure route table changes are monitored"},
    {"4.14", "Ensure VPC changes are monitored"},
    {"4.15", "Ensure AWS Organizations changes are monitored"},
    {"4.16", "Ensure AWS Security Hub is enabled"},
  },
  ["cis-aws-6.0"] = {
    {"4.1", "Ensure CloudTrail is enabled in all regions"},
    {"4.2", "Ensure CloudTrail log file validation is enabled"},
    {"4.3", "Ensure AWS Config is enabled in all regions"},
    {"4.4", "Ensure that server access logging is enabled on the CloudTrail S3 bucket"},
    {"4.5", "Ensure CloudTrail logs are encrypted at rest using KMS CMKs"},
    {"4.6", "Ensure rotation for customer-created symmetric CMKs is enabled"},
    {"4.7", "Ensure VPC flow logging is enabled in all VPCs"},
    {"4.8", "Ensure that object-level logging for write events is enabled for S3 buckets"},
    {"4.9", "Ensure that object-level logging for read events is enabled for S3 buckets"},
    {"5.1", "Ensure unauthorized API calls are monitored"},
    {"5.2", "Ensure management console sign-in without MFA is monitored"},
    {"5.3", "Ensure usage of the 'root' account is monitored"},
    {"5.4", "Ensure IAM policy changes are monitored"},
    {"5.5", "Ensure CloudTrail configuration changes are monitored"},
    {"5.6", "Ensure AWS Management Console authentication failures are monitored"},
    {"5.7", "Ensure disabling or scheduled deletion of customer created CMKs is monitored"},
    {"5.8", "Ensure S3 bucket policy changes are monitored"},
    {"5.9", "Ensure AWS Config configuration changes are monitored"},
    {"5.10", "Ensure security group changes are monitored"},
    {"5.11", "Ensure Network Access Control List (NACL) changes are monitored"},
    {"5.12", "Ensure changes to network gateways are monitored"},
    {"5.13", "Ensure route table changes are monitored"},
    {"5.14", "Ensure VPC changes are monitored"},
    {"5.15", "Ensure AWS Organizations changes are monitored"},
    {"5.16", "Ensure AWS Security Hub is enabled"},
  },
  ["cis-aws-7.0"] = {
    {"4.1", "Ensure CloudTrail is enabled in all regions"},
    {"4.2", "Ensure CloudTrail log file validation is enabled"},
    {"4.3", "Ensure AWS Config is enabled in all regions"},
    {"4.4", "Ensure that server access logging is enabled on the CloudTrail S3 bucket"},
    {"4.5", "Ensure CloudTrail logs are encrypted at rest using KMS CMKs"},
    {"4.6", "Ensure rotation for customer-created symmetric CMKs is enabled"},
    {"4.7", "Ensure VPC flow logging is enabled in all VPCs"},
    {"4.8", "Ensure that object-level logging for write events is enabled for S3 buckets"},
    {"4.9", "Ensure that object-level logging for read events is enabled for S3 buckets"},
    {"4.10", "Ensure all AWS-managed web front-end services have access logging enabled"},
    {"5.1", "Ensure unauthorized API calls are monitored"},
    {"5.2", "Ensure management console sign-in without MFA is monitored"},
    {"5.3", "Ensure usage of the 'root' account is monitored"},
    {"5.4", "Ensure IAM policy changes are monitored"},
    {"5.5", "Ensure CloudTrail configuration changes are monitored"},
    {"5.6", "Ensure AWS Management Console authentication failures are monitored"},
    {"5.7", "Ensure disabling or scheduled deletion of customer created CMKs is monitored"},
    {"5.8", "Ensure S3 bucket policy changes are monitored"},
    {"5.9", "Ensure AWS Config configuration changes are monitored"},
    {"5.10", "Ensure security group changes are monitored"},
    {"5.11", "Ensure Network Access Control List (NACL) changes are monitored"},
    {"5.12", "Ensure changes to network gateways are monitored"},
    {"5.13", "Ensure route table changes are monitored"},
    {"5.14", "Ensure VPC changes are monitored"},
    {"5.15", "Ensure AWS Organizations changes are monitored"},
    {"5.16", "Ensure AWS Security Hub is enabled"},
  },
}

-- Items of other sections Security Hub relates to a logging control.
S.cis_other = {
  ["cis-aws-1.2"] = {{"1.1", "Avoid the use of the \"root\" account"}},
  ["cis-aws-1.4"] = {{"1.7", "Eliminate use of the 'root' user for administrative and daily tasks"}},
}

-- Security Hub's logging and monitoring controls, and those of them that
-- belong to AWS Foundational Security Best Practices v1.0.0.
S.security_hub = {
  "CloudTrail.1", "CloudTrail.2", "CloudTrail.3", "CloudTrail.4", "CloudTrail.5",
  "CloudTrail.6", "CloudTrail.7", "CloudTrail.9", "CloudTrail.10",
  "CloudWatch.1", "CloudWatch.2", "CloudWatch.3", "CloudWatch.4", "CloudWatch.5",
  "CloudWatch.6", "CloudWatch.7", "CloudWatch.8", "CloudWatch.9", "CloudWatch.10",
  "CloudWatch.11", "CloudWatch.12", "CloudWatch.13", "CloudWatch.14", "CloudWatch.15",
  "CloudWatch.16", "CloudWatch.17", "Config.1", "EC2.6", "KMS.4", "S3.9", "S3.22", "S3.23",
}
S.fsbp = {"CloudTrail.1", "CloudTrail.2", "CloudTrail.4", "CloudTrail.5", "Config.1", "EC2.6",
  "S3.9"}

local function range(prefix, first, last, out)
  out = out or {}
  for i = first, last do out[#out + 1] = prefix .. i end
  return out
end

-- PCI DSS v3.2.1: Requirement 10 whole, and 3.4, 3.6.4, 7.2.1, 11.5.
local pci3 = {"3.4", "3.6.4", "7.2.1", "11.5", "10.1", "10.2", "10.3", "10.4", "10.5", "10.6",
  "10.7", "10.8", "10.8.1", "10.9"}
range("10.2.", 1, 7, pci3)
range("10.3.", 1, 6, pci3)
range("10.4.", 1, 3, pci3)
range("10.5.", 1, 5, pci3)
range("10.6.", 1, 3, pci3)
S["pci-dss-3.2.1"] = pci3

-- PCI DSS v4.0.1: Requirement 10 whole, and 3.7.4.
local pci4 = {"3.7.4", "10.1.1", "10.1.2", "10.2.1", "10.2.2", "10.4.1", "10.4.1.1", "10.4.2",
  "10.4.2.1", "10.4.3", "10.5.1"}
range("10.2.1.", 1, 7, pci4)
range("10.3.", 1, 4, pci4)
range("10.6.", 1, 3, pci4)
range("10.7.", 1, 3, pci4)
S["pci-dss-4.0.1"] = pci4

-- NIST SP 800-53 Rev. 5: controls per family, and the number of
-- enhancements of each control an enhancement is cited for.
S.nist53_families = {AC = 25, AU = 16, CA = 9, CM = 14, IR = 10, SA = 23, SC = 51, SI = 23}
S.nist53_enhancements = {
  ["AC-2"] = 13, ["AC-4"] = 32, ["AC-6"] = 10, ["AU-6"] = 10, ["AU-7"] = 2, ["AU-9"] = 7,
  ["AU-14"] = 3, ["CA-9"] = 1, ["CM-3"] = 8, ["CM-6"] = 4, ["CM-8"] = 9, ["IR-4"] = 15,
  ["SA-8"] = 33, ["SC-7"] = 29, ["SC-12"] = 6, ["SC-28"] = 3, ["SI-3"] = 10, ["SI-4"] = 25,
  ["SI-7"] = 17,
}

-- NIST SP 800-171 Rev. 2: requirements per family 3.1-3.14 (110 in all).
local counts171 = {22, 3, 9, 9, 11, 3, 6, 9, 2, 6, 3, 4, 16, 7}
local n171 = {}
for family, count in ipairs(counts171) do range("3." .. family .. ".", 1, count, n171) end
S["nist-800-171-r2"] = n171

S["iso-27001-2022"] = range("A.8.", 1, 34)
S["soc2"] = range("CC7.", 1, 5)

return S

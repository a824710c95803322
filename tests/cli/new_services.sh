#!/usr/bin/env bash
# The services a snapshot may hold beyond CloudTrail, CloudWatch (Logs), SNS
# and S3 (DESIGN.md section 2: config, kms, ec2, securityhub, s3control): the
# loader accepts their answers with the types botocore gives them and
# refuses a wrong type in each, naming file:line:col and the member's path.
# usage: new_services.sh path/to/trailscan
. "$(dirname "$0")/lib.sh" "$1"

# snap FILE REGION-SERVICES GLOBAL-SERVICES: a snapshot whose third line
# holds us-east-1's services and fourth line global's.
snap() {
    printf '{"format": "trailscan-snapshot/1", "account_id": "123456789012", "partition": "aws",
 "collected_at": "2026-11-25T12:00:00Z",
 "regions": {"us-east-1": {%s}},
 "global": {%s}}\n' "$2" "$3" > "$1"
}

KEY=arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
snap good.json '"config": {"DescribeConfigurationRecorders": {"ConfigurationRecorders": [{"name": "default", "roleARN": "arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig", "recordingGroup": {"allSupported": true, "includeGlobalResourceTypes": true, "resourceTypes": [], "recordingStrategy": {"useOnly": "ALL_SUPPORTED_RESOURCE_TYPES"}}}]},
  "DescribeConfigurationRecorderStatus": {"ConfigurationRecordersStatus": [{"name": "default", "recording": true, "lastStatus": "SUCCESS", "lastStartTime": 1732530000, "lastStatusChangeTime": "2026-11-25T10:00:00Z"}]},
  "DescribeDeliveryChannels": {"DeliveryChannels": [{"name": "default", "s3BucketName": "config-123456789012"}]}},
 "kms": {"ListKeys": {"Keys": [{"KeyId": "1234abcd-12ab-34cd-56ef-1234567890ab", "KeyArn": "'$KEY'"}], "Truncated": false},
  "DescribeKey": {"'$KEY'": {"KeyMetadata": {"KeyId": "1234abcd-12ab-34cd-56ef-1234567890ab", "Arn": "'$KEY'", "CreationDate": 1700000000.5, "Enabled": true, "KeyManager": "CUSTOMER", "KeySpec": "SYMMETRIC_DEFAULT", "Origin": "AWS_KMS", "KeyState": "Enabled", "MultiRegion": false, "EncryptionAlgorithms": ["SYMMETRIC_DEFAULT"]}}},
  "GetKeyRotationStatus": {"'$KEY'": {"KeyRotationEnabled": true, "RotationPeriodInDays": 365}}},
 "ec2": {"DescribeVpcs": {"Vpcs": [{"VpcId": "vpc-0a1b2c3d", "State": "available", "IsDefault": true, "CidrBlock": "172.31.0.0/16"}]},
  "DescribeFlowLogs": {"FlowLogs": [{"FlowLogId": "fl-1", "ResourceId": "vpc-0a1b2c3d", "FlowLogStatus": "ACTIVE", "TrafficType": "ALL", "MaxAggregationInterval": 600, "CreationTime": "2026-01-01T00:00:00Z"}]}},
 "securityhub": {"DescribeHub": {"HubArn": "arn:aws:securityhub:us-east-1:123456789012:hub/default", "SubscribedAt": "2026-01-01T00:00:00.000Z", "AutoEnableControls": true},
  "GetEnabledStandards": {"StandardsSubscriptions": [{"StandardsSubscriptionArn": "arn:aws:securityhub:us-east-1:123456789012:subscription/aws-foundational-security-best-practices/v/1.0.0", "StandardsArn": "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0", "StandardsInput": {}, "StandardsStatus": "READY"}]}}' \
  '"s3control": {"GetPublicAccessBlock": {"PublicAccessBlockConfiguration": {"BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": true}}},
 "s3": {"ListBuckets": {"Buckets": [{"Name": "b1"}]}, "GetBucketLocation": {"b1": {"LocationConstraint": "eu-west-1"}}, "GetBucketLogging": {"b1": {}}}'
check "every new service, as botocore types it, loads" 0 "good.json: OK" -- "$T" validate good.json

# wrong NAME REGION-SERVICES GLOBAL-SERVICES EXPECTED-MESSAGE
wrong() {
    snap "$1.json" "$2" "$3"
    check "$1: a wrong type is refused with file:line:col" 2 "^trailscan: $1\.json:$4\$" -- "$T" validate "$1.json"
}
wrong config_recording '"config": {"DescribeConfigurationRecorderStatus": {"ConfigurationRecordersStatus": [{"name": "default", "recording": "true"}]}}' '' \
    "3:132: regions\.us-east-1\.config\.DescribeConfigurationRecorderStatus\.ConfigurationRecordersStatus\[0\]\.recording: expected a boolean, found a string"
wrong config_recorders '"config": {"DescribeConfigurationRecorders": {"ConfigurationRecorders": {"name": "default"}}}' '' \
    "3:74: regions\.us-east-1\.config\.DescribeConfigurationRecorders\.ConfigurationRecorders: expected an array, found an object"
wrong kms_rotation '"kms": {"GetKeyRotationStatus": {"'$KEY'": {"KeyRotationEnabled": "yes"}}}' '' \
    "3:[0-9]+: regions\.us-east-1\.kms\.GetKeyRotationStatus\.$KEY\.KeyRotationEnabled: expected a boolean, found a string"
wrong kms_keys '"kms": {"ListKeys": {"Keys": "all"}}' '' \
    "3:49: regions\.us-east-1\.kms\.ListKeys\.Keys: expected an array, found a string"
wrong ec2_flowlogs '"ec2": {"DescribeFlowLogs": {"FlowLogs": [{"FlowLogId": "fl-1", "MaxAggregationInterval": "600"}]}}' '' \
    "3:92: regions\.us-east-1\.ec2\.DescribeFlowLogs\.FlowLogs\[0\]\.MaxAggregationInterval: expected a number, found a string"
wrong ec2_vpcs '"ec2": {"DescribeVpcs": {"Vpcs": [{"VpcId": "vpc-1", "IsDefault": "no"}]}}' '' \
    "3:[0-9]+: regions\.us-east-1\.ec2\.DescribeVpcs\.Vpcs\[0\]\.IsDefault: expected a boolean, found a string"
wrong securityhub_hub '"securityhub": {"DescribeHub": {"HubArn": ["arn:aws:securityhub:us-east-1:123456789012:hub/default"]}}' '' \
    "3:[0-9]+: regions\.us-east-1\.securityhub\.DescribeHub\.HubArn: expected a string, found an array"
wrong s3control_block '' '"s3control": {"GetPublicAccessBlock": {"PublicAccessBlockConfiguration": {"BlockPublicAcls": 1}}}' \
    "4:[0-9]+: global\.s3control\.GetPublicAccessBlock\.PublicAccessBlockConfiguration\.BlockPublicAcls: expected a boolean, found a number"
finish

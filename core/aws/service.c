#include "aws/service.h"

#include <stddef.h>

const struct aws_service aws_cloudtrail = {
    "cloudtrail", "cloudtrail", "cloudtrail", AWS_PROTO_JSON, "1.1",
    "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101", NULL, "CLOUDTRAIL"};
const struct aws_service aws_logs = {
    "logs", "logs", "logs", AWS_PROTO_JSON, "1.1", "Logs_20140328", NULL, "CLOUDWATCH_LOGS"};
/* CloudWatch speaks AWS JSON 1.0 besides query; JSON keeps one parser. */
const struct aws_service aws_cloudwatch = {
    "cloudwatch", "monitoring", "monitoring", AWS_PROTO_JSON, "1.0",
    "GraniteServiceVersion20100801", NULL, "CLOUDWATCH"};
const struct aws_service aws_sns = {
    "sns", "sns", "sns", AWS_PROTO_QUERY, NULL, NULL, "2010-03-31", "SNS"};
const struct aws_service aws_sts = {
    "sts", "sts", "sts", AWS_PROTO_QUERY, NULL, NULL, "2011-06-15", "STS"};
const struct aws_service aws_ec2 = {
    "ec2", "ec2", "ec2", AWS_PROTO_QUERY, NULL, NULL, "2016-11-15", "EC2"};
const struct aws_service aws_s3 = {
    "s3", "s3", "s3", AWS_PROTO_REST_XML, NULL, NULL, NULL, "S3"};
/* Organizations is global: its endpoint is in us-east-1 (aws-cn:
 * cn-northwest-1, aws-us-gov: us-gov-west-1), whichever region asks. */
const struct aws_service aws_organizations = {
    "organizations", "organizations", "organizations", AWS_PROTO_JSON, "1.1",
    "AWSOrganizationsV20161128", NULL, "ORGANIZATIONS"};
/* The IAM Identity Center portal: https://portal.sso.<region>.amazonaws.com. */
const struct aws_service aws_sso = {
    "sso", "portal.sso", "awsssoportal", AWS_PROTO_REST_JSON, NULL, NULL, NULL, "SSO"};
/* AWS Config: JSON 1.1 under its historical target prefix. */
const struct aws_service aws_config = {
    "config", "config", "config", AWS_PROTO_JSON, "1.1", "StarlingDoveService", NULL,
    "CONFIG_SERVICE"};
const struct aws_service aws_kms = {
    "kms", "kms", "kms", AWS_PROTO_JSON, "1.1", "TrentService", NULL, "KMS"};
/* Security Hub speaks REST-JSON: each operation has its method and path
 * (aws_client.c's routes). */
const struct aws_service aws_securityhub = {
    "securityhub", "securityhub", "securityhub", AWS_PROTO_REST_JSON, NULL, NULL, NULL,
    "SECURITYHUB"};
/* S3 Control: REST-XML at <account>.s3-control.<region>, signed as "s3". */
const struct aws_service aws_s3control = {
    "s3control", "s3-control", "s3", AWS_PROTO_REST_XML, NULL, NULL, NULL, "S3_CONTROL"};

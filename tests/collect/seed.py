#!/usr/bin/env python3
"""Seed a moto server with a realistic CloudTrail logging setup.

    seed.py --endpoint http://127.0.0.1:PORT [--regions r1,r2,...]
            [--account-file FILE]

Prints a JSON summary (account, trail ARNs, buckets, log groups, topic ARNs)
on stdout; --account-file writes the same summary to FILE.

What it builds (account 123456789012, moto's default):
  us-east-1  trail "management-trail": multi-region, basic event selectors
             (management events + S3 data events for all buckets), CloudWatch
             Logs delivery (log group + IAM role), logging started, no KMS,
             no log file validation.
             bucket trailscan-trail-logs-<acct>: server access logging to
             trailscan-access-logs-<acct>, public access block (all four on),
             lifecycle (transition to GLACIER at 90 days, expire at 2555),
             ACL private.
             log groups: the trail's (365 days), /aws/lambda/orders-api (none).
             CIS metric filters on the trail's group (root usage, unauthorized
             API calls, console sign-in without MFA, CloudTrail changes) with
             alarms notifying SNS topics cis-alarms (SQS subscription, which
             moto confirms) and security-alerts (email subscription).
  eu-west-1  trail "eu-data-trail": single-region, advanced event selectors
             (management events; Data + AWS::S3::Object with readOnly false),
             KMS key, log file validation, logging started.
             bucket trailscan-eu-trail-logs-<acct> (eu-west-1): no access
             logging, no public access block, no lifecycle, an ACL that grants
             READ to AuthenticatedUsers.
             log groups /aws/lambda/eu-app (30 days), eu-audit (none).
  every other region in --regions: a log group without retention, a metric
             filter + alarm on it notifying a regional topic with an SQS
             subscription (data for the 17-region benchmark).
  global     an unrelated bucket trailscan-app-assets-<acct>.

moto quirks worth knowing when comparing what collect reads back:
  * regions are separate backends chosen by the region in the SigV4 scope;
  * GetEventSelectors only answers in the trail's home region;
  * StartLogging/StopLogging take the trail's name only (an ARN is a 500);
  * absent optional fields come back as null (e.g. KmsKeyId);
  * SNS subscriptions are never "PendingConfirmation" in moto, whatever the
    protocol: ListSubscriptionsByTopic always shows a subscription ARN.
"""
import argparse
import json
import os
import sys

import boto3

ACCOUNT = "123456789012"

CIS_FILTERS = [
    ("CIS-RootAccountUsage", "RootAccountUsageCount",
     '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS '
     '&& $.eventType !="AwsServiceEvent"}', "cis-alarms"),
    ("CIS-UnauthorizedAPICalls", "UnauthorizedAPICallsCount",
     '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
     "cis-alarms"),
    ("CIS-ConsoleSigninWithoutMFA", "ConsoleSigninWithoutMFACount",
     '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") '
     '&& ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
     "security-alerts"),
    ("CIS-CloudTrailChanges", "CloudTrailChangesCount",
     "{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || "
     "($.eventName=DeleteTrail) || ($.eventName=StartLogging) || "
     "($.eventName=StopLogging)}", "cis-alarms"),
]
NAMESPACE = "CISBenchmark"

TRAIL_BUCKET = f"trailscan-trail-logs-{ACCOUNT}"
ACCESS_LOG_BUCKET = f"trailscan-access-logs-{ACCOUNT}"
EU_TRAIL_BUCKET = f"trailscan-eu-trail-logs-{ACCOUNT}"
APP_BUCKET = f"trailscan-app-assets-{ACCOUNT}"
TRAIL_GROUP = f"aws-cloudtrail-logs-{ACCOUNT}"


class Seeder:
    def __init__(self, endpoint):
        self.endpoint = endpoint
        # Fake credentials: moto accepts any key while its auth is off.
        self.session = boto3.session.Session(
            aws_access_key_id=os.environ.get("SEED_ACCESS_KEY_ID", "testing"),
            aws_secret_access_key=os.environ.get("SEED_SECRET_ACCESS_KEY", "testing"))
        self.summary = {"account_id": ACCOUNT, "trails": [], "buckets": [],
                        "trail_buckets": [], "log_groups": {}, "topics": {},
                        "alarms": {}, "regions": []}

    def client(self, service, region):
        return self.session.client(service, region_name=region,
                                   endpoint_url=self.endpoint)

    # --- S3 -------------------------------------------------------------

    def bucket(self, name, region):
        s3 = self.client("s3", region)
        if region == "us-east-1":
            s3.create_bucket(Bucket=name)
        else:
            s3.create_bucket(Bucket=name, CreateBucketConfiguration={
                "LocationConstraint": region})
        self.summary["buckets"].append(name)
        return s3

    def trail_bucket_policy(self, s3, name):
        s3.put_bucket_policy(Bucket=name, Policy=json.dumps({
            "Version": "2012-10-17",
            "Statement": [
                {"Sid": "AWSCloudTrailAclCheck", "Effect": "Allow",
                 "Principal": {"Service": "cloudtrail.amazonaws.com"},
                 "Action": "s3:GetBucketAcl", "Resource": f"arn:aws:s3:::{name}"},
                {"Sid": "AWSCloudTrailWrite", "Effect": "Allow",
                 "Principal": {"Service": "cloudtrail.amazonaws.com"},
                 "Action": "s3:PutObject",
                 "Resource": f"arn:aws:s3:::{name}/AWSLogs/{ACCOUNT}/*",
                 "Condition": {"StringEquals": {
                     "s3:x-amz-acl": "bucket-owner-full-control"}}}]}))

    def seed_buckets(self):
        s3 = self.bucket(ACCESS_LOG_BUCKET, "us-east-1")
        # S3 server access logging delivers as the logging service.
        s3.put_bucket_acl(Bucket=ACCESS_LOG_BUCKET, ACL="log-delivery-write")

        s3 = self.bucket(TRAIL_BUCKET, "us-east-1")
        self.trail_bucket_policy(s3, TRAIL_BUCKET)
        s3.put_bucket_logging(Bucket=TRAIL_BUCKET, BucketLoggingStatus={
            "LoggingEnabled": {"TargetBucket": ACCESS_LOG_BUCKET,
                               "TargetPrefix": f"{TRAIL_BUCKET}/"}})
        s3.put_public_access_block(
            Bucket=TRAIL_BUCKET, PublicAccessBlockConfiguration={
                "BlockPublicAcls": True, "IgnorePublicAcls": True,
                "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
        s3.put_bucket_lifecycle_configuration(
            Bucket=TRAIL_BUCKET, LifecycleConfiguration={"Rules": [{
                "ID": "archive-after-90d-expire-after-7y",
                "Filter": {"Prefix": ""}, "Status": "Enabled",
                "Transitions": [{"Days": 90, "StorageClass": "GLACIER"}],
                "Expiration": {"Days": 2555}}]})
        s3.put_bucket_acl(Bucket=TRAIL_BUCKET, ACL="private")

        s3 = self.bucket(EU_TRAIL_BUCKET, "eu-west-1")
        self.trail_bucket_policy(s3, EU_TRAIL_BUCKET)
        s3.put_bucket_acl(Bucket=EU_TRAIL_BUCKET, ACL="authenticated-read")

        self.bucket(APP_BUCKET, "us-east-1")
        self.summary["trail_buckets"] = [TRAIL_BUCKET, EU_TRAIL_BUCKET]

    # --- CloudWatch Logs, metric filters, alarms, SNS -------------------

    def log_group(self, region, name, retention=None):
        logs = self.client("logs", region)
        logs.create_log_group(logGroupName=name)
        if retention:
            logs.put_retention_policy(logGroupName=name, retentionInDays=retention)
        self.summary["log_groups"].setdefault(region, []).append(name)
        return logs

    def topic(self, region, name, protocol, endpoint):
        sns = self.client("sns", region)
        arn = sns.create_topic(Name=name)["TopicArn"]
        sns.subscribe(TopicArn=arn, Protocol=protocol, Endpoint=endpoint)
        self.summary["topics"].setdefault(region, []).append(arn)
        return arn

    def sqs_queue_arn(self, region, name):
        sqs = self.client("sqs", region)
        url = sqs.create_queue(QueueName=name)["QueueUrl"]
        return sqs.get_queue_attributes(
            QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]

    def alarm(self, region, name, metric, topic_arn, description):
        cw = self.client("cloudwatch", region)
        cw.put_metric_alarm(
            AlarmName=name, AlarmDescription=description, ActionsEnabled=True,
            AlarmActions=[topic_arn], MetricName=metric, Namespace=NAMESPACE,
            Statistic="Sum", Period=300, EvaluationPeriods=1,
            DatapointsToAlarm=1, Threshold=1.0,
            ComparisonOperator="GreaterThanOrEqualToThreshold",
            TreatMissingData="notBreaching")
        self.summary["alarms"].setdefault(region, []).append(name)

    def seed_monitoring(self):
        region = "us-east-1"
        topics = {
            "cis-alarms": self.topic(region, "cis-alarms", "sqs",
                                     self.sqs_queue_arn(region, "cis-alarm-queue")),
            "security-alerts": self.topic(region, "security-alerts", "email",
                                          "security-oncall@example.com"),
        }
        logs = self.log_group(region, TRAIL_GROUP, 365)
        self.log_group(region, "/aws/lambda/orders-api")
        for fname, metric, pattern, topic in CIS_FILTERS:
            logs.put_metric_filter(
                logGroupName=TRAIL_GROUP, filterName=fname, filterPattern=pattern,
                metricTransformations=[{"metricName": metric,
                                        "metricNamespace": NAMESPACE,
                                        "metricValue": "1"}])
            self.alarm(region, fname.lower(), metric, topics[topic],
                       f"CIS: {fname[4:]}")

        self.log_group("eu-west-1", "/aws/lambda/eu-app", 30)
        self.log_group("eu-west-1", "eu-audit")

    def seed_extra_region(self, region):
        group = f"/aws/lambda/app-{region}"
        logs = self.log_group(region, group)
        metric = "UnauthorizedAPICallsCount"
        logs.put_metric_filter(
            logGroupName=group, filterName="UnauthorizedAPICalls",
            filterPattern=CIS_FILTERS[1][2],
            metricTransformations=[{"metricName": metric,
                                    "metricNamespace": NAMESPACE,
                                    "metricValue": "1"}])
        topic = self.topic(region, f"alerts-{region}", "sqs",
                           self.sqs_queue_arn(region, f"alerts-{region}"))
        self.alarm(region, f"unauthorized-api-calls-{region}", metric, topic,
                   f"unauthorized API calls seen in {region}")

    # --- CloudTrail -------------------------------------------------------

    def role_arn(self):
        iam = self.client("iam", "us-east-1")
        role = iam.create_role(
            RoleName="CloudTrailRoleForCloudWatchLogs_management-trail",
            AssumeRolePolicyDocument=json.dumps({
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                               "Principal": {"Service": "cloudtrail.amazonaws.com"}}]}))
        return role["Role"]["Arn"]

    def seed_trails(self):
        logs = self.client("logs", "us-east-1")
        group_arn = next(g["arn"] for g in logs.describe_log_groups(
            logGroupNamePrefix=TRAIL_GROUP)["logGroups"])
        ct = self.client("cloudtrail", "us-east-1")
        arn = ct.create_trail(
            Name="management-trail", S3BucketName=TRAIL_BUCKET,
            IsMultiRegionTrail=True, IncludeGlobalServiceEvents=True,
            CloudWatchLogsLogGroupArn=group_arn,
            CloudWatchLogsRoleArn=self.role_arn())["TrailARN"]
        ct.put_event_selectors(TrailName=arn, EventSelectors=[{
            "ReadWriteType": "All", "IncludeManagementEvents": True,
            "DataResources": [{"Type": "AWS::S3::Object",
                               "Values": ["arn:aws:s3"]}]}])
        ct.start_logging(Name="management-trail")  # moto: name, not ARN
        self.summary["trails"].append({"arn": arn, "home_region": "us-east-1"})

        kms = self.client("kms", "eu-west-1")
        key = kms.create_key(Description="CloudTrail eu-data-trail")["KeyMetadata"]["Arn"]
        ct = self.client("cloudtrail", "eu-west-1")
        arn = ct.create_trail(
            Name="eu-data-trail", S3BucketName=EU_TRAIL_BUCKET,
            IsMultiRegionTrail=False, IncludeGlobalServiceEvents=False,
            EnableLogFileValidation=True, KmsKeyId=key)["TrailARN"]
        ct.put_event_selectors(TrailName=arn, AdvancedEventSelectors=[
            {"Name": "Management events",
             "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}]},
            {"Name": "S3 object writes",
             "FieldSelectors": [
                 {"Field": "eventCategory", "Equals": ["Data"]},
                 {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
                 {"Field": "readOnly", "Equals": ["false"]}]}])
        ct.start_logging(Name="eu-data-trail")
        self.summary["trails"].append({"arn": arn, "home_region": "eu-west-1"})

    def run(self, regions):
        self.summary["regions"] = regions
        self.seed_buckets()
        self.seed_monitoring()
        self.seed_trails()
        for region in regions:
            if region not in ("us-east-1", "eu-west-1"):
                self.seed_extra_region(region)
        return self.summary


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--endpoint", required=True, help="moto server URL")
    ap.add_argument("--regions", default="us-east-1,eu-west-1",
                    help="comma-separated regions (us-east-1 and eu-west-1 "
                         "are always seeded; others get a little data each)")
    ap.add_argument("--account-file", help="also write the summary here")
    args = ap.parse_args()
    regions = [r for r in args.regions.split(",") if r]
    for must in ("eu-west-1", "us-east-1"):
        if must not in regions:
            regions.insert(0, must)
    summary = Seeder(args.endpoint).run(regions)
    text = json.dumps(summary, indent=2, sort_keys=True)
    if args.account_file:
        with open(args.account_file, "w") as f:
            f.write(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

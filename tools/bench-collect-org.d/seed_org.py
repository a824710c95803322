#!/usr/bin/env python3
"""Seed moto with an organisation whose member accounts each log a little.

    seed_org.py --endpoint URL [--accounts 100] [--regions r1,r2,...]
                [--threads 4] [-o SUMMARY.json]

The calling account (moto's default, 123456789012) creates an organisation
and --accounts member accounts (Organizations CreateAccount, which in moto
also creates each member's OrganizationAccountAccessRole).  Every account,
the management one included, is then seeded through its own credentials
(STS AssumeRole into the member, which moto maps to that account), with a
small logging set-up that varies with the account's number i, so the
snapshots and verdicts are not all alike:

  first region (home): bucket bench-trail-<acct>; trail "bench-trail"
      (multi-region unless i % 4 == 3, log file validation when i is even,
      logging started unless i % 5 == 4, basic event selectors with S3 data
      events when i % 3 == 0); when i % 3 != 2 it delivers to CloudWatch
      Logs group bench-trail-<acct> (365 days) through an IAM role, and a
      CIS root-usage metric filter on that group has an alarm notifying an
      SNS topic with an email subscription;
  every region: log group /bench/app-<region> (30 days when i is even, no
      retention otherwise).

About 20 calls an account; accounts are seeded --threads at a time (one
boto3 session per thread: creating clients is most of the cost).  Prints a
JSON summary: organisation id, management account, members (id, name).
Talks to the given endpoint only.
"""
import argparse
import json
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import boto3
import botocore.config

MANAGEMENT = "123456789012"
ROLE = "OrganizationAccountAccessRole"
ROOT_USAGE = ('{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS '
              '&& $.eventType !="AwsServiceEvent"}')
CONFIG = botocore.config.Config(retries={"max_attempts": 5, "mode": "standard"})


class Account:
    """Clients of one account, made from one boto3 session per thread."""

    def __init__(self, endpoint, session, creds):
        self.endpoint = endpoint
        self.session = session
        self.creds = creds

    def client(self, service, region):
        return self.session.client(service, region_name=region, endpoint_url=self.endpoint,
                                   config=CONFIG, **self.creds)


def bucket(acct, name, region):
    s3 = acct.client("s3", region)
    if region == "us-east-1":
        s3.create_bucket(Bucket=name)
    else:
        s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": region})
    s3.put_bucket_policy(Bucket=name, Policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Sid": "AWSCloudTrailWrite", "Effect": "Allow",
                       "Principal": {"Service": "cloudtrail.amazonaws.com"},
                       "Action": "s3:PutObject",
                       "Resource": f"arn:aws:s3:::{name}/AWSLogs/*"}]}))


def monitoring(acct, account_id, home):
    """The trail's log group, its role, a CIS filter, an alarm and a topic."""
    group = f"bench-trail-{account_id}"
    logs = acct.client("logs", home)
    logs.create_log_group(logGroupName=group)
    logs.put_retention_policy(logGroupName=group, retentionInDays=365)
    logs.put_metric_filter(
        logGroupName=group, filterName="CIS-RootAccountUsage", filterPattern=ROOT_USAGE,
        metricTransformations=[{"metricName": "RootAccountUsageCount",
                                "metricNamespace": "CISBenchmark", "metricValue": "1"}])
    sns = acct.client("sns", home)
    topic = sns.create_topic(Name="cis-alarms")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="oncall@example.com")
    acct.client("cloudwatch", home).put_metric_alarm(
        AlarmName="cis-root-account-usage", AlarmActions=[topic], ActionsEnabled=True,
        MetricName="RootAccountUsageCount", Namespace="CISBenchmark", Statistic="Sum",
        Period=300, EvaluationPeriods=1, Threshold=1.0,
        ComparisonOperator="GreaterThanOrEqualToThreshold")
    role = acct.client("iam", "us-east-1").create_role(
        RoleName="bench-trail-to-logs", AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                           "Principal": {"Service": "cloudtrail.amazonaws.com"}}]}))
    group_arn = f"arn:aws:logs:{home}:{account_id}:log-group:{group}:*"
    return {"CloudWatchLogsLogGroupArn": group_arn,
            "CloudWatchLogsRoleArn": role["Role"]["Arn"]}


def trail(acct, account_id, i, home, delivery):
    name = f"bench-trail-{account_id}"
    bucket(acct, name, home)
    ct = acct.client("cloudtrail", home)
    arn = ct.create_trail(Name="bench-trail", S3BucketName=name,
                          IsMultiRegionTrail=i % 4 != 3, IncludeGlobalServiceEvents=i % 4 != 3,
                          EnableLogFileValidation=i % 2 == 0, **delivery)["TrailARN"]
    if i % 3 == 0:
        ct.put_event_selectors(TrailName=arn, EventSelectors=[{
            "ReadWriteType": "All", "IncludeManagementEvents": True,
            "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}]}])
    if i % 5 != 4:
        ct.start_logging(Name="bench-trail")  # moto: the name, not the ARN


def seed_account(acct, account_id, i, regions):
    home = regions[0]
    delivery = monitoring(acct, account_id, home) if i % 3 != 2 else {}
    trail(acct, account_id, i, home, delivery)
    for region in regions:
        logs = acct.client("logs", region)
        logs.create_log_group(logGroupName=f"/bench/app-{region}")
        if i % 2 == 0:
            logs.put_retention_policy(logGroupName=f"/bench/app-{region}", retentionInDays=30)


class Seeder:
    def __init__(self, endpoint):
        self.endpoint = endpoint
        self.local = threading.local()
        self.mgmt_creds = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}

    def session(self):
        if not hasattr(self.local, "session"):
            self.local.session = boto3.session.Session()
        return self.local.session

    def management(self):
        return Account(self.endpoint, self.session(), self.mgmt_creds)

    def member(self, account_id):
        sts = self.management().client("sts", "us-east-1")
        c = sts.assume_role(RoleArn=f"arn:aws:iam::{account_id}:role/{ROLE}",
                            RoleSessionName="bench-seed")["Credentials"]
        return Account(self.endpoint, self.session(), {
            "aws_access_key_id": c["AccessKeyId"],
            "aws_secret_access_key": c["SecretAccessKey"],
            "aws_session_token": c["SessionToken"]})

    def organisation(self, count):
        org = self.management().client("organizations", "us-east-1")
        org_id = org.create_organization(FeatureSet="ALL")["Organization"]["Id"]
        members = []
        for i in range(count):
            status = org.create_account(Email=f"member-{i:03d}@example.com",
                                        AccountName=f"member-{i:03d}")["CreateAccountStatus"]
            members.append({"id": status["AccountId"], "name": f"member-{i:03d}"})
        return org_id, members

    def seed_one(self, job):
        i, account_id, regions = job
        acct = self.management() if account_id == MANAGEMENT else self.member(account_id)
        seed_account(acct, account_id, i, regions)

    def run(self, count, regions, threads):
        org_id, members = self.organisation(count)
        jobs = [(0, MANAGEMENT, regions)]
        jobs += [(i + 1, m["id"], regions) for i, m in enumerate(members)]
        with ThreadPoolExecutor(max_workers=threads) as pool:
            list(pool.map(self.seed_one, jobs))
        return {"organization": org_id, "management": MANAGEMENT, "role": ROLE,
                "regions": regions, "members": members}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--endpoint", required=True, help="moto server URL")
    ap.add_argument("--accounts", type=int, default=100, help="member accounts")
    ap.add_argument("--regions", default="us-east-1,eu-west-1,us-east-2,us-west-1")
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("-o", "--output", help="write the summary here (else stdout)")
    args = ap.parse_args()
    t0 = time.monotonic()
    summary = Seeder(args.endpoint).run(args.accounts, [r for r in args.regions.split(",") if r],
                                        args.threads)
    summary["seconds"] = round(time.monotonic() - t0, 2)
    text = json.dumps(summary, indent=2) + "\n"
    if args.output:
        with open(args.output, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

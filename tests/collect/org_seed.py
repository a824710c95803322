#!/usr/bin/env python3
"""Seed a moto server with an AWS organisation for `collect --org` tests.

    org_seed.py --endpoint http://127.0.0.1:PORT [--role-name NAME]
                [--closed N] [-o SUMMARY.json]

Run it with moto's authentication off (then turn it on).  The calling
account, 123456789012 (moto's default), creates the organisation and is its
management account; tests/collect/seed.py seeds it.  Each member is created
with Organizations CreateAccount and seeded through AssumeRole into it
(moto gives credentials of the account the role ARN names, so every member
has its own state); each gets the audit role NAME (default TrailscanAudit)
with an allow-all policy, except where said:

  log-archive  a multi-region trail in us-east-1, logging, all management
               events, log file validation, KMS; its bucket in the account
  prod         a single-region trail in eu-west-1, logging, no validation,
               no KMS; a log group without retention
  dev          a multi-region trail that was never started (not logging)
  sandbox      nothing at all
  denied       a role the caller may not assume (the test's policy denies
               sts:AssumeRole on it; seeded like sandbox)
  closed       closed (SUSPENDED)
  retired-NN   --closed N more closed accounts (default 15: with the others
               ListAccounts needs two pages of 20)

Prints (and -o writes) a JSON summary: organisation id, management account,
and each account's name -> id.
"""
import argparse
import json
import sys

import boto3

MANAGEMENT = "123456789012"
REGIONS = ("us-east-1", "eu-west-1")
ALLOW_ALL = {"Version": "2012-10-17",
             "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}


def trust(principal_account):
    return {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "sts:AssumeRole",
        "Principal": {"AWS": f"arn:aws:iam::{principal_account}:root"}}]}


class Member:
    """boto3 clients with credentials of member account `account`."""

    def __init__(self, endpoint, account):
        self.endpoint, self.account = endpoint, account
        sts = boto3.client("sts", region_name="us-east-1", endpoint_url=endpoint,
                           aws_access_key_id="testing", aws_secret_access_key="testing")
        c = sts.assume_role(
            RoleArn=f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole",
            RoleSessionName="org-seed")["Credentials"]
        self.session = boto3.session.Session(
            aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"],
            aws_session_token=c["SessionToken"])
        who = self.client("sts", "us-east-1").get_caller_identity()["Account"]
        assert who == account, f"moto gave account {who}'s credentials for {account}"

    def client(self, service, region):
        return self.session.client(service, region_name=region, endpoint_url=self.endpoint)

    def audit_role(self, name):
        iam = self.client("iam", "us-east-1")
        iam.create_role(RoleName=name,
                        AssumeRolePolicyDocument=json.dumps(trust(MANAGEMENT)))
        iam.put_role_policy(RoleName=name, PolicyName="read-all",
                            PolicyDocument=json.dumps(ALLOW_ALL))

    def bucket(self, name, region):
        s3 = self.client("s3", region)
        if region == "us-east-1":
            s3.create_bucket(Bucket=name)
        else:
            s3.create_bucket(Bucket=name,
                             CreateBucketConfiguration={"LocationConstraint": region})
        s3.put_bucket_policy(Bucket=name, Policy=json.dumps({
            "Version": "2012-10-17", "Statement": [{
                "Sid": "AWSCloudTrailWrite", "Effect": "Allow",
                "Principal": {"Service": "cloudtrail.amazonaws.com"},
                "Action": "s3:PutObject",
                "Resource": f"arn:aws:s3:::{name}/AWSLogs/{self.account}/*"}]}))
        return name

    def trail(self, region, name, bucket, start, **kw):
        ct = self.client("cloudtrail", region)
        arn = ct.create_trail(Name=name, S3BucketName=bucket, **kw)["TrailARN"]
        if start:
            ct.start_logging(Name=name)  # moto: the name, not the ARN
        return arn


def log_archive(m):
    bucket = m.bucket(f"org-trail-logs-{m.account}", "us-east-1")
    key = m.client("kms", "us-east-1").create_key(
        Description="organisation trail")["KeyMetadata"]["Arn"]
    arn = m.trail("us-east-1", "org-trail", bucket, True, IsMultiRegionTrail=True,
                  IncludeGlobalServiceEvents=True, EnableLogFileValidation=True, KmsKeyId=key)
    m.client("cloudtrail", "us-east-1").put_event_selectors(TrailName=arn, EventSelectors=[{
        "ReadWriteType": "All", "IncludeManagementEvents": True}])


def prod(m):
    bucket = m.bucket(f"prod-trail-logs-{m.account}", "eu-west-1")
    m.trail("eu-west-1", "prod-eu", bucket, True, IsMultiRegionTrail=False)
    m.client("logs", "eu-west-1").create_log_group(logGroupName="/aws/lambda/prod-api")


def dev(m):
    bucket = m.bucket(f"dev-trail-logs-{m.account}", "us-east-1")
    m.trail("us-east-1", "dev-trail", bucket, False, IsMultiRegionTrail=True)


SETUPS = [("log-archive", log_archive), ("prod", prod), ("dev", dev),
          ("sandbox", None), ("denied", None), ("closed", None)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--endpoint", required=True)
    ap.add_argument("--role-name", default="TrailscanAudit")
    ap.add_argument("--closed", type=int, default=15)
    ap.add_argument("-o", "--output")
    args = ap.parse_args()

    org = boto3.client("organizations", region_name="us-east-1",
                       endpoint_url=args.endpoint, aws_access_key_id="testing",
                       aws_secret_access_key="testing")
    o = org.create_organization(FeatureSet="ALL")["Organization"]
    summary = {"organization": o["Id"], "management": o["MasterAccountId"],
               "role": args.role_name, "accounts": {"management": MANAGEMENT}}
    names = [n for n, _ in SETUPS] + [f"retired-{i:02d}" for i in range(args.closed)]
    for name in names:
        status = org.create_account(Email=f"{name}@example.com", AccountName=name)
        account = status["CreateAccountStatus"]["AccountId"]
        summary["accounts"][name] = account
        if name == "closed" or name.startswith("retired-"):
            org.close_account(AccountId=account)
            continue
        m = Member(args.endpoint, account)
        m.audit_role(args.role_name)
        setup = dict(SETUPS).get(name)
        if setup:
            setup(m)
    text = json.dumps(summary, indent=2, sort_keys=True)
    if args.output:
        with open(args.output, "w") as f:
            f.write(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

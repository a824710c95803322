#!/usr/bin/env python3
"""Seed the new controls' passing and failing cases into a moto account
already seeded by seed.py (same account, 123456789012).

    seed_services.py --endpoint http://127.0.0.1:PORT

Prints a JSON summary (the names and ids made, and the verdict each control
should give) on stdout.

What it builds:
  AWS Config   us-east-1: recorder "default" with the service-linked role,
               all supported types and global types, a delivery channel to
               bucket trailscan-config-<acct>, started: pass.
               eu-west-1: recorder "partial" recording two chosen types, a
               channel, never started: fail.
               The account: global types recorded in us-east-1: pass.
  KMS          us-east-1: key "rotating" (rotation on): pass; key "static"
               (rotation off): fail; an RSA signing key: pass (out of
               scope); a key pending deletion: pass (out of scope).
               eu-west-1: seed.py's CloudTrail key, rotation off: fail.
  VPC          us-east-1: vpc "logged" with an ACTIVE flow log of ALL traffic
               to S3: pass; vpc "accept-only" whose only flow log captures
               ACCEPT: fail; the default VPC (no flow log): fail.
               eu-west-1: the default VPC: fail.
  Security Hub enabled in us-east-1: pass; not in eu-west-1 (moto answers
               InvalidAccessException): fail.
  S3.9         every bucket: seed.py's trail bucket logs (pass); the others
               (and trailscan-config-<acct>) do not (fail).
"""
import argparse
import json
import os
import sys

import boto3

ACCOUNT = "123456789012"
CONFIG_BUCKET = f"trailscan-config-{ACCOUNT}"
FLOW_BUCKET = f"trailscan-flow-logs-{ACCOUNT}"
SLR = (f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/config.amazonaws.com/"
       "AWSServiceRoleForConfig")


class Seeder:
    def __init__(self, endpoint):
        self.endpoint = endpoint
        self.session = boto3.session.Session(
            aws_access_key_id=os.environ.get("SEED_ACCESS_KEY_ID", "testing"),
            aws_secret_access_key=os.environ.get("SEED_SECRET_ACCESS_KEY", "testing"))
        self.summary = {"account_id": ACCOUNT, "keys": {}, "vpcs": {}, "expect": []}

    def client(self, service, region):
        return self.session.client(service, region_name=region, endpoint_url=self.endpoint)

    def expect(self, rule, resource, verdict):
        self.summary["expect"].append([rule, resource, verdict])

    # --- AWS Config ------------------------------------------------------

    def seed_config(self):
        s3 = self.client("s3", "us-east-1")
        s3.create_bucket(Bucket=CONFIG_BUCKET)
        c = self.client("config", "us-east-1")
        c.put_configuration_recorder(ConfigurationRecorder={
            "name": "default", "roleARN": SLR,
            "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True}})
        c.put_delivery_channel(DeliveryChannel={"name": "default",
                                                "s3BucketName": CONFIG_BUCKET})
        c.start_configuration_recorder(ConfigurationRecorderName="default")
        self.expect("config-recording-all-regions", "us-east-1:123456789012:configuration-"
                    "recorder/default", "pass")
        c = self.client("config", "eu-west-1")
        c.put_configuration_recorder(ConfigurationRecorder={
            "name": "partial", "roleARN": SLR,
            "recordingGroup": {"allSupported": False, "includeGlobalResourceTypes": False,
                               "resourceTypes": ["AWS::S3::Bucket", "AWS::EC2::VPC"]}})
        c.put_delivery_channel(DeliveryChannel={"name": "default",
                                                "s3BucketName": CONFIG_BUCKET})
        self.expect("config-recording-all-regions", "eu-west-1:123456789012:configuration-"
                    "recorder/partial", "fail")
        self.expect("config-recording-all-regions", "AWS::::Account:123456789012", "pass")

    # --- KMS ---------------------------------------------------------------

    def key(self, kms, name, **kwargs):
        arn = kms.create_key(Description=name, **kwargs)["KeyMetadata"]["Arn"]
        self.summary["keys"][name] = arn
        return arn

    def seed_kms(self):
        kms = self.client("kms", "us-east-1")
        arn = self.key(kms, "rotating")
        kms.enable_key_rotation(KeyId=arn)
        self.expect("kms-key-rotation", arn, "pass")
        self.expect("kms-key-rotation", self.key(kms, "static"), "fail")
        self.expect("kms-key-rotation", self.key(kms, "signing", KeySpec="RSA_2048",
                                                 KeyUsage="SIGN_VERIFY"), "pass")
        arn = self.key(kms, "retired")
        # moto: by key id (an ARN is a 500).
        kms.schedule_key_deletion(KeyId=arn.split("/")[-1], PendingWindowInDays=7)
        self.expect("kms-key-rotation", arn, "pass")
        # seed.py's CloudTrail key in eu-west-1 does not rotate.
        self.expect("kms-key-rotation", "arn:aws:kms:eu-west-1:", "fail")

    # --- VPC flow logs -------------------------------------------------------

    def flow_log(self, ec2, vpc, traffic):
        # moto reads a prefix after the bucket as part of its name: none.
        r = ec2.create_flow_logs(ResourceIds=[vpc], ResourceType="VPC", TrafficType=traffic,
                                 LogDestinationType="s3",
                                 LogDestination=f"arn:aws:s3:::{FLOW_BUCKET}")
        if r.get("Unsuccessful"):
            raise SystemExit("seed_services.py: create_flow_logs: %s" % r["Unsuccessful"])

    def vpc(self, ec2, name, cidr):
        vpc = ec2.create_vpc(CidrBlock=cidr, TagSpecifications=[{
            "ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": name}]}])["Vpc"]["VpcId"]
        self.summary["vpcs"][name] = vpc
        return vpc

    def seed_vpcs(self):
        self.client("s3", "us-east-1").create_bucket(Bucket=FLOW_BUCKET)
        ec2 = self.client("ec2", "us-east-1")
        default = [v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"] if v.get("IsDefault")]
        logged = self.vpc(ec2, "logged", "10.1.0.0/16")
        self.flow_log(ec2, logged, "ALL")
        self.expect("vpc-flow-logs", logged, "pass")
        accept = self.vpc(ec2, "accept-only", "10.2.0.0/16")
        self.flow_log(ec2, accept, "ACCEPT")
        self.expect("vpc-flow-logs", accept, "fail")
        for v in default:
            self.expect("vpc-flow-logs", v, "fail")
        for v in self.client("ec2", "eu-west-1").describe_vpcs()["Vpcs"]:
            self.expect("vpc-flow-logs", v["VpcId"], "fail")

    # --- Security Hub ----------------------------------------------------------

    def seed_securityhub(self):
        self.client("securityhub", "us-east-1").enable_security_hub(
            EnableDefaultStandards=False)
        self.expect("securityhub-enabled", "securityhub:us-east-1:", "pass")
        self.expect("securityhub-enabled", "securityhub:eu-west-1:", "fail")

    def seed_buckets(self):
        self.expect("s3-bucket-access-logging", f"trailscan-trail-logs-{ACCOUNT}", "pass")
        for name in ("trailscan-app-assets", "trailscan-access-logs", "trailscan-eu-trail-logs",
                     "trailscan-config", "trailscan-flow-logs"):
            self.expect("s3-bucket-access-logging", f"{name}-{ACCOUNT}", "fail")

    def run(self):
        self.seed_config()
        self.seed_kms()
        self.seed_vpcs()
        self.seed_securityhub()
        self.seed_buckets()
        return self.summary


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--endpoint", required=True, help="moto server URL")
    args = ap.parse_args()
    print(json.dumps(Seeder(args.endpoint).run(), indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())

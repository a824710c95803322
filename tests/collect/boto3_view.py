#!/usr/bin/env python3
"""What boto3 reads back from an account, shaped as a trailscan snapshot.

    boto3_view.py --endpoint URL --regions r1,r2 [-o FILE]

Makes the calls `trailscan collect` makes (DESIGN.md section 2) and stores the
answers the same way: per region cloudtrail DescribeTrails (shadow trails
included), GetTrailStatus and GetEventSelectors keyed by trail ARN for trails
homed in that region, logs DescribeLogGroups and DescribeMetricFilters,
cloudwatch DescribeAlarms, sns ListSubscriptionsByTopic keyed by the ARN of
every SNS topic an alarm notifies (stored under the topic's region); global
s3 ListBuckets and, for every bucket a trail delivers to that the account
owns (is in ListBuckets), GetBucketLocation, GetBucketLogging,
GetBucketPolicyStatus, GetPublicAccessBlock, GetBucketAcl and
GetBucketLifecycleConfiguration keyed by bucket name, and for every other
bucket GetBucketLocation and GetBucketLogging; s3control GetPublicAccessBlock
(unkeyed).  Per region also config DescribeConfigurationRecorders,
DescribeConfigurationRecorderStatus, DescribeDeliveryChannels; kms ListKeys,
DescribeKey (every key) and GetKeyRotationStatus (customer managed symmetric
keys not pending deletion) keyed by key ARN; ec2 DescribeVpcs and
DescribeFlowLogs; securityhub DescribeHub and, where it answers,
GetEnabledStandards.  Paginated answers are concatenated; failed calls go to
`errors` (region omitted for global S3 and S3 Control).

Timestamps (datetime objects in boto3) are written as epoch seconds.  Compare
with collect's snapshot through compare.py, which also normalises the ISO
strings the AWS CLI prints.  Credentials: AWS_ACCESS_KEY_ID etc. when set,
else moto's fake "testing" key.
"""
import argparse
import datetime
import json
import os
import sys

import boto3
from botocore.exceptions import ClientError

EVERY_BUCKET_OPS = [
    ("GetBucketLocation", "get_bucket_location"),
    ("GetBucketLogging", "get_bucket_logging"),
]
TRAIL_BUCKET_OPS = [
    ("GetBucketPolicyStatus", "get_bucket_policy_status"),
    ("GetPublicAccessBlock", "get_public_access_block"),
    ("GetBucketAcl", "get_bucket_acl"),
    ("GetBucketLifecycleConfiguration", "get_bucket_lifecycle_configuration"),
]


def plain(value):
    """boto3's answer as JSON: datetimes to epoch seconds, no metadata."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if k != "ResponseMetadata"}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, datetime.datetime):
        return value.timestamp()
    return value


class View:
    def __init__(self, endpoint):
        self.endpoint = endpoint
        self.session = boto3.session.Session(
            aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "testing"),
            aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "testing"),
            aws_session_token=os.environ.get("AWS_SESSION_TOKEN"))
        self.errors = []

    def client(self, service, region):
        return self.session.client(service, region_name=region,
                                   endpoint_url=self.endpoint)

    def call(self, where, fn, **kwargs):
        """fn(**kwargs) as JSON, or None with the failure in errors.
        where = (region or None, service, operation, key or None)."""
        try:
            return plain(fn(**kwargs))
        except ClientError as e:
            region, service, operation, key = where
            err = {"service": service, "operation": operation,
                   "code": e.response.get("Error", {}).get("Code", "Unknown"),
                   "message": e.response.get("Error", {}).get("Message", "")}
            if region:
                err["region"] = region
            if key:
                err["key"] = key
            self.errors.append(err)
            return None

    def paged(self, where, client, method, list_keys, **kwargs):
        """All pages as one response: the lists concatenated, tokens dropped."""
        def run():
            out = {}
            for page in client.get_paginator(method).paginate(**kwargs):
                for k, v in page.items():
                    if k in list_keys:
                        out.setdefault(k, []).extend(v)
                    elif k not in ("NextToken", "nextToken", "ResponseMetadata"):
                        out[k] = v
            return out
        return self.call(where, run)

    def cloudtrail(self, region):
        ct = self.client("cloudtrail", region)
        out = {}
        trails = self.call((region, "cloudtrail", "DescribeTrails", None),
                           ct.describe_trails, includeShadowTrails=True)
        if trails is None:
            return out, []
        out["DescribeTrails"] = trails
        status, selectors = {}, {}
        for t in trails.get("trailList", []):
            if t.get("HomeRegion") != region:
                continue
            arn = t["TrailARN"]
            r = self.call((region, "cloudtrail", "GetTrailStatus", arn),
                          ct.get_trail_status, Name=arn)
            if r is not None:
                status[arn] = r
            r = self.call((region, "cloudtrail", "GetEventSelectors", arn),
                          ct.get_event_selectors, TrailName=arn)
            if r is not None:
                selectors[arn] = r
        out["GetTrailStatus"] = status
        out["GetEventSelectors"] = selectors
        return out, trails.get("trailList", [])

    def logs(self, region):
        logs = self.client("logs", region)
        out = {}
        r = self.paged((region, "logs", "DescribeLogGroups", None), logs,
                       "describe_log_groups", ["logGroups"])
        if r is not None:
            out["DescribeLogGroups"] = r
        r = self.paged((region, "logs", "DescribeMetricFilters", None), logs,
                       "describe_metric_filters", ["metricFilters"])
        if r is not None:
            out["DescribeMetricFilters"] = r
        return out

    def cloudwatch(self, region):
        cw = self.client("cloudwatch", region)
        r = self.paged((region, "cloudwatch", "DescribeAlarms", None), cw,
                       "describe_alarms", ["MetricAlarms", "CompositeAlarms"])
        return ({"DescribeAlarms": r} if r is not None else {}), r

    def subscriptions(self, topic):
        region = topic.split(":")[3]
        sns = self.client("sns", region)
        return region, self.paged((region, "sns", "ListSubscriptionsByTopic", topic),
                                  sns, "list_subscriptions_by_topic",
                                  ["Subscriptions"], TopicArn=topic)

    def s3(self, trails):
        s3 = self.client("s3", "us-east-1")
        out = {}
        r = self.call((None, "s3", "ListBuckets", None), s3.list_buckets)
        if r is not None:
            out["ListBuckets"] = r
        owned = {b["Name"] for b in (r or {}).get("Buckets", [])}
        names = sorted({t["S3BucketName"] for t in trails
                        if t.get("S3BucketName") in owned})
        for ops, buckets in ((EVERY_BUCKET_OPS, sorted(owned)), (TRAIL_BUCKET_OPS, names)):
            for op, method in ops:
                answers = {}
                for name in buckets:
                    r = self.call((None, "s3", op, name), getattr(s3, method), Bucket=name)
                    if r is not None:
                        answers[name] = r
                out[op] = answers
        return out

    def s3control(self, account):
        """S3 Control's account block.  botocore puts the account in the host
        name even at a local endpoint; the request goes to the endpoint as given."""
        c = self.client("s3control", "us-east-1")
        prefix = "//%s." % account

        def local(request, **_):
            # The Host header stays the one signed.
            request.headers["Host"] = request.url.split("//", 1)[1].split("/", 1)[0]
            request.url = request.url.replace(prefix, "//", 1)
        c.meta.events.register("before-send.s3-control.*", local)
        r = self.call((None, "s3control", "GetPublicAccessBlock", None),
                      c.get_public_access_block, AccountId=account)
        return {"GetPublicAccessBlock": r} if r is not None else {}

    def config(self, region):
        c = self.client("config", region)
        out = {}
        for op, method in (("DescribeConfigurationRecorders", "describe_configuration_recorders"),
                           ("DescribeConfigurationRecorderStatus",
                            "describe_configuration_recorder_status"),
                           ("DescribeDeliveryChannels", "describe_delivery_channels")):
            r = self.call((region, "config", op, None), getattr(c, method))
            if r is not None:
                out[op] = r
        return out

    def kms(self, region):
        c = self.client("kms", region)
        out = {}
        keys = self.paged((region, "kms", "ListKeys", None), c, "list_keys", ["Keys"])
        if keys is None:
            return out
        keys.pop("Truncated", None)
        out["ListKeys"] = keys
        described, rotation = {}, {}
        for k in keys.get("Keys", []):
            arn = k["KeyArn"]
            d = self.call((region, "kms", "DescribeKey", arn), c.describe_key, KeyId=arn)
            if d is None:
                continue
            described[arn] = d
            m = d.get("KeyMetadata", {})
            if (m.get("KeyManager") == "CUSTOMER" and m.get("KeySpec") == "SYMMETRIC_DEFAULT"
                    and m.get("KeyState") not in ("PendingDeletion", "PendingReplicaDeletion")):
                r = self.call((region, "kms", "GetKeyRotationStatus", arn),
                              c.get_key_rotation_status, KeyId=arn)
                if r is not None:
                    rotation[arn] = r
        for op, answers in (("DescribeKey", described), ("GetKeyRotationStatus", rotation)):
            if answers:
                out[op] = answers
        return out

    def ec2(self, region):
        c = self.client("ec2", region)
        out = {}
        for op, method, key in (("DescribeVpcs", "describe_vpcs", "Vpcs"),
                                ("DescribeFlowLogs", "describe_flow_logs", "FlowLogs")):
            r = self.paged((region, "ec2", op, None), c, method, [key])
            if r is not None:
                out[op] = r
        return out

    def securityhub(self, region):
        c = self.client("securityhub", region)
        hub = self.call((region, "securityhub", "DescribeHub", None), c.describe_hub)
        if hub is None:
            return {}
        out = {"DescribeHub": hub}
        if hub.get("HubArn"):
            r = self.paged((region, "securityhub", "GetEnabledStandards", None), c,
                           "get_enabled_standards", ["StandardsSubscriptions"])
            if r is not None:
                out["GetEnabledStandards"] = r
        return out

    def run(self, regions):
        snap = {"format": "trailscan-snapshot/1", "partition": "aws",
                "collected_at": datetime.datetime.now(datetime.timezone.utc)
                .strftime("%Y-%m-%dT%H:%M:%SZ"),
                "collector": {"name": "boto3_view", "version": boto3.__version__},
                "regions": {}}
        sts = self.client("sts", regions[0])
        ident = self.call((regions[0], "sts", "GetCallerIdentity", None),
                          sts.get_caller_identity)
        snap["account_id"] = ident["Account"] if ident else "unknown"
        all_trails, topics = [], set()
        for region in regions:
            ct, trails = self.cloudtrail(region)
            all_trails += trails
            cw, alarms = self.cloudwatch(region)
            for a in (alarms or {}).get("MetricAlarms", []):
                for key in ("AlarmActions", "OKActions", "InsufficientDataActions"):
                    topics.update(x for x in a.get(key, [])
                                  if x.startswith("arn:aws:sns:"))
            snap["regions"][region] = {"cloudtrail": ct, "logs": self.logs(region),
                                       "cloudwatch": cw,
                                       "sns": {"ListSubscriptionsByTopic": {}}}
            for service in ("config", "kms", "ec2", "securityhub"):
                answers = getattr(self, service)(region)
                if answers:
                    snap["regions"][region][service] = answers
        for topic in sorted(topics):
            region, r = self.subscriptions(topic)
            if region in snap["regions"] and r is not None:
                snap["regions"][region]["sns"]["ListSubscriptionsByTopic"][topic] = r
        snap["global"] = {"s3": self.s3(all_trails)}
        s3control = self.s3control(snap["account_id"])
        if s3control:
            snap["global"]["s3control"] = s3control
        snap["errors"] = self.errors
        return snap


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--endpoint", required=True)
    ap.add_argument("--regions", default="us-east-1,eu-west-1")
    ap.add_argument("-o", "--output")
    args = ap.parse_args()
    snap = View(args.endpoint).run([r for r in args.regions.split(",") if r])
    text = json.dumps(snap, indent=2, sort_keys=True) + "\n"
    if args.output:
        with open(args.output, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

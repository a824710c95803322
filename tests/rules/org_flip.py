#!/usr/bin/env python3
"""Copy an organisation's folder (tests/data/ct-compliant) and flip one
setting in the snapshot of the account that owns a shared resource, for
rules.org: each flip must turn a member's verdict on the matching rule to
fail, which only a rule that reads the owner's data can see (the member's
own copies stay as they were).

usage: org_flip.py SRC DST FLIP    (FLIP: one of FLIPS; --list prints them)
"""
import json
import os
import shutil
import sys

TRAIL = "arn:aws:cloudtrail:us-east-1:111111111111:trail/aws-controltower-BaselineCloudTrail"
BUCKET = "aws-controltower-logs-222222222222-us-east-1"
GROUP = "aws-controltower/CloudTrailLogs"
MGMT, ARCHIVE = "management.json", "log-archive.json"


def trail(d):
    """The organisation trail's entry in its home region's DescribeTrails."""
    for e in d["regions"]["us-east-1"]["cloudtrail"]["DescribeTrails"]["trailList"]:
        if e["TrailARN"] == TRAIL:
            return e
    raise SystemExit("org_flip: no organisation trail in " + MGMT)


def status(d):
    return d["regions"]["us-east-1"]["cloudtrail"]["GetTrailStatus"][TRAIL]


def write_only(d):
    sel = d["regions"]["us-east-1"]["cloudtrail"]["GetEventSelectors"][TRAIL]
    for s in sel["AdvancedEventSelectors"]:
        if s["Name"] == "Management events":
            s["FieldSelectors"].append({"Field": "readOnly", "Equals": ["false"]})


def not_logging(d):
    status(d)["IsLogging"] = False


def old_delivery(d):
    status(d)["LatestCloudWatchLogsDeliveryTime"] -= 30 * 86400


def no_kms(d):
    del trail(d)["KmsKeyId"]


def no_validation(d):
    trail(d)["LogFileValidationEnabled"] = False


def short_retention(d):
    for g in d["regions"]["us-east-1"]["logs"]["DescribeLogGroups"]["logGroups"]:
        if g["logGroupName"] == GROUP:
            g["retentionInDays"] = 30


def public_bucket(d):
    d["global"]["s3"]["GetBucketPolicyStatus"][BUCKET]["PolicyStatus"]["IsPublic"] = True
    # A public policy counts while neither the bucket's nor the account's
    # block turns RestrictPublicBuckets on.
    pab = d["global"]["s3"]["GetPublicAccessBlock"][BUCKET]["PublicAccessBlockConfiguration"]
    pab["RestrictPublicBuckets"] = False
    d["global"]["s3control"] = {"GetPublicAccessBlock": {
        "PublicAccessBlockConfiguration": {"RestrictPublicBuckets": False}}}


def short_lifecycle(d):
    for r in d["global"]["s3"]["GetBucketLifecycleConfiguration"][BUCKET]["Rules"]:
        r["Expiration"]["Days"] = 30


# name -> (file, edit, the rule whose verdict for the members turns to fail)
FLIPS = {
    "management-selector": (MGMT, write_only, "cloudtrail-management-events"),
    "not-logging": (MGMT, not_logging, "cloudtrail-trail-enabled"),
    "old-cloudwatch-delivery": (MGMT, old_delivery, "cloudtrail-cloudwatch-logs-delivery"),
    "no-kms-key": (MGMT, no_kms, "cloudtrail-kms-encryption"),
    "no-log-file-validation": (MGMT, no_validation, "cloudtrail-log-file-validation"),
    "retention-30-days": (MGMT, short_retention, "logs-trail-log-group-retention"),
    "public-bucket": (ARCHIVE, public_bucket, "cloudtrail-bucket-not-public"),
    "lifecycle-30-days": (ARCHIVE, short_lifecycle, "cloudtrail-bucket-lifecycle"),
}


def main(argv):
    if argv[1:] == ["--list"]:
        for name, (file, _, rule) in FLIPS.items():
            print(name, file, rule)
        return 0
    if len(argv) != 4 or argv[3] not in FLIPS:
        print(__doc__, file=sys.stderr)
        return 2
    src, dst, name = argv[1:]
    file, edit, _ = FLIPS[name]
    shutil.copytree(src, dst)
    path = os.path.join(dst, file)
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
    edit(d)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(d, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

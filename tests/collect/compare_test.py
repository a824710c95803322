#!/usr/bin/env python3
"""compare.py treats spellings of the same answer as equal and catches real
differences (a collector bug must not hide behind the normalisation).

    compare_test.py            (exit 0 = pass; no network, no moto)
"""
import copy
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

BASE = {
    "format": "trailscan-snapshot/1", "account_id": "123456789012",
    "partition": "aws", "collected_at": "2026-11-25T12:00:00Z",
    "collector": {"name": "a", "version": "1"},
    "regions": {"us-east-1": {
        "cloudtrail": {
            "DescribeTrails": {"trailList": [
                {"Name": "a", "IsMultiRegionTrail": True, "KmsKeyId": "k"},
                {"Name": "b", "IsMultiRegionTrail": False}]},
            "GetTrailStatus": {"arn:t": {"IsLogging": True,
                                         "LatestDeliveryTime": 1795607412.512}}},
        "cloudwatch": {"DescribeAlarms": {"MetricAlarms": [
            {"AlarmName": "x", "StateUpdatedTimestamp": 1795607412.5}]}}}},
    "global": {"s3": {"GetBucketLogging": {"b1": {}}}},
    "errors": [{"service": "s3", "operation": "GetPublicAccessBlock", "key": "b1",
                "code": "NoSuchPublicAccessBlockConfiguration", "message": "m"}],
}


def compare(a, b, *opts):
    with tempfile.TemporaryDirectory() as d:
        paths = []
        for name, doc in (("a.json", a), ("b.json", b)):
            paths.append(os.path.join(d, name))
            with open(paths[-1], "w") as f:
                json.dump(doc, f)
        return subprocess.run([sys.executable, os.path.join(HERE, "compare.py"),
                               *opts, *paths], capture_output=True, text=True).returncode


def variant(change):
    doc = copy.deepcopy(BASE)
    change(doc)
    return doc


def region(doc):
    return doc["regions"]["us-east-1"]


SAME = {
    "another collector and time": lambda d: d.update(
        collected_at="2027-01-01T00:00:00Z", collector={"name": "b"}),
    "ISO timestamp for epoch seconds": lambda d: region(d)["cloudwatch"]["DescribeAlarms"]
        ["MetricAlarms"][0].update(StateUpdatedTimestamp="2026-11-25T11:50:12.500000+00:00"),
    "Z timestamp": lambda d: region(d)["cloudtrail"]["GetTrailStatus"]["arn:t"].update(
        LatestDeliveryTime="2026-11-25T11:50:12.512Z"),
    "trails in another order": lambda d: region(d)["cloudtrail"]["DescribeTrails"]
        ["trailList"].reverse(),
    "null for an absent member": lambda d: region(d)["cloudtrail"]["DescribeTrails"]
        ["trailList"][1].update(KmsKeyId=None),
    "empty list for an absent one": lambda d: region(d)["cloudwatch"]["DescribeAlarms"]
        .update(CompositeAlarms=[]),
    "an empty sns section": lambda d: region(d).update(sns={}),
}
DIFFERENT = {
    "a changed flag": lambda d: region(d)["cloudtrail"]["DescribeTrails"]
        ["trailList"][0].update(IsMultiRegionTrail=False),
    "a timestamp a second off": lambda d: region(d)["cloudwatch"]["DescribeAlarms"]
        ["MetricAlarms"][0].update(StateUpdatedTimestamp=1795607413.5),
    "a missing per-bucket answer": lambda d: d["global"]["s3"]["GetBucketLogging"].pop("b1"),
    "a missing error": lambda d: d["errors"].pop(),
    "a missing trail": lambda d: region(d)["cloudtrail"]["DescribeTrails"]["trailList"].pop(),
    "another account": lambda d: d.update(account_id="210987654321"),
}


def main():
    failed = 0
    for name, change in SAME.items():
        if compare(BASE, variant(change)) != 0:
            print(f"FAIL: {name}: reported as a difference")
            failed = 1
    for name, change in DIFFERENT.items():
        if compare(BASE, variant(change)) != 1:
            print(f"FAIL: {name}: not reported")
            failed = 1
    extra = variant(lambda d: region(d)["cloudtrail"]["DescribeTrails"]["trailList"][0]
                    .update(Unmodelled="x"))
    if compare(extra, BASE, "--extra-ok") != 0 or compare(extra, BASE) != 1:
        print("FAIL: --extra-ok does not allow members only A has (or always does)")
        failed = 1
    if compare(BASE, extra, "--extra-ok") != 1:
        print("FAIL: --extra-ok hides members only B has")
        failed = 1
    moved = variant(lambda d: region(d)["cloudtrail"]["GetTrailStatus"]["arn:t"]
                    .update(LatestDeliveryTime=1.0))
    if compare(BASE, moved, "--ignore", "LatestDeliveryTime") != 0:
        print("FAIL: --ignore does not ignore the member")
        failed = 1
    print("PASS" if not failed else "FAILED")
    return failed


if __name__ == "__main__":
    sys.exit(main())

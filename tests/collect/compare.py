#!/usr/bin/env python3
"""Compare two trailscan snapshots for equal content.

    compare.py [--extra-ok] [--ignore MEMBER]... A.json B.json

Exit 0 when equal, 1 with one line per difference (JSON path: A vs B).

Normalised before comparing, because AWS, boto3, the AWS CLI and collect may
all say the same thing differently:
  * collected_at and collector are ignored (they differ on every run);
  * timestamps: ISO 8601 strings ("2026-11-25T16:04:35Z", "...+00:00", with
    or without fractions) become epoch seconds, and every float is rounded to
    milliseconds, so boto3's datetimes, the CLI's strings and the JSON wire's
    numbers compare equal;
  * null members and empty lists count as absent (moto sends nulls for absent
    fields, botocore drops them; an XML answer cannot tell an empty list from
    a missing one); so do empty objects under a service or operation name
  ("sns": {}, "GetTrailStatus": {}: nothing to store either way), while an
  empty answer for one resource is kept (GetBucketLogging's {} is data);
  * list order is ignored (lists are compared sorted by their normalised
    JSON): AWS gives no order for trails, filters, subscriptions, buckets,
    grants or errors, and none of the stored lists carries meaning in order.
--extra-ok: members only A has are not differences (collect keeps fields that
botocore's service model does not know; boto3 drops them).
--ignore MEMBER: leave out every member of that name, wherever it is (for
values that change between two reads: moto answers GetTrailStatus's
LatestDeliveryTime and LatestDeliveryAttemptTime with the time of the call).
"""
import datetime
import json
import re
import sys

ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?$")


def epoch(text):
    t = text.replace("Z", "+00:00")
    if not re.search(r"[+-]\d\d:?\d\d$", t):
        t += "+00:00"
    return datetime.datetime.fromisoformat(t).timestamp()


IGNORED = set()
CONTAINERS = {"cloudtrail", "logs", "cloudwatch", "sns", "s3",
              "GetTrailStatus", "GetEventSelectors", "ListSubscriptionsByTopic",
              "GetBucketLocation", "GetBucketLogging", "GetBucketPolicyStatus",
              "GetPublicAccessBlock", "GetBucketAcl",
              "GetBucketLifecycleConfiguration"}


def norm(v):
    if isinstance(v, dict):
        out = {}
        for k, x in v.items():
            if k in IGNORED:
                continue
            x = norm(x)
            if x is None or x == [] or (x == {} and k in CONTAINERS):
                continue
            out[k] = x
        return out
    if isinstance(v, list):
        items = [norm(x) for x in v]
        return sorted(items, key=lambda x: json.dumps(x, sort_keys=True))
    if isinstance(v, str) and ISO.match(v):
        return round(epoch(v), 3)
    if isinstance(v, float):
        return round(v, 3)
    return v


def diff(a, b, path, extra_ok, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            p = f"{path}.{k}"
            if k not in b:
                if not extra_ok:
                    out.append(f"{p}: only in A: {json.dumps(a[k])[:200]}")
            elif k not in a:
                out.append(f"{p}: only in B: {json.dumps(b[k])[:200]}")
            else:
                diff(a[k], b[k], p, extra_ok, out)
        return
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, f"{path}[{i}]", extra_ok, out)
        return
    if a != b:
        out.append(f"{path}: {json.dumps(a)[:200]} vs {json.dumps(b)[:200]}")


def load(name):
    with open(name) as f:
        snap = json.load(f)
    snap.pop("collected_at", None)
    snap.pop("collector", None)
    return norm(snap)


def main(argv):
    extra_ok, files, args = False, [], list(argv)
    while args:
        a = args.pop(0)
        if a == "--extra-ok":
            extra_ok = True
        elif a == "--ignore" and args:
            IGNORED.add(args.pop(0))
        else:
            files.append(a)
    if len(files) != 2:
        print(__doc__.split("\n\n")[1].strip(), file=sys.stderr)
        return 2
    out = []
    diff(load(files[0]), load(files[1]), "$", extra_ok, out)
    for line in out:
        print(line)
    return 1 if out else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

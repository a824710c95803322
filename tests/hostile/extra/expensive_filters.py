#!/usr/bin/env python3
"""expensive_filters.py FIXTURE DIR N: writes N snapshots to DIR whose trail's
log group has two metric filters, each hundreds of thousands of instructions
to compile: first one of this account only (150 OR-terms, not the CIS
pattern), then one every account shares (the CIS root-usage pattern OR 200
more terms).  FIXTURE is rules/monitoring/cloudwatch_1_root_usage.test.json,
whose first case is the passing chain the snapshots copy."""
import json
import sys


def terms(k, tag):
    return " || ".join('($.eventName = "%s%04d" && $.sourceIPAddress = "10.0.%d.%d")'
                       % (tag, i, i % 250, i % 7) for i in range(k))


def main():
    fixture, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(fixture, encoding="utf-8") as fh:
        base = json.load(fh)["cases"][0]["snapshot"]
    shared = ('{($.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS'
              ' && $.eventType !="AwsServiceEvent") || ' + terms(200, "Shared") + '}')
    for a in range(n):
        acct = "%012d" % (111111111100 + a)
        s = json.loads(json.dumps(base).replace("123456789012", acct))
        filters = s["regions"]["us-east-1"]["logs"]["DescribeMetricFilters"]["metricFilters"]
        own = dict(filters[0], filterName="own-" + acct,
                   filterPattern="{" + terms(150, "Own" + acct) + "}")
        filters[0]["filterPattern"] = shared
        filters.insert(0, own)
        snap = {"format": "trailscan-snapshot/1", "account_id": acct, "partition": "aws",
                "collected_at": "2026-11-25T12:00:00Z", "regions": s["regions"],
                "global": {}, "errors": []}
        with open("%s/%s.json" % (out, acct), "w", encoding="utf-8") as fh:
            json.dump(snap, fh, indent=1)


if __name__ == "__main__":
    main()

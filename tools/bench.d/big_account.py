#!/usr/bin/env python3
"""One very large account for tools/bench: a gen-org snapshot whose
regions hold GROUPS log groups between them (31,500 by default, about
13 MB indented), the size issue 21 measures a single account at."""
import argparse
import json
import random


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", help="a snapshot made by tools/gen-org")
    ap.add_argument("out")
    ap.add_argument("--log-groups", type=int, default=31500)
    args = ap.parse_args()
    with open(args.source) as fh:
        snap = json.load(fh)
    rng = random.Random(7)  # deterministic: the same file every run
    account, regions = snap["account_id"], list(snap["regions"])
    for k, region in enumerate(regions):
        n = args.log_groups // len(regions) + (1 if k < args.log_groups % len(regions) else 0)
        groups = []
        for i in range(n):
            name = rng.choice(["/aws/lambda/", "/ecs/", "/aws/rds/", "app/"]) + f"service-{i:05d}"
            g = {"logGroupName": name, "creationTime": 1700000000000 + i, "metricFilterCount": 0,
                 "storedBytes": rng.randint(0, 10**10),
                 "arn": f"arn:aws:logs:{region}:{account}:log-group:{name}:*",
                 "logGroupClass": "STANDARD",
                 "logGroupArn": f"arn:aws:logs:{region}:{account}:log-group:{name}"}
            days = rng.choice([None, 7, 30, 90, 365, 400, 731, 3653])
            if days:
                g["retentionInDays"] = days
            groups.append(g)
        snap["regions"][region].setdefault("logs", {})["DescribeLogGroups"] = {"logGroups": groups}
    with open(args.out, "w") as fh:
        fh.write(json.dumps(snap, indent=1))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Checks a scan's verdicts against what a seed script expects.

    expect_verdicts.py SEED.json SCAN.json

SEED.json's "expect" lists [rule, resource substring, verdict]: every result
of that rule whose resource contains the substring must have that verdict,
and there must be at least one.  Prints one line per expectation (ok/FAIL);
exit 0 when all hold, 1 otherwise.
"""
import json
import sys


def main():
    expect = json.load(open(sys.argv[1]))["expect"]
    results = json.load(open(sys.argv[2]))["results"]
    bad = 0
    for rule, resource, verdict in expect:
        got = sorted({r["verdict"] for r in results
                      if r["rule"] == rule and resource in r["resource"]})
        if got == [verdict]:
            print("ok   %s on %s is %s" % (rule, resource, verdict))
        else:
            print("FAIL %s on %s is %s, wanted %s" % (rule, resource, ",".join(got) or "none",
                                                       verdict))
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Checks SARIF files the way the report tests need.

    check_sarif.py schema SCHEMA FILE...        valid under the official schema
    check_sarif.py github FILE...               GitHub code scanning's limits
    check_sarif.py locations FILE...            every result points at a '{'
    check_sarif.py fingerprints A B             same (rule, fingerprint) sets
    check_sarif.py cap FILE                     the 25,000-result cap kept the most severe
"""
import gzip
import json
import os
import sys


def load(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def schema(args):
    import jsonschema
    s = load(args[0])
    validator = jsonschema.validators.validator_for(s)(s)
    for f in args[1:]:
        errors = list(validator.iter_errors(load(f)))
        for e in errors[:5]:
            print(f"{f}: {'/'.join(map(str, e.absolute_path))}: {e.message[:200]}")
        if errors:
            return 1
    return 0


def github(args):
    bad = 0
    for f in args:
        d = load(f)
        if len(d["runs"]) != 1:
            print(f"{f}: {len(d['runs'])} runs"); bad = 1
        run = d["runs"][0]
        if len(run.get("results", [])) > 25000:
            print(f"{f}: more than 25000 results"); bad = 1
        if len(gzip.compress(open(f, "rb").read())) > 10 * 1000 * 1000:
            print(f"{f}: over 10 MB gzipped"); bad = 1
        for rule in run["tool"]["driver"]["rules"]:
            if len(rule["id"]) > 255: print(f"{f}: rule id too long"); bad = 1
            if not rule.get("help", {}).get("text"): print(f"{f}: {rule['id']} has no help.text"); bad = 1
            for k in ("shortDescription", "fullDescription"):
                if len(rule[k]["text"]) > 1024: print(f"{f}: {rule['id']} {k} too long"); bad = 1
            # More than 20 tags on a rule and GitHub rejects the whole file.
            if len(rule.get("properties", {}).get("tags", [])) > 20:
                print(f"{f}: {rule['id']} has more than 20 tags"); bad = 1
        for r in run.get("results", []):
            if len(r["ruleId"]) > 255: print(f"{f}: result ruleId too long"); bad = 1
            for loc in r["locations"]:
                uri = loc["physicalLocation"]["artifactLocation"]["uri"]
                if uri.startswith("/") or "://" in uri:
                    print(f"{f}: absolute URI {uri}"); bad = 1
                reg = loc["physicalLocation"]["region"]
                if reg.get("startLine", 0) < 1 or reg.get("startColumn", 0) < 1:
                    print(f"{f}: bad region {reg}"); bad = 1
            if not r.get("partialFingerprints"):
                print(f"{f}: result without partialFingerprints"); bad = 1
        if not run.get("automationDetails", {}).get("id"):
            print(f"{f}: no automationDetails.id"); bad = 1
    return bad


def locations(args):
    bad = 0
    for f in args:
        run = load(f)["runs"][0]
        base = os.path.dirname(os.path.abspath(f))
        for r in run.get("results", []):
            phys = r["locations"][0]["physicalLocation"]
            path = phys["artifactLocation"]["uri"]
            with open(path, encoding="utf-8", newline="") as fh:
                lines = fh.read().replace("\r\n", "\n").split("\n")
            line = lines[phys["region"]["startLine"] - 1]
            col = phys["region"]["startColumn"]
            if line[col - 1:col] != "{":
                print(f"{f}: {r['ruleId']} {path}:{phys['region']['startLine']}:{col}"
                      f" is {line[col - 1:col + 10]!r}, not an object")
                bad = 1
    return bad


def fingerprints(args):
    def key(f):
        return sorted((r["ruleId"], r["partialFingerprints"]["trailscanResource/v1"],
                       r["kind"]) for r in load(f)["runs"][0]["results"])
    a, b = key(args[0]), key(args[1])
    if a != b or not a:
        print(f"fingerprints differ between {args[0]} and {args[1]} (or none): {len(a)} vs {len(b)}")
        return 1
    return 0


def cap(args):
    run = load(args[0])["runs"][0]
    results = run["results"]
    levels = [r["level"] for r in results]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    # Kept: every error, then the first of the notes, in the engine's order.
    want = ([f"arn:aws:test:::high/{i:05d}" for i in range(1, 10001)]
            + [f"arn:aws:test:::low/{i:05d}" for i in range(1, 15001)])
    got = [r["properties"]["resource"] for r in results]
    ok = (len(results) == 25000 and levels.count("error") == 10000 and got == want
          and any("left out" in n["message"]["text"] for n in notes))
    if not ok:
        print(f"cap: {len(results)} results, {levels.count('error')} errors, "
              f"in order: {got == want}, notes {notes[:2]}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit({"schema": schema, "github": github, "locations": locations,
              "fingerprints": fingerprints, "cap": cap}[sys.argv[1]](sys.argv[2:]))

#!/usr/bin/env python3
"""The JSON Schemas of tools/editor/schema (draft 2020-12) against what trailscan
itself accepts: every snapshot in snapshots/ and tests/data, every config in
tests/config/data, every fixture of the built-in and test rules; and a few
mistakes they must refuse.  usage: schemas.py ROOT (77: no jsonschema)."""
import glob
import json
import os
import pathlib
import sys

try:
    import jsonschema
    import referencing
except ImportError:
    print("python's jsonschema is not installed: skipped")
    sys.exit(77)

root = sys.argv[1]
sdir = os.path.join(root, "tools", "editor", "schema")
resources, schemas = [], {}
for name in ("snapshot", "fixture", "config"):
    path = pathlib.Path(sdir, name + ".schema.json").resolve()
    schema = json.loads(path.read_text())
    schema["$id"] = path.as_uri()  # relative $refs resolve beside it, as in editors
    jsonschema.Draft202012Validator.check_schema(schema)
    schemas[name] = schema
    resources.append((path.as_uri(), referencing.Resource.from_contents(schema)))
registry = referencing.Registry().with_resources(resources)
validators = {n: jsonschema.Draft202012Validator(s, registry=registry) for n, s in schemas.items()}
failed = checked = 0


def want(kind, doc, valid, label):
    global failed, checked
    checked += 1
    errors = list(validators[kind].iter_errors(doc))
    if bool(errors) == valid:
        failed += 1
        print("FAIL %s: %s" % (label, errors[0].message[:200] if errors else "accepted"))


for path in sorted(glob.glob(os.path.join(root, "snapshots", "*.json"))
                   + glob.glob(os.path.join(root, "tests", "data", "**", "*.json"),
                               recursive=True)):
    try:
        doc = json.load(open(path, encoding="utf-8"))
    except ValueError:
        continue
    if isinstance(doc, dict) and doc.get("format") == "trailscan-snapshot/1":
        want("snapshot", doc, True, path)
for path in sorted(glob.glob(os.path.join(root, "tests", "config", "data", "*.json"))):
    want("config", json.load(open(path, encoding="utf-8")), True, path)
for path in sorted(glob.glob(os.path.join(root, "rules", "**", "*.test.json"), recursive=True)
                   + glob.glob(os.path.join(root, "tests", "rules", "**", "*.test.json"),
                               recursive=True)):
    want("fixture", json.load(open(path, encoding="utf-8")), True, path)

# Mistakes the schemas must refuse, as rules test does.
trail = {"Name": "t", "TrailARN": "arn:aws:cloudtrail:us-east-1:123456789012:trail/t"}
snap = {"regions": {"us-east-1": {"cloudtrail": {"DescribeTrails": {"trailList": [trail]}}}}}
case = {"name": "c", "snapshot": snap, "expect": {"x": "fail"}}
want("fixture", {"rule": "r", "cases": [case]}, True, "a good fixture")
want("fixture", {"rule": "r", "cases": [dict(case, expect={"x": "FAIL"})]}, False,
     "a verdict in capitals")
want("fixture", {"rule": "r", "cases": [dict(case, param={})]}, False, "case key 'param'")
bad = {"regions": {"us-east-1": {"cloudtrail": {"DescribeTrails": {"trailList": [
    {"Name": "t", "IsMultiRegionTrail": "yes"}]}}}}}
want("fixture", {"rule": "r", "cases": [dict(case, snapshot=bad)]}, False,
     "a string where the model has a boolean")
typo = {"regions": {"us-east-1": {"cloudtrail": {"DescribeTrails": {"trailList": [
    {"Name": "t", "TrailArn": trail["TrailARN"]}]}}}}}
want("fixture", {"rule": "r", "cases": [dict(case, snapshot=typo)]}, False,
     "a misspelt member (TrailArn for TrailARN)")
want("snapshot", dict(typo, format="trailscan-snapshot/1", account_id="123456789012",
                      partition="aws", collected_at="2026-01-01T00:00:00Z"), False,
     "a misspelt member in a snapshot")
deep = {"regions": {"us-east-1": {"kms": {"DescribeKey": {"k": {"KeyMetadata": {
    "KeyId": "k", "KeyManger": "CUSTOMER"}}}}}}}
want("fixture", {"rule": "r", "cases": [dict(case, snapshot=deep)]}, False,
     "a misspelt member inside a keyed answer (KeyManger)")
want("config", {"format": "trailscan-config/1", "waivers": [
    {"rule": "r", "resource": "*", "reason": "x", "expires": "2027-01-01"}]}, False,
     "a waiver with neither owner nor ticket")
want("snapshot", {"format": "trailscan-snapshot/1", "account_id": "1", "partition": "aws",
                  "collected_at": "2026-01-01T00:00:00Z", "regions": {}}, False,
     "an account id that is not 12 digits")
print("%d checked, %d failed" % (checked, failed))
sys.exit(1 if failed or checked < 20 else 0)

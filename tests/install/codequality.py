#!/usr/bin/env python3
"""scan --format codequality: valid against the GitLab Code Quality schema,
one issue per failure and review (not passes, not waived), at the same
file and line as the SARIF result, fingerprints unique and stable, paths
relative to --base-uri; a rule that failed is an issue too.
usage: codequality.py TRAILSCAN SOURCE_ROOT"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

import jsonschema

exe, root = os.path.realpath(sys.argv[1]), os.path.realpath(sys.argv[2])
here = os.path.dirname(os.path.realpath(__file__))
schema = json.load(open(os.path.join(here, "gitlab-codequality", "codequality-report.schema.json")))
failed = 0


def check(name, ok, detail=""):
    global failed
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else ": " + detail))
    failed += not ok


def scan(cwd, *args):
    run = subprocess.run([exe, "scan", *args], cwd=cwd, capture_output=True, text=True,
                         env=dict(os.environ, LC_ALL="C"))
    if "Sanitizer" in run.stderr or "runtime error:" in run.stderr:
        check("no sanitizer report", False, run.stderr[:500])
    return run


work = tempfile.mkdtemp()
try:
    repo = os.path.join(work, "repo")
    os.makedirs(os.path.join(repo, "snapshots"))
    for f in ("demo-123456789012.json", "govcloud-111122223333.json"):
        shutil.copy(os.path.join(root, "snapshots", f), os.path.join(repo, "snapshots", f))
    run = scan(repo, "snapshots", "--format", "codequality", "-o", "gl-code-quality-report.json",
               "--format", "sarif", "-o", "trailscan.sarif", "--format", "json", "-o", "r.json")
    check("scan exits 1 (findings)", run.returncode == 1, run.stderr)
    cq = json.load(open(os.path.join(repo, "gl-code-quality-report.json")))
    try:
        jsonschema.validate(cq, schema)
        check("valid against GitLab's Code Quality format", True)
    except jsonschema.ValidationError as e:
        check("valid against GitLab's Code Quality format", False, str(e)[:800])
    rj = json.load(open(os.path.join(repo, "r.json")))
    want = [r for r in rj["results"] if r["verdict"] in ("fail", "review")]
    check("one issue per failure and review", len(cq) == len(want) and len(cq) > 10,
          f"{len(cq)} issues, {len(want)} failures and reviews")
    fps = [i["fingerprint"] for i in cq]
    check("fingerprints unique", len(set(fps)) == len(fps))
    sarif = json.load(open(os.path.join(repo, "trailscan.sarif")))
    where = {}
    for res in sarif["runs"][0]["results"]:
        loc = res["locations"][0]["physicalLocation"]
        where[res["partialFingerprints"]["trailscan/v1"] if "trailscan/v1" in
              res.get("partialFingerprints", {}) else next(iter(res["partialFingerprints"].values()))] = (
            loc["artifactLocation"]["uri"], loc["region"]["startLine"])
    same = [i for i in cq if where.get(i["fingerprint"]) ==
            (i["location"]["path"], i["location"]["lines"]["begin"])]
    check("each issue at its SARIF result's file and line", len(same) == len(cq),
          f"{len(cq) - len(same)} differ, e.g. {[i for i in cq if i not in same][:1]}")
    check("paths relative to the repository",
          all(i["location"]["path"].startswith("snapshots/") for i in cq))
    # GitLab's severity by the rule's: a review is info whatever the rule's.
    gl = {"critical": "critical", "high": "major", "medium": "minor", "low": "info", "info": "info"}
    expect = sorted(("trailscan/" + r["rule"], gl[r["severity"]] if r["verdict"] == "fail"
                     else "info") for r in want)
    got = sorted((i["check_name"], i["severity"]) for i in cq)
    check("severity by the rule's (critical, major, minor, info)",
          got == expect and {"critical", "minor", "info"} <= {s for _, s in got},
          str([x for x in zip(got, expect) if x[0] != x[1]][:3]))
    check("check_name is trailscan/<rule id>",
          all(i["check_name"].startswith("trailscan/") for i in cq))

    # Same input, same bytes; --include-passes adds no issue.
    again = scan(repo, "snapshots", "--include-passes", "--format", "codequality")
    check("passes are no issues; same bytes again",
          again.stdout == open(os.path.join(repo, "gl-code-quality-report.json")).read())

    # --base-uri: paths relative to it.
    sub = scan(work, "repo/snapshots/demo-123456789012.json", "--base-uri", "repo",
               "--format", "codequality")
    check("--base-uri: paths relative to it",
          all(i["location"]["path"] == "snapshots/demo-123456789012.json"
              for i in json.loads(sub.stdout)), sub.stdout[:300])

    # A rule that fails is an issue: missing results are never silence.
    os.makedirs(os.path.join(work, "bad"))
    with open(os.path.join(work, "bad", "boom.lua"), "w") as f:
        f.write('return {id = "custom-boom", name = "CustomBoom", severity = "high",\n'
                '  title = "Fails at run time", description = "x", remediation = "none",\n'
                '  check = function(snapshot) error("boom") end}\n')
    bad = scan(repo, "snapshots/demo-123456789012.json", "--rules", os.path.join(work, "bad"),
               "--only", "custom-boom", "--format", "codequality")
    issues = json.loads(bad.stdout) if bad.stdout else []
    check("a failed rule exits 3 and is a major issue",
          bad.returncode == 3 and any(i["check_name"] == "trailscan/rule-failure"
                                      and i["severity"] == "major" and "boom" in i["description"]
                                      for i in issues), bad.stdout[:500] + bad.stderr[:300])
    try:
        jsonschema.validate(issues, schema)
        check("the failure's report is valid too", True)
    except jsonschema.ValidationError as e:
        check("the failure's report is valid too", False, str(e)[:500])
finally:
    shutil.rmtree(work)
print("codequality: %s" % ("FAILED" if failed else "passed"))
sys.exit(1 if failed else 0)

#!/usr/bin/env python3
"""Runs the README's GitLab job (section "GitLab CI") as written, as GitLab's
runner would: its variables, the cache restored by its key before and saved
after, before_script then script in one bash with errexit, the artifacts
it names.  Stand-ins: a local clone of this repository for TRAILSCAN_REPO
(at its HEAD commit), a no-op apt-get (the packages are already here).
Two runs: the first builds (or, by default, finds the build under test in
the cache), the second is a cache hit; both exit 1 on the demo's findings
and leave a Code Quality report valid against GitLab's format.

usage: gitlab.py TRAILSCAN BUILD_DIR SOURCE_ROOT   (TRAILSCAN_ACTION_BUILD=1:
the cache starts empty and the job builds trailscan as in CI)"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import jsonschema
import yaml

exe, build, root = (os.path.realpath(a) for a in sys.argv[1:4])
here = os.path.dirname(os.path.realpath(__file__))
schema = json.load(open(os.path.join(here, "gitlab-codequality", "codequality-report.schema.json")))
failed = 0


def check(name, ok, detail=""):
    global failed
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else ": " + str(detail)[:1500]))
    failed += not ok


head = subprocess.run(["git", "-C", root, "rev-parse", "--verify", "-q", "HEAD"],
                      capture_output=True, text=True).stdout.strip()
if not re.fullmatch(r"[0-9a-f]{40}", head):
    print("SKIP: the sources are not a git checkout (the job fetches a commit)")
    sys.exit(77)

readme = open(os.path.join(root, "README.md")).read()
section = readme[readme.index("### GitLab CI"):]
block = re.search(r"```yaml\n(# \.gitlab-ci\.yml\n.*?)```", section, re.S).group(1)
job = yaml.safe_load(block)["trailscan"]
check("README: TRAILSCAN_COMMIT is a placeholder that says what goes there",
      "<commit SHA>" in job["variables"]["TRAILSCAN_COMMIT"])
check("README: TRAILSCAN_REPO is a placeholder",
      "<owner>" in job["variables"]["TRAILSCAN_REPO"])


def expand(text, env):
    return re.sub(r"\$(\w+)", lambda m: env.get(m.group(1), ""), text)


def run_job(work, name, cache_store, seed=None):
    project = os.path.join(work, "project")
    env = dict(os.environ, LC_ALL="C", CI="true", GITLAB_CI="true", CI_PROJECT_DIR=project,
               CI_JOB_NAME="trailscan")
    env.update({k: str(v) for k, v in job["variables"].items()})
    env["TRAILSCAN_COMMIT"] = head            # the stand-ins for the placeholders
    env["TRAILSCAN_REPO"] = root
    shims = os.path.join(work, "bin")
    env["PATH"] = shims + ":" + env["PATH"]
    key = expand(job["cache"]["key"], env)
    cached = os.path.join(cache_store, key)
    if seed and not os.path.exists(cached):
        seed(cached)
    hit = os.path.isdir(cached)
    if hit:
        for p in job["cache"]["paths"]:
            src = os.path.join(cached, p.rstrip("/"))
            if os.path.exists(src):
                shutil.copytree(src, os.path.join(project, p.rstrip("/")), symlinks=True,
                                dirs_exist_ok=True)
    script = "set -eo pipefail\n" + "\n".join(job["before_script"] + job["script"]) + "\n"
    with open(os.path.join(work, name + ".sh"), "w") as f:
        f.write(script)
    run = subprocess.run(["bash", "--noprofile", "--norc", os.path.join(work, name + ".sh")],
                         cwd=project, env=env, capture_output=True, text=True, timeout=3000)
    if not hit:  # the cache is saved after the job, when its key had none
        for p in job["cache"]["paths"]:
            src = os.path.join(project, p.rstrip("/"))
            if os.path.exists(src):
                shutil.copytree(src, os.path.join(cached, p.rstrip("/")), symlinks=True)
    return run, hit


def check_artifacts(name, project):
    rep = job["artifacts"]["reports"]["codequality"]
    check(f"{name}: every artifact the job names is there",
          all(os.path.isfile(os.path.join(project, p)) for p in job["artifacts"]["paths"]),
          os.listdir(project))
    try:
        cq = json.load(open(os.path.join(project, rep)))
        jsonschema.validate(cq, schema)
        check(f"{name}: {rep} is a valid Code Quality report with issues", len(cq) > 0)
    except (OSError, ValueError, jsonschema.ValidationError) as e:
        check(f"{name}: {rep} is a valid Code Quality report", False, e)


def main():
    work = tempfile.mkdtemp()
    try:
        os.makedirs(os.path.join(work, "bin"))
        with open(os.path.join(work, "bin", "apt-get"), "w") as f:
            f.write('#!/bin/sh\necho "apt-get (stand-in) $*" >&2\n')
        os.chmod(os.path.join(work, "bin", "apt-get"), 0o755)
        project = os.path.join(work, "project")
        os.makedirs(os.path.join(project, "snapshots"))
        shutil.copy(os.path.join(root, "snapshots", "demo-123456789012.json"),
                    os.path.join(project, "snapshots"))
        cache = os.path.join(work, "cache")
        os.makedirs(cache)
        real_build = os.environ.get("TRAILSCAN_ACTION_BUILD") == "1"

        def seed(dest):
            r = subprocess.run(["cmake", "--install", build, "--prefix",
                                os.path.join(dest, ".trailscan")], capture_output=True, text=True)
            if r.returncode:
                sys.exit("cannot install the build under test: " + r.stderr)

        run, hit = run_job(work, "first", cache, None if real_build else seed)
        out = run.stdout + run.stderr
        check("first run: exits 1 on the demo's findings", run.returncode == 1, out[-2000:])
        check("first run: " + ("built trailscan of the commit" if real_build
                               else "found trailscan in the cache"),
              ("trailscan: built, trailscan " in out and f"(commit {head})" in out) if real_build
              else "trailscan: cache hit" in out, out[-2000:])
        check_artifacts("first run", project)
        # A new job: a fresh checkout of the project, the cache restored.
        for p in job["artifacts"]["paths"]:
            os.remove(os.path.join(project, p))
        shutil.rmtree(os.path.join(project, ".trailscan"))
        shutil.rmtree(os.path.join(project, ".trailscan-src"), ignore_errors=True)
        run, hit = run_job(work, "second", cache)
        out = run.stdout + run.stderr
        check("second run: the cache (keyed by the commit) has trailscan",
              hit and head in os.listdir(cache)[0] and "trailscan: cache hit" in out, out[-2000:])
        check("second run: exits 1 on the demo's findings", run.returncode == 1, out[-2000:])
        check_artifacts("second run", project)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("gitlab: %s" % ("FAILED" if failed else "passed"))
    sys.exit(1 if failed else 0)


main()

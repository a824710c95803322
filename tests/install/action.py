#!/usr/bin/env python3
"""Runs tools/github-action/action.yml's steps in order, as GitHub's runner
would, on this machine: inputs, `${{ }}` expressions and `if:`, each step's
env, GITHUB_OUTPUT / GITHUB_PATH / GITHUB_STEP_SUMMARY, actions/cache
(restore before, save after a miss) with a local folder standing in for
the cache service, and the upload against tests/upload's fake GitHub on
127.0.0.1.  Three workflow runs: a push (upload, the job fails on
findings), a fork's pull request (cache hit, no upload), an input error
(no SARIF, no upload, exit 2).

usage: action.py TRAILSCAN BUILD_DIR SOURCE_ROOT
The first run's build step finds trailscan in the cache, installed from
BUILD_DIR (the build under test); with TRAILSCAN_ACTION_BUILD=1 the cache
starts empty and the step builds trailscan from SOURCE_ROOT as in CI."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import yaml

exe, build, root = (os.path.realpath(a) for a in sys.argv[1:4])
action_dir = os.path.join(root, "tools", "github-action")
action = yaml.safe_load(open(os.path.join(action_dir, "action.yml")))
fake = os.path.join(root, "tests", "upload", "fake_github.py")
failed = 0
SHA = "c0ffee" + "1" * 34
TOKEN = "ghs_actiontesttoken0123456789"


def check(name, ok, detail=""):
    global failed
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else ": " + str(detail)[:1500]))
    failed += not ok


# ---- expressions: the subset action.yml uses ----------------------------
TOKENS = re.compile(r"\s*(?:('(?:[^']|'')*')|(==|!=|&&|\|\||!|\(|\))|([A-Za-z_][\w.-]*))")


def evaluate(expr, ctx):
    """GitHub's expression syntax, to Python: contexts, '' strings, == != && || ! ()."""
    out, pos = [], 0
    expr = expr.strip()
    while pos < len(expr):
        m = TOKENS.match(expr, pos)
        if not m or m.end() == pos:
            raise SyntaxError("cannot evaluate %r at %d" % (expr, pos))
        s, op, name = m.groups()
        if s is not None:
            out.append(repr(s[1:-1].replace("''", "'")))
        elif op:
            out.append({"&&": " and ", "||": " or ", "!": " not "}.get(op, op))
        elif name in ("true", "false"):
            out.append(name.capitalize())
        else:
            out.append(repr(lookup(ctx, name)))
        pos = m.end()
    return eval("".join(out), {"__builtins__": {}})


def lookup(ctx, path):
    v = ctx
    for part in path.split("."):
        v = v.get(part, "") if isinstance(v, dict) else ""
    return v


def interpolate(text, ctx):
    return re.sub(r"\$\{\{(.*?)\}\}", lambda m: str(evaluate(m.group(1), ctx)), str(text))


# ---- one workflow run -----------------------------------------------------
def run_action(work, name, inputs, github, cache_store, seed=None):
    """Returns (job succeeded, {step id: (ran, exit status, stdout+stderr)}, ctx)."""
    ws = os.path.join(work, "workspace")
    files = {k: os.path.join(work, name + "." + k) for k in ("path", "env", "summary")}
    for f in files.values():
        open(f, "w").close()
    ins = {k: interpolate(v.get("default", ""), {"github": github})
           for k, v in action["inputs"].items()}
    ins.update(inputs)
    ctx = {"inputs": ins, "github": github, "steps": {}}
    env0 = dict(os.environ, LC_ALL="C", NO_PROXY="*", GITHUB_WORKSPACE=ws,
                GITHUB_ACTION_PATH=action_dir, GITHUB_ACTION_REF=SHA, GITHUB_PATH=files["path"],
                GITHUB_ENV=files["env"], GITHUB_STEP_SUMMARY=files["summary"],
                GITHUB_REPOSITORY=github["repository"], GITHUB_SHA=github["sha"],
                GITHUB_REF=github["ref"], GITHUB_API_URL=github["api_url"],
                GITHUB_EVENT_NAME=github["event_name"], RUNNER_OS="Linux", ImageOS="debian12",
                RUNNER_TOOL_CACHE=os.path.join(work, "toolcache"),
                RUNNER_TEMP=os.path.join(work, "runner-temp"),
                TRAILSCAN_RETRY_BASE_MS="5", TRAILSCAN_POLL_MS="20")
    os.makedirs(env0["RUNNER_TEMP"], exist_ok=True)
    shutil.rmtree(env0["RUNNER_TOOL_CACHE"], ignore_errors=True)  # a fresh runner
    ok, results, saves = True, {}, []
    for i, step in enumerate(action["runs"]["steps"]):
        sid = step.get("id", "step%d" % i)
        cond = step.get("if", "success()")
        cond = cond.replace("success()", "true" if ok else "false")
        if not ok or not evaluate(cond, ctx):
            results[sid] = (False, None, "")
            continue
        if "uses" in step:
            uses = step["uses"]
            check(f"{name}: '{uses.split('@')[0]}' pinned by a commit SHA",
                  re.search(r"@[0-9a-f]{40}$", uses) is not None, uses)
            assert uses.startswith("actions/cache@"), uses
            key = interpolate(step["with"]["key"], ctx)
            path = interpolate(step["with"]["path"], ctx)
            if seed and not os.path.exists(os.path.join(cache_store, key)):
                seed(os.path.join(cache_store, key))
            if os.path.isdir(os.path.join(cache_store, key)):
                shutil.copytree(os.path.join(cache_store, key), path, symlinks=True)
            else:
                saves.append((key, path))
            results[sid] = (True, 0, "cache " + ("hit" if not saves else "miss") + " " + key)
            continue
        outputs = os.path.join(work, f"{name}.{sid}.output")
        open(outputs, "w").close()
        env = dict(env0, GITHUB_OUTPUT=outputs)
        for k, v in step.get("env", {}).items():
            env[k] = interpolate(v, ctx)
        extra = [l.strip() for l in open(files["path"]) if l.strip()]
        env["PATH"] = ":".join(reversed(extra) if extra else []) + (":" if extra else "") + os.environ["PATH"]
        script = os.path.join(work, f"{name}.{sid}.sh")
        with open(script, "w") as f:
            f.write(interpolate(step["run"], ctx))
        run = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], cwd=ws,
                             env=env, capture_output=True, text=True, timeout=3000)
        outs = {}
        for line in open(outputs):
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                outs[k] = v
        ctx["steps"][sid] = {"outputs": outs, "outcome": "success" if run.returncode == 0 else "failure"}
        results[sid] = (True, run.returncode, run.stdout + run.stderr)
        if run.returncode != 0:
            ok = False
    for key, path in saves:  # the cache's post step: saved after a miss
        if os.path.isdir(path):
            shutil.copytree(path, os.path.join(cache_store, key), symlinks=True)
    return ok, results, ctx


def start_fake(work, scenario):
    with open(os.path.join(work, "scenario.json"), "w") as f:
        json.dump(scenario, f)
    port = os.path.join(work, "port")
    proc = subprocess.Popen([sys.executable, fake, "--port-file", port, "--scenario",
                             os.path.join(work, "scenario.json")])
    for _ in range(2400):  # generous: python starts slowly on a busy machine
        if os.path.exists(port) and os.path.getsize(port):
            break
        if proc.poll() is not None:
            break
        time.sleep(0.025)
    return proc, "http://127.0.0.1:" + open(port).read().strip()


def main():
    work = tempfile.mkdtemp()
    proc = None
    try:
        ws = os.path.join(work, "workspace")
        os.makedirs(os.path.join(ws, "snapshots"))
        shutil.copy(os.path.join(root, "snapshots", "demo-123456789012.json"),
                    os.path.join(ws, "snapshots"))
        sarif = os.path.join(ws, "trailscan.sarif")
        log = os.path.join(work, "requests.log")
        proc, api = start_fake(work, {"log": log, "sarif": sarif, "token": TOKEN,
                                      "repo": "acme/audit", "commit": SHA, "ref": "refs/heads/main"})
        cache = os.path.join(work, "cache")
        os.makedirs(cache)

        def seed(dest):
            r = subprocess.run(["cmake", "--install", build, "--prefix", dest], capture_output=True,
                               text=True)
            if r.returncode:
                sys.exit("cannot install the build under test: " + r.stderr)
        real_build = os.environ.get("TRAILSCAN_ACTION_BUILD") == "1"
        push = {"token": TOKEN, "repository": "acme/audit", "sha": SHA, "ref": "refs/heads/main",
                "api_url": api, "event_name": "push", "event": {}}

        # 1. A push: build (or the seeded cache), scan, upload, fail on findings.
        ok, res, ctx = run_action(work, "push", {"snapshots": "snapshots/"}, push, cache,
                                  None if real_build else seed)
        out = res["build"][2]
        check("push: the build step puts trailscan" + (" of the pinned commit" if real_build
              else " (the build under test, as cached)") + " on PATH",
              res["build"][1] == 0
              and re.search(r"trailscan \S+ \(commit %s" % (SHA if real_build else ""), out)
              and ("built" in out if real_build else "cache hit" in out), out)
        check("push: scan exits 1 on the demo's findings",
              ctx["steps"]["scan"]["outputs"].get("status") == "1", res["scan"][2])
        check("push: the job summary is the markdown report",
              "trailscan" in open(os.path.join(work, "push.summary")).read())
        check("push: the SARIF was uploaded and processed",
              res["upload"][0] and res["upload"][1] == 0 and "processing status: complete"
              in res["upload"][2], res["upload"])
        reqs = open(log).read() if os.path.exists(log) else ""
        check("push: the fake GitHub saw the upload as GitHub documents it",
              "REQ POST /repos/acme/audit/code-scanning/sarifs -> 202" in reqs
              and "PROBLEM" not in reqs, reqs)
        check("push: the token never printed",
              all(TOKEN not in r[2] for r in res.values()))
        check("push: the job fails with the scan's status after the upload",
              not ok and res["verdict"][0] and res["verdict"][1] == 1, res["verdict"])
        check("push: the cache was saved under the commit's key",
              any(SHA in k for k in os.listdir(cache)), os.listdir(cache))

        # 2. A fork's pull request: the cache restores trailscan, no upload.
        if os.path.exists(log):
            os.remove(log)
        fork = dict(push, event_name="pull_request", ref="refs/pull/7/merge",
                    event={"pull_request": {"head": {"repo": {"full_name": "mallory/audit"}}}})
        ok, res, ctx = run_action(work, "fork", {"snapshots": "snapshots/"}, fork, cache)
        check("fork: the build step is a cache hit (no compile)",
              res["build"][1] == 0 and "cache hit" in res["build"][2], res["build"])
        check("fork: no upload from a fork's pull request",
              not res["upload"][0] and not os.path.exists(log), res["upload"])
        check("fork: the job still fails on findings", not ok and res["verdict"][1] == 1)

        # 3. An input error: no SARIF, nothing uploaded, exit 2.
        with open(os.path.join(ws, "snapshots", "broken.json"), "w") as f:
            f.write("{\n")
        ok, res, ctx = run_action(work, "broken", {"snapshots": "snapshots/"}, push, cache)
        check("input error: status 2 and no SARIF",
              ctx["steps"]["scan"]["outputs"].get("status") == "2" and not os.path.exists(sarif),
              res["scan"])
        check("input error: no upload", not res["upload"][0] and not os.path.exists(log))
        check("input error: the job fails with 2", not ok and res["verdict"][1] == 2)
    finally:
        if proc:
            proc.terminate()
            proc.wait()
        shutil.rmtree(work, ignore_errors=True)
    print("action: %s" % ("FAILED" if failed else "passed"))
    sys.exit(1 if failed else 0)


main()

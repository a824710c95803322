#!/usr/bin/env python3
"""The driver of tools/bench-collect-org (see its --help); moto runs already.

Phases, each timed and counted by the proxy (delay_proxy.py):
  1. seed moto with the organisation (seed_org.py, straight to moto);
  2. `trailscan collect --org` through the proxy, if the binary has --org;
  3. the serial loop: one `trailscan collect` per account through the proxy
     (`--role-arn` if the binary has it, else keys from AssumeRole by boto3);
  4. the stand-in's capacity: the requests of phase 2 (else 3), as the proxy
     recorded them, replayed by replay.py at --jobs through the proxy with no
     delay; then straight to moto (what the proxy costs); then through the
     proxy with the delay (the best any client could do at that concurrency);
  5. checks: the manifest lists every account as collected, and each
     account's snapshot from phase 2 equals phase 3's (tests/collect/compare.py).
Prints the table; exit 1 if a run failed or the snapshots differ.
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import time
import urllib.request

import boto3

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "collect"))
import compare  # noqa: E402  (tests/collect/compare.py)
import seed_org  # noqa: E402

# The regions enabled by default in every account, in bench-collect's order.
REGIONS = ["us-east-1", "eu-west-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1",
           "sa-east-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "ap-south-1",
           "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1",
           "ap-southeast-2"]
# moto's GetTrailStatus answers these with the time of the call.
MOVING = ("LatestDeliveryTime", "LatestDeliveryAttemptTime")


def load_snapshot(path):
    """compare.py's normal form, without who collected: the caller's ARN and
    user id name the role session, which differs between the two runs."""
    snap = compare.load(path)
    who = snap.get("global", {}).get("sts", {}).get("GetCallerIdentity", {})
    who.pop("Arn", None)
    who.pop("UserId", None)
    return snap


def proc_cpu(pid):
    """CPU seconds (user + system) process pid has used so far, or 0."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def client_cpu():
    """CPU seconds of this driver and of its finished children (trailscan,
    replay.py): the client side of a phase."""
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + kids.ru_utime + kids.ru_stime


def say(text):
    print("== " + text, file=sys.stderr, flush=True)


class Proxy:
    """delay_proxy.py in a child process, driven over its /__bench/ paths."""

    def __init__(self, upstream, workdir, delay_ms):
        port_file = os.path.join(workdir, "proxy.port")
        self.proc = subprocess.Popen([sys.executable, os.path.join(HERE, "delay_proxy.py"),
                                      "--upstream", upstream, "--port-file", port_file,
                                      "--delay-ms", str(delay_ms)])
        end = time.monotonic() + 60
        while not os.path.exists(port_file):
            if self.proc.poll() is not None or time.monotonic() > end:
                raise SystemExit("bench-collect-org: the proxy did not start")
            time.sleep(0.05)
        with open(port_file) as f:
            self.url = "http://127.0.0.1:" + f.read().strip()

    def call(self, path):
        req = urllib.request.Request(self.url + path, data=b"" if path != "/__bench/stats" else None)
        with urllib.request.urlopen(req, timeout=60) as resp:
            return json.load(resp)

    def reset(self, delay_ms, record=True, memo=False):
        self.call(f"/__bench/reset?delay_ms={delay_ms}&record={int(record)}&memo={int(memo)}")

    def stats(self):
        return self.call("/__bench/stats")

    def dump(self, path):
        return self.call("/__bench/dump?file=" + urllib.request.quote(path))

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def aws_env():
    """The management account's keys (moto accepts any while its auth is off),
    the user's own configuration kept out."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
               AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null",
               AWS_EC2_METADATA_DISABLED="true")
    return env


def has_option(trailscan, option):
    out = subprocess.run([trailscan, "collect", "--help"], capture_output=True, text=True)
    return option in out.stdout


def run(cmd, env):
    t0 = time.monotonic()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True)
    return time.monotonic() - t0, proc.returncode, proc.stderr


class Bench:
    def __init__(self, args):
        self.args = args
        self.regions = REGIONS[:args.regions]
        self.workdir = args.out
        self.results = {}
        self.failed = []

    def common(self, proxy):
        return ["--endpoint-url", proxy.url, "--region", ",".join(self.regions),
                "--jobs", str(self.args.jobs), "--quiet"]

    def phase(self, name, proxy, body, memo=False):
        """Runs body() with the proxy's counters zeroed; keeps the time and
        the counters under name."""
        proxy.reset(self.args.delay_ms, memo=memo)
        cpu = self.cpu(proxy)
        seconds = body()
        stats = proxy.stats()
        stats["seconds"] = seconds
        stats["cpu"] = self.cpu(proxy, cpu)
        proxy.dump(os.path.join(self.workdir, name + ".requests.jsonl"))
        self.results[name] = stats
        return stats

    def org(self, proxy, role, folder="org"):
        out = os.path.join(self.workdir, folder)
        cmd = [self.args.trailscan, "collect", "--org", "--role-name", role, "-o", out]
        seconds, rc, err = run(cmd + self.common(proxy), aws_env())
        if rc != 0:
            self.failed.append(f"collect --org: exit {rc}: {err.strip()[-500:]}")
        return seconds

    def serial(self, proxy, accounts, role, management):
        out = os.path.join(self.workdir, "serial")
        os.makedirs(out, exist_ok=True)
        role_arn = has_option(self.args.trailscan, "--role-arn")
        self.results["serial_how"] = "--role-arn" if role_arn else "boto3 AssumeRole + keys"
        sts = boto3.client("sts", endpoint_url=proxy.url, region_name="us-east-1",
                           aws_access_key_id="testing", aws_secret_access_key="testing")
        t0 = time.monotonic()
        for account in accounts:
            env = aws_env()
            cmd = [self.args.trailscan, "collect", "-o", os.path.join(out, account + ".json")]
            arn = f"arn:aws:iam::{account}:role/{role}"
            if account != management and role_arn:
                cmd += ["--role-arn", arn]
            elif account != management:
                c = sts.assume_role(RoleArn=arn, RoleSessionName="bench-serial")["Credentials"]
                env.update(AWS_ACCESS_KEY_ID=c["AccessKeyId"],
                           AWS_SECRET_ACCESS_KEY=c["SecretAccessKey"],
                           AWS_SESSION_TOKEN=c["SessionToken"])
            _, rc, err = run(cmd + self.common(proxy), env)
            if rc != 0:
                self.failed.append(f"collect for {account}: exit {rc}: {err.strip()[-300:]}")
        return time.monotonic() - t0

    def cpu(self, proxy, since=None):
        """CPU seconds of moto, the proxy and the client, since since."""
        now = {"moto": proc_cpu(self.args.moto_pid), "proxy": proc_cpu(proxy.proc.pid),
               "client": client_cpu()}
        return now if since is None else {k: round(v - since[k], 2) for k, v in now.items()}

    def replay(self, target, recording, proxy):
        cpu = self.cpu(proxy)
        out = subprocess.run([sys.executable, os.path.join(HERE, "replay.py"),
                              "--target", target, "--file", recording,
                              "--concurrency", str(self.args.jobs)],
                             capture_output=True, text=True)
        if out.returncode != 0:
            raise SystemExit("bench-collect-org: replay failed: " + out.stderr[-500:])
        result = json.loads(out.stdout)
        result["cpu"] = self.cpu(proxy, cpu)
        return result

    def replay_proxy(self, proxy, recording, delay_ms, memo=False):
        proxy.reset(delay_ms, record=False, memo=memo)
        result = self.replay(proxy.url, recording, proxy)
        result.update(proxy.stats())
        return result

    def same_answers(self, run):
        """A replay whose answers fail more often than the run's measured an
        overloaded or broken stand-in, not its capacity."""
        want = self.results[run]["errors"]
        for name in ("capacity", "moto", "ideal"):
            st = self.results[name]["statuses"]
            got = sum(v for k, v in st.items() if k >= "4xx")
            if got != want:
                self.failed.append(f"replay {name}: {got} answers >= 400, the run had {want}")

    def check(self, accounts, sample, folder="org"):
        """Every account collected by --org, each of sample equal to its
        serial snapshot."""
        org_dir = os.path.join(self.workdir, folder)
        try:
            with open(os.path.join(org_dir, "organization.json")) as f:
                manifest = json.load(f)
        except (OSError, ValueError) as e:
            self.failed.append(f"no manifest from collect --org: {e}")
            manifest = {}
        status = {a["id"]: a.get("status") for a in manifest.get("accounts", [])}
        missing = [a for a in accounts if status.get(a) != "collected"]
        if missing:
            self.failed.append(f"manifest: not collected: {', '.join(missing[:5])}"
                               f"{' ...' if len(missing) > 5 else ''}")
        compare.IGNORED.update(MOVING)
        differ, first = [], "a snapshot is missing"
        for account in sample:
            a = os.path.join(org_dir, account + ".json")
            b = os.path.join(self.workdir, "serial", account + ".json")
            if not (os.path.exists(a) and os.path.exists(b)):
                differ.append(account)
                continue
            out = []
            compare.diff(load_snapshot(a), load_snapshot(b), "$", True, out)
            if out and not differ:
                first = "; ".join(out[:3])
            if out:
                differ.append(account)
        if differ:
            self.failed.append(f"snapshots differ ({folder} vs serial): {', '.join(differ[:5])}"
                               f"{' ...' if len(differ) > 5 else ''} (first: {first})")
        return len(sample) - len(differ)


def seconds(x):
    return f"{x:.1f}"


def table(b, summary, accounts):
    """The printed summary; returns nothing."""
    r, a = b.results, b.args
    n = len(accounts)
    main = r.get("org") or r["serial"]
    total = main["requests"]
    delay_bound = total * a.delay_ms / 1000.0 / a.jobs
    capacity = r["capacity"]["seconds"]
    bound = max(delay_bound, capacity)
    serial = r["serial"]
    k = serial["accounts"]
    # The serial loop's time for every account (measured over k of them).
    serial_all = serial["seconds"] * n / k
    print(f"organisation:  {n} accounts ({n - 1} members + the management account) x "
          f"{len(b.regions)} regions; proxy delay {a.delay_ms:g} ms; --jobs {a.jobs}")
    print(f"seeding:       {summary['seconds']:.1f} s ({summary['seconds'] / n:.2f} s an account, "
          f"{a.seed_threads} threads)")
    print()
    print("| run | wall s | requests | per account | in flight peak/mean "
          "| CPU s moto/proxy/client | x bound |")
    print("|---|---|---|---|---|---|---|")
    name = f"serial loop ({r['serial_how']})"
    rows = [("collect --org", r["org"], n)] if "org" in r else []
    rows.append((name if k == n else f"{name}, {k} accounts", serial, k))
    if k != n:
        rows.append((f"the same, scaled to {n} accounts", dict(serial, seconds=serial_all), 0))
    covered = n if "org" in r else k
    rows.append(("replay, no delay (capacity)", r["capacity"], covered))
    rows.append(("replay straight to moto (no proxy)", r["moto"], covered))
    rows.append((f"replay, {a.delay_ms:g} ms delay (ideal client)", r["ideal"], covered))
    for name, s, m in rows:
        flight = f"{s['peak_in_flight']}/{s['mean_in_flight']:.1f}" if "peak_in_flight" in s else "-"
        cpu = "/".join(f"{s['cpu'][x]:.1f}" for x in ("moto", "proxy", "client"))
        count, per = (s["requests"], f"{s['requests'] / m:.1f}") if m else ("-", "-")
        if not m:
            flight = cpu = "-"
        print(f"| {name} | {seconds(s['seconds'])} | {count} | {per} | {flight} | {cpu} | "
              f"{s['seconds'] / bound:.2f} |")
    print()
    print(f"bound:         {seconds(bound)} s = max({total} requests x {a.delay_ms:g} ms / "
          f"{a.jobs} in flight = {seconds(delay_bound)} s, capacity {seconds(capacity)} s)")
    per = sorted(main["by_account"].values())
    if per:
        print(f"per account:   min {per[0]}, median {per[len(per) // 2]}, max {per[-1]} requests"
              f" (by signing key; the caller's include AssumeRole; {main['errors']} answers"
              f" >= 400)")
    if "org" in r:
        ratio = r["org"]["seconds"] / bound
        speed = serial_all / r["org"]["seconds"]
        print(f"--org / bound: {ratio:.2f}x (goal <= 1.5x: {'met' if ratio <= 1.5 else 'NOT met'})")
        print(f"serial / --org: {speed:.1f}x (goal >= 20x: {'met' if speed >= 20 else 'NOT met'})")
        print(f"snapshots:     {r['same']} of {k} accounts equal between --org and the serial loop")
    else:
        print("collect --org: not in this trailscan (replayed the serial loop's requests)")
    if "org_memo" in r:
        memo_table(r, a, n, delay_bound, serial_all)
    if "org" in r:
        print(f"serial / delay bound: {serial_all / delay_bound:.1f}x (the most --org could gain at"
              f" --jobs {a.jobs} where the stand-in is not the limit)")


def memo_table(r, a, n, delay_bound, serial_all):
    """The runs with the proxy answering from memory (moto out of the way)."""
    org, cap = r["org_memo"], r["capacity_memo"]
    bound = max(delay_bound, cap["seconds"])
    print()
    print("answers from memory (--memo: moto not asked, the proxy's capacity is the stand-in's):")
    print()
    print("| run | wall s | requests | from memory | in flight peak/mean "
          "| CPU s moto/proxy/client | x bound |")
    print("|---|---|---|---|---|---|---|")
    for name, s in (("collect --org", org), ("replay, no delay (capacity)", cap)):
        cpu = "/".join(f"{s['cpu'][x]:.1f}" for x in ("moto", "proxy", "client"))
        print(f"| {name} | {seconds(s['seconds'])} | {s['requests']} | {s['from_memory']} | "
              f"{s['peak_in_flight']}/{s['mean_in_flight']:.1f} | {cpu} | "
              f"{s['seconds'] / bound:.2f} |")
    print()
    ratio = org["seconds"] / bound
    speed = serial_all / org["seconds"]
    print(f"bound:         {seconds(bound)} s = max({seconds(delay_bound)} s, capacity "
          f"{seconds(cap['seconds'])} s)")
    print(f"--org / bound: {ratio:.2f}x (goal <= 1.5x: {'met' if ratio <= 1.5 else 'NOT met'})")
    print(f"serial / --org: {speed:.1f}x (goal >= 20x: {'met' if speed >= 20 else 'NOT met'}; "
          f"the serial loop as measured with moto)")
    print(f"snapshots:     {r['same_memo']} of {r['serial']['accounts']} accounts equal between "
          f"--org (from memory) and the serial loop")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--moto", required=True)
    ap.add_argument("--moto-pid", type=int, default=0, help="for its CPU time")
    ap.add_argument("--trailscan", required=True)
    ap.add_argument("--accounts", type=int, default=100)
    ap.add_argument("--regions", type=int, default=4)
    ap.add_argument("--jobs", type=int, default=32)
    ap.add_argument("--delay-ms", type=float, default=50)
    ap.add_argument("--seed-threads", type=int, default=4)
    ap.add_argument("--memo", action="store_true",
                    help="collect --org again with the proxy answering from memory")
    ap.add_argument("--serial-accounts", type=int, default=0,
                    help="time the serial loop over the first N accounts only")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    b = Bench(args)
    proxy = Proxy(args.moto, args.out, args.delay_ms)
    try:
        say(f"seeding {args.accounts} member accounts x {args.regions} regions at {args.moto}")
        t0 = time.monotonic()
        summary = seed_org.Seeder(args.moto).run(args.accounts, b.regions, args.seed_threads)
        summary["seconds"] = time.monotonic() - t0
        with open(os.path.join(args.out, "seed.json"), "w") as f:
            json.dump(summary, f, indent=2)
        accounts = [summary["management"]] + [m["id"] for m in summary["members"]]
        role = summary["role"]
        main_run = "serial"
        if has_option(args.trailscan, "--org"):
            say("collect --org")
            b.phase("org", proxy, lambda: b.org(proxy, role))
            main_run = "org"
        sample = accounts[:args.serial_accounts] if args.serial_accounts else accounts
        say(f"serial loop of {len(sample)} collects")
        b.phase("serial", proxy, lambda: b.serial(proxy, sample, role, summary["management"]))
        b.results["serial"]["accounts"] = len(sample)
        recording = os.path.join(args.out, main_run + ".requests.jsonl")
        say("replay at --jobs, no delay")
        b.results["capacity"] = b.replay_proxy(proxy, recording, 0)
        say("replay at --jobs straight to moto")
        b.results["moto"] = b.replay(args.moto, recording, proxy)
        say(f"replay at --jobs, {args.delay_ms:g} ms delay")
        b.results["ideal"] = b.replay_proxy(proxy, recording, args.delay_ms)
        b.same_answers(main_run)
        if main_run == "org":
            b.results["same"] = b.check(accounts, sample)
        if main_run == "org" and args.memo:
            say("collect --org again, the proxy answering from memory")
            b.phase("org_memo", proxy, lambda: b.org(proxy, role, "org-memo"), memo=True)
            say("replay at --jobs, no delay, from memory")
            b.results["capacity_memo"] = b.replay_proxy(proxy, recording, 0, memo=True)
            b.results["same_memo"] = b.check(accounts, sample, "org-memo")
    finally:
        proxy.stop()
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(b.results, f, indent=2)
    table(b, summary, accounts)
    for line in b.failed:
        print("bench-collect-org: " + line, file=sys.stderr)
    return 1 if b.failed else 0


if __name__ == "__main__":
    sys.exit(main())

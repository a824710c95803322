#!/usr/bin/env python3
"""A proxy in front of moto that watches `collect --org` from the outside.

    org_proxy.py --upstream URL --port-file FILE --stats FILE
                 [--delay SECONDS] [--throttle-account ID]

Counts the requests in flight at once, in all and per access key (each
member account's assumed-role key is its own; STS AssumeRole, signed with
the caller's key, is counted in all only), and writes after every request
--stats: {"requests", "max_in_flight", "max_per_key": {key id: n},
"accounts": {key id: account}}.  --delay holds every request that long
before forwarding it, so that requests overlap.  --throttle-account answers
every request signed with that account's assumed-role key with AWS's
throttling error (ThrottlingException, Throttling, SlowDown): an account
throttled to the end.  Which key is whose comes from the AssumeRole calls
it forwards (RoleArn in, AccessKeyId out).  Nothing secret is written.

Listens on 127.0.0.1, on a free port it writes to --port-file.
"""
import argparse
import json
import os
import re
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import proxy_base  # noqa: E402
from fault_proxy import fault_body, operation_of  # noqa: E402

LOCK = threading.Lock()
STATE = {"requests": 0, "in_flight": 0, "max_in_flight": 0, "per_key": {},
         "max_per_key": {}, "accounts": {}}


def key_of(headers):
    auth = headers.get("Authorization", "")
    m = re.search(r"Credential=([^/,]+)/", auth)
    return m.group(1) if m else ""


class Proxy(proxy_base.Handler):
    def enter(self, key, counted):
        with LOCK:
            STATE["requests"] += 1
            STATE["in_flight"] += 1
            STATE["max_in_flight"] = max(STATE["max_in_flight"], STATE["in_flight"])
            if counted:
                n = STATE["per_key"].get(key, 0) + 1
                STATE["per_key"][key] = n
                STATE["max_per_key"][key] = max(STATE["max_per_key"].get(key, 0), n)

    def leave(self, key, counted):
        with LOCK:
            STATE["in_flight"] -= 1
            if counted:
                STATE["per_key"][key] -= 1
            stats = {k: STATE[k] for k in ("requests", "max_in_flight", "max_per_key",
                                           "accounts")}
            tmp = self.server.stats + ".tmp"
            with open(tmp, "w") as f:
                json.dump(stats, f)
            os.rename(tmp, self.server.stats)

    def handle_one(self):
        body = self.read_body()
        op = operation_of(self, body)
        key = key_of(self.headers)
        counted = op != "AssumeRole"
        self.enter(key, counted)
        try:
            time.sleep(self.server.delay)
            with LOCK:
                account = STATE["accounts"].get(key)
            if account and account == self.server.throttle_account:
                status, ctype, text = fault_body(self, "throttle")
                status, headers, data = status, {"Content-Type": ctype}, text.encode()
            else:
                status, headers, data = self.forward(body)
            if op == "AssumeRole" and status == 200:
                self.learn(body, data)
        finally:
            self.leave(key, counted)
        self.reply(status, headers, data)

    def learn(self, body, answer):
        """The account of the key AssumeRole gave: the role ARN's."""
        arn = urllib.parse.parse_qs(body.decode()).get("RoleArn", [""])[0]
        m = re.search(r"<AccessKeyId>([^<]+)</AccessKeyId>", answer.decode(errors="replace"))
        parts = arn.split(":")
        if m and len(parts) > 4:
            with LOCK:
                STATE["accounts"][m.group(1)] = parts[4]

    do_GET = do_POST = do_PUT = do_HEAD = handle_one


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--upstream", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--stats", required=True)
    ap.add_argument("--delay", type=float, default=0.0)
    ap.add_argument("--throttle-account")
    args = ap.parse_args()
    server = proxy_base.make_server(Proxy, args.upstream, stats=args.stats, delay=args.delay,
                                    throttle_account=args.throttle_account)
    proxy_base.serve(server, args.port_file)


if __name__ == "__main__":
    main()

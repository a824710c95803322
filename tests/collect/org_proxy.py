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
import http.server
import json
import os
import re
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fault_proxy import fault_body, operation_of  # noqa: E402

LOCK = threading.Lock()
STATE = {"requests": 0, "in_flight": 0, "max_in_flight": 0, "per_key": {},
         "max_per_key": {}, "accounts": {}}


def key_of(headers):
    auth = headers.get("Authorization", "")
    m = re.search(r"Credential=([^/,]+)/", auth)
    return m.group(1) if m else ""


class Proxy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

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
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
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
        self.send_response(status)
        for name, value in headers.items():
            if name.lower() not in ("content-length", "transfer-encoding", "connection",
                                    "server", "date"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def learn(self, body, answer):
        """The account of the key AssumeRole gave: the role ARN's."""
        arn = urllib.parse.parse_qs(body.decode()).get("RoleArn", [""])[0]
        m = re.search(r"<AccessKeyId>([^<]+)</AccessKeyId>", answer.decode(errors="replace"))
        parts = arn.split(":")
        if m and len(parts) > 4:
            with LOCK:
                STATE["accounts"][m.group(1)] = parts[4]

    def forward(self, body):
        req = urllib.request.Request(self.server.upstream + self.path, data=body or None,
                                     method=self.command)
        for name, value in self.headers.items():
            if name.lower() not in ("host", "content-length", "connection", "expect"):
                req.add_header(name, value)
        req.add_header("Host", self.headers.get("Host", ""))
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                return resp.status, dict(resp.headers.items()), resp.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers.items()), e.read()

    do_GET = do_POST = do_PUT = do_HEAD = handle_one


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--upstream", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--stats", required=True)
    ap.add_argument("--delay", type=float, default=0.0)
    ap.add_argument("--throttle-account")
    args = ap.parse_args()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    server.daemon_threads = True
    server.upstream = args.upstream.rstrip("/")
    server.stats = args.stats
    server.delay = args.delay
    server.throttle_account = args.throttle_account
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(args.port_file + ".tmp", args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""A proxy in front of moto that logs what each STS request asked for.

    sts_log_proxy.py --upstream URL --port-file FILE --log FILE

Every request is forwarded unchanged.  Before the answer goes back, one
JSON line is appended to --log: the query Action, whether the request was
signed, and of AssumeRole / AssumeRoleWithWebIdentity parameters RoleArn,
RoleSessionName, ExternalId, DurationSeconds and SerialNumber; for
TokenCode and WebIdentityToken only whether they were sent (they are
secrets: the test greps the log for them).

Listens on 127.0.0.1, on a free port it writes to --port-file once it
listens.
"""
import argparse
import http.server
import json
import os
import threading
import urllib.error
import urllib.parse
import urllib.request

LOCK = threading.Lock()
KEPT = ("RoleArn", "RoleSessionName", "ExternalId", "DurationSeconds", "SerialNumber")
PRESENT = ("TokenCode", "WebIdentityToken")


class Proxy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def handle_one(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        status, headers, data = self.forward(body)
        self.record(body, status)
        self.send_response(status)
        for name, value in headers.items():
            if name.lower() not in ("content-length", "transfer-encoding", "connection",
                                    "server", "date"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def forward(self, body):
        req = urllib.request.Request(self.server.upstream + self.path, data=body or None,
                                     method=self.command)
        for name, value in self.headers.items():
            if name.lower() not in ("host", "content-length", "connection", "expect"):
                req.add_header(name, value)
        req.add_header("Host", self.headers.get("Host", ""))  # signed: keep it
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                return resp.status, dict(resp.headers.items()), resp.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers.items()), e.read()

    def record(self, body, status):
        params = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
        line = {"action": params.get("Action", [""])[0], "status": status,
                "signed": "Authorization" in self.headers}
        for k in KEPT:
            if k in params:
                line[k] = params[k][0]
        for k in PRESENT:
            line[k] = k in params
        with LOCK, open(self.server.log, "a") as f:
            f.write(json.dumps(line) + "\n")

    do_GET = do_POST = handle_one


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--upstream", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    args = ap.parse_args()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    server.upstream = args.upstream.rstrip("/")
    server.log = args.log
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(args.port_file + ".tmp", args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()

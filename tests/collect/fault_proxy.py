#!/usr/bin/env python3
"""A small HTTP proxy in front of moto that injects the faults AWS gives.

    fault_proxy.py --upstream URL --port-file FILE --log FILE
                   [--flaky N] [--fail-operation OP]

--flaky N         every distinct request (method, path, query, X-Amz-Target,
                  body) is answered with a fault the first N times it is
                  seen: throttling first (JSON 400 ThrottlingException, query
                  400 Throttling, S3 503 SlowDown), then 500 InternalError;
                  after that it is forwarded.  A client that retries as the
                  SDKs do ends with exactly the data it would have had.
--fail-operation  that operation (X-Amz-Target suffix, query Action, or S3
                  sub-resource such as "acl") always gets 500.
--hang-operation  that operation is answered only after 5 seconds (a call
                  that times out).
--log             one JSON line per request: operation, the header names, the
                  Authorization header's credential scope, whether a security
                  token was sent, and the answer's status.  Secrets are not
                  logged (the test greps for them).

Listens on 127.0.0.1, on a free port it writes to --port-file.
"""
import argparse
import hashlib
import json
import os
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import proxy_base  # noqa: E402

LOCK = threading.Lock()
SEEN = {}


def operation_of(handler, body):
    target = handler.headers.get("X-Amz-Target")
    if target:
        return target.rsplit(".", 1)[-1]
    if body.startswith(b"Action="):
        return urllib.parse.parse_qs(body.decode())["Action"][0]
    query = urllib.parse.urlsplit(handler.path).query
    return "s3:" + (query.split("=")[0] if query else "ListBuckets")


def fault_body(handler, kind):
    """(status, content type, body) of a fault in the request's protocol."""
    if handler.headers.get("X-Amz-Target"):
        code = "ThrottlingException" if kind == "throttle" else "InternalFailure"
        body = json.dumps({"__type": code, "message": "injected " + kind})
        return (400 if kind == "throttle" else 500), "application/x-amz-json-1.1", body
    if urllib.parse.urlsplit(handler.path).path != "/" or handler.command == "GET":
        code = "SlowDown" if kind == "throttle" else "InternalError"
        body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>%s</Code>"
                "<Message>injected %s</Message></Error>" % (code, kind))
        return (503 if kind == "throttle" else 500), "application/xml", body
    code = "Throttling" if kind == "throttle" else "InternalError"
    body = ("<ErrorResponse><Error><Type>Sender</Type><Code>%s</Code><Message>injected %s"
            "</Message></Error><RequestId>1</RequestId></ErrorResponse>" % (code, kind))
    return (400 if kind == "throttle" else 500), "text/xml", body


class Proxy(proxy_base.Handler):
    upstream_timeout = 30

    def handle_one(self):
        body = self.read_body()
        op = operation_of(self, body)
        key = hashlib.sha256(repr((self.command, self.path,
                                   self.headers.get("X-Amz-Target"), body)).encode()).hexdigest()
        with LOCK:
            seen = SEEN.get(key, 0)
            SEEN[key] = seen + 1
        if self.server.hang_operation and op.endswith(self.server.hang_operation):
            self.record(op, 0)  # now: the client gives up before the sleep ends
            time.sleep(5)
            self.close_connection = True
            return
        fault = None
        if self.server.fail_operation and op.endswith(self.server.fail_operation):
            fault = "error"
        elif seen < self.server.flaky:
            fault = "throttle" if seen == 0 else "error"
        if fault:
            status, ctype, text = fault_body(self, fault)
            headers, data = {"Content-Type": ctype}, text.encode()
        else:
            status, headers, data = self.forward(body)
        self.record(op, status)
        self.reply(status, headers, data)

    def record(self, op, status):
        auth = self.headers.get("Authorization", "")
        scope = ""
        if "Credential=" in auth:
            scope = auth.split("Credential=")[1].split(",")[0].split("/", 1)[-1]
        line = {"operation": op, "status": status, "scope": scope,
                "token": "X-Amz-Security-Token" in self.headers,
                "headers": sorted(k.lower() for k in self.headers.keys())}
        with LOCK, open(self.server.log, "a") as f:
            f.write(json.dumps(line) + "\n")

    do_GET = do_POST = handle_one


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--upstream", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--flaky", type=int, default=0)
    ap.add_argument("--fail-operation")
    ap.add_argument("--hang-operation")
    args = ap.parse_args()
    server = proxy_base.make_server(Proxy, args.upstream, flaky=args.flaky,
                                    fail_operation=args.fail_operation,
                                    hang_operation=args.hang_operation, log=args.log)
    proxy_base.serve(server, args.port_file)


if __name__ == "__main__":
    main()

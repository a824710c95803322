#!/usr/bin/env python3
"""A proxy in front of moto that delays every answer, counts and records.

    delay_proxy.py --upstream URL --port-file FILE [--delay-ms 50]

Every request is held --delay-ms (the round trip to a faraway AWS region),
then forwarded to --upstream and its answer passed back.  Meanwhile it is
counted (by operation and by account), its time in flight measured, and it
is recorded (method, path, headers, body) so that a replay can send the very
same requests again.

Accounts: an AssumeRole answer maps its AccessKeyId to the account in the
request's RoleArn; later requests signed with that key count for that
account, and requests signed with any other key for "caller" (the
management account's own keys).

Control requests (paths under /__bench/, never a bucket name: S3 names have
no underscore) are not counted:
  GET  /__bench/stats                  counters since the last reset (JSON)
  POST /__bench/reset?delay_ms=N&record=0|1&memo=0|1
                                       zero the counters, forget the
                                       recording, set the delay, whether to
                                       record, and whether to answer from
                                       memory
  POST /__bench/dump?file=PATH         write the recording to PATH (JSON
                                       lines: method, path, headers, body
                                       in base64)

Memory: every answer is kept, by account, the region and service of the
signature, method, path, X-Amz-Target and body.  With memo=1 a request seen before is answered from there (after the
delay) and moto is not asked: a stand-in whose capacity is the proxy's own,
to see how a client scales where moto would be the limit.  Only reads are
sent this way (collect makes no writes), so the answers stay right.

Listens on 127.0.0.1, on a free port written to --port-file once it listens.
Logs nothing: requests carry session tokens.
"""
import argparse
import base64
import json
import os
import re
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "tests", "collect"))
import proxy_base  # noqa: E402

ARN_ACCOUNT = re.compile(r"arn:[^:]+:iam::(\d{12}):")
KEY_ID = re.compile(rb"<AccessKeyId>([^<]+)</AccessKeyId>")


class Stats:
    """Counters of one phase; every method holds the lock."""

    def __init__(self, delay_ms=50, record=True, memo=False):
        self.lock = threading.Lock()
        self.delay = delay_ms / 1000.0
        self.record = record
        self.memo = memo
        self.remembered = 0
        self.recording = []
        self.requests = 0
        self.errors = 0
        self.by_operation = {}
        self.by_account = {}
        self.in_flight = 0
        self.peak = 0
        self.area = 0.0  # integral of requests in flight over time
        self.first = None
        self.last = None
        self.mark = None

    def _tick(self, now):
        if self.mark is not None:
            self.area += self.in_flight * (now - self.mark)
        self.mark = now

    def start(self):
        with self.lock:
            now = time.monotonic()
            self._tick(now)
            self.in_flight += 1
            self.peak = max(self.peak, self.in_flight)
            if self.first is None:
                self.first = now
            return self.delay, self.record, self.memo

    def end(self, operation, account, status, request, remembered):
        with self.lock:
            self.remembered += remembered
            now = time.monotonic()
            self._tick(now)
            self.in_flight -= 1
            self.last = now
            self.requests += 1
            self.errors += status >= 400
            self.by_operation[operation] = self.by_operation.get(operation, 0) + 1
            self.by_account[account] = self.by_account.get(account, 0) + 1
            if request is not None:
                self.recording.append(request)

    def snapshot(self):
        with self.lock:
            busy = (self.last - self.first) if self.first is not None and self.last else 0.0
            return {"requests": self.requests, "errors": self.errors,
                    "peak_in_flight": self.peak,
                    "mean_in_flight": round(self.area / busy, 2) if busy else 0.0,
                    "busy_seconds": round(busy, 3), "delay_ms": round(self.delay * 1000),
                    "from_memory": self.remembered,
                    "by_operation": self.by_operation, "by_account": self.by_account}


def operation_of(headers, path, body):
    target = headers.get("X-Amz-Target")
    if target:
        return target.rsplit(".", 1)[-1]
    if body.startswith(b"Action="):
        return body.split(b"&", 1)[0][7:].decode(errors="replace")
    query = urllib.parse.urlsplit(path).query
    return "s3:" + (query.split("=")[0] if query else "ListBuckets")


def key_id_of(headers):
    auth = headers.get("Authorization", "")
    return auth.split("Credential=", 1)[1].split("/", 1)[0] if "Credential=" in auth else ""


def scope_of(headers):
    """The region and service a request is signed for (moto picks its
    backend by them), without the key and the day."""
    auth = headers.get("Authorization", "")
    parts = auth.split("Credential=", 1)[1].split(",", 1)[0].split("/") if "Credential=" in auth else []
    return "/".join(parts[2:4])


class Proxy(proxy_base.Handler):
    def control(self):
        server = self.server
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        if url.path == "/__bench/stats":
            body = json.dumps(server.stats.snapshot()).encode()
        elif url.path == "/__bench/reset":
            server.stats = Stats(float(query.get("delay_ms", 50)), query.get("record", "1") == "1",
                                 query.get("memo", "0") == "1")
            body = b"{}"
        elif url.path == "/__bench/dump":
            with server.stats.lock:
                lines = list(server.stats.recording)
            with open(query["file"], "w") as f:
                for line in lines:
                    f.write(json.dumps(line) + "\n")
            body = json.dumps({"requests": len(lines)}).encode()
        else:
            self.reply(404, [], b"")
            return
        self.reply(200, [("Content-Type", "application/json")], body)

    def handle_one(self):
        body = self.read_body()
        if self.path.startswith("/__bench/"):
            self.control()
            return
        stats = self.server.stats
        delay, record, memo = stats.start()
        status, headers, data = 502, [], b""
        account = self.server.accounts.get(key_id_of(self.headers), "caller")
        key = (account, scope_of(self.headers), self.command, self.path,
               self.headers.get("X-Amz-Target"), body)
        answer = self.server.memory.get(key) if memo else None
        try:
            time.sleep(delay)
            status, headers, data = answer or self.forward(body)
            self.server.memory[key] = (status, headers, data)
            self.learn_account(body, data)
        except OSError as e:
            data = ("proxy: upstream: %s" % e).encode()
        finally:
            request = None
            if record:
                request = {"method": self.command, "path": self.path,
                           "headers": [[k, v] for k, v in self.headers.items()],
                           "body": base64.b64encode(body).decode()}
            stats.end(operation_of(self.headers, self.path, body), account, status, request,
                      answer is not None)
        self.reply(status, headers, data)

    def learn_account(self, body, data):
        if b"Action=AssumeRole" not in body:
            return
        form = urllib.parse.parse_qs(body.decode(errors="replace"))
        account = ARN_ACCOUNT.match(form.get("RoleArn", [""])[0])
        key = KEY_ID.search(data)
        if form.get("Action") == ["AssumeRole"] and account and key:
            self.server.accounts[key.group(1).decode()] = account.group(1)

    do_GET = do_POST = do_PUT = do_DELETE = handle_one


class Server(proxy_base.Server):
    request_queue_size = 256  # a burst of connections at the start


def orphaned(parent):
    """Exits once the process that started the proxy is gone (killed before
    it could stop the proxy), so no proxy outlives its benchmark."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--upstream", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--delay-ms", type=float, default=50)
    args = ap.parse_args()
    server = proxy_base.make_server(Proxy, args.upstream, Server, stats=Stats(args.delay_ms),
                                    accounts={}, memory={})
    threading.Thread(target=orphaned, args=(os.getppid(),), daemon=True).start()
    proxy_base.serve(server, args.port_file)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Send recorded requests again, N at a time, as fast as the server answers.

    replay.py --target URL --file RECORDING --concurrency N

RECORDING is delay_proxy.py's dump (JSON lines: method, path, headers, body
in base64).  N threads each take the next request, send it byte for byte
(same headers, so the same signature and account) over a kept-alive
connection, and read the whole answer: a client that does nothing else,
so its wall time is what the server can give at that concurrency.  Prints
JSON: requests, seconds, answers by status class.
"""
import argparse
import base64
import http.client
import json
import sys
import threading
import time
import urllib.parse

HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "content-length"}


def load(path):
    with open(path) as f:
        return [(r["method"], r["path"],
                 [(k, v) for k, v in r["headers"] if k.lower() not in HOP],
                 base64.b64decode(r["body"])) for r in map(json.loads, f)]


class Replay:
    def __init__(self, host, port, requests):
        self.host, self.port = host, port
        self.requests = requests
        self.next = 0
        self.lock = threading.Lock()
        self.statuses = {}

    def take(self):
        with self.lock:
            if self.next >= len(self.requests):
                return None
            self.next += 1
            return self.requests[self.next - 1]

    def send(self, conn, request):
        method, path, headers, body = request
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for name, value in headers:
            conn.putheader(name, value)
        conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        resp = conn.getresponse()
        resp.read()
        return resp.status, resp.will_close

    def worker(self):
        conn = None
        while (request := self.take()) is not None:
            for attempt in (1, 2):  # a kept-alive connection the server closed
                conn = conn or http.client.HTTPConnection(self.host, self.port, timeout=60)
                try:
                    status, closed = self.send(conn, request)
                    break
                except (ConnectionError, http.client.HTTPException):
                    conn.close()
                    conn = None
                    if attempt == 2:
                        raise
            if closed:
                conn.close()
                conn = None
            with self.lock:
                key = f"{status // 100}xx"
                self.statuses[key] = self.statuses.get(key, 0) + 1
        if conn:
            conn.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--target", required=True)
    ap.add_argument("--file", required=True)
    ap.add_argument("--concurrency", type=int, required=True)
    args = ap.parse_args()
    url = urllib.parse.urlsplit(args.target)
    replay = Replay(url.hostname, url.port or 80, load(args.file))
    threads = [threading.Thread(target=replay.worker) for _ in range(args.concurrency)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.monotonic() - t0
    json.dump({"requests": len(replay.requests), "seconds": round(seconds, 3),
               "statuses": replay.statuses}, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())

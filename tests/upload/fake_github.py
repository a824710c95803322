#!/usr/bin/env python3
"""A fake GitHub code scanning API for tests/upload/run.sh.

Listens on 127.0.0.1 (a free port, written to --port-file), checks every
request as GitHub's REST documentation describes it and answers from a
scenario.  The scenario is a JSON file (--scenario) read again on each
request, so one server serves every case: when its text changes, the
answers start over.  Its members:

    log        file to append one line per request to, written before the
               answer goes out (a client that has its answer finds the line):
                   REQ <METHOD> <PATH> -> <STATUS>
               and one per way the request differs from what GitHub documents:
                   PROBLEM <what>
    sarif      the file the upload must carry, byte for byte
    token, repo, commit, ref, tool_name (default trailscan), checkout_uri,
    started_at (absent unless given)     what the request must say
    upload     answers to POST, comma-separated, used in order, the last
               repeating: 202 400 403 403-ratelimit 404 413 422 500 503 307
               503-retry-after (Retry-After: 50) echo-400, or stall: the whole request is read, logged as
               "-> stall", and never answered (the connection stays open
               until the client closes it, at most 120 s)
               (default 202)
    poll       answers to GET: pending complete failed, or a status as above
               (default complete)

Requests are served on a thread each, so a stalled one holds up no other.
"""
import argparse
import base64
import binascii
import gzip
import json
import os
import re
import select
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

UPLOAD_ID = "47177e22-5596-11eb-80a1-c1e54ef945c6"
FIELDS = {"commit_sha", "ref", "sarif", "checkout_uri", "started_at", "tool_name", "validate"}
MESSAGES = {
    400: "Invalid request.\n\nsarif: not valid base64 (fake)",
    403: "Resource not accessible by integration",
    404: "Not Found",
    413: "Payload Too Large",
    422: "Unprocessable Entity: ref does not exist (fake)",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


class Fake:
    def __init__(self, path):
        self.path = path
        self.text = None
        self.s = {}

    def load(self):
        """Rereads the scenario; a changed one starts its answers over."""
        with open(self.path, encoding="utf-8") as f:
            text = f.read()
        if text != self.text:
            self.text = text
            self.s = {"tool_name": "trailscan", "upload": "202", "poll": "complete"}
            self.s.update(json.loads(text))
            self.uploads = self.s["upload"].split(",")
            self.polls = self.s["poll"].split(",")
            with open(self.s["sarif"], "rb") as f:
                self.sarif = f.read()
        return self.s

    def next_answer(self, queue):
        return queue.pop(0) if len(queue) > 1 else queue[0]

    def log(self, lines):
        """Appends lines in one write, so that threads never interleave."""
        text = "".join(line.replace("\n", "\\n") + "\n" for line in lines)
        with open(self.s["log"], "a", encoding="utf-8") as f:
            f.write(text)


def check_headers(fake, h, problems, post):
    if h.get("Authorization") != "Bearer " + fake.s["token"]:
        problems.append("Authorization is not 'Bearer <the token>'")
    if h.get("Accept") != "application/vnd.github+json":
        problems.append("Accept is %r" % h.get("Accept"))
    if h.get("X-GitHub-Api-Version") != "2022-11-28":
        problems.append("X-GitHub-Api-Version is %r" % h.get("X-GitHub-Api-Version"))
    if not (h.get("User-Agent") or "").startswith("trailscan/"):
        problems.append("User-Agent is %r" % h.get("User-Agent"))
    if post and (h.get("Content-Type") or "").split(";")[0] != "application/json":
        problems.append("Content-Type is %r" % h.get("Content-Type"))


def check_upload(fake, body, problems):
    a = fake.s
    try:
        doc = json.loads(body)
    except ValueError as e:
        problems.append("body is not JSON: %s" % e)
        return
    if not isinstance(doc, dict):
        problems.append("body is not a JSON object")
        return
    for k in sorted(set(doc) - FIELDS):
        problems.append("unknown field %r" % k)
    for k in ("commit_sha", "ref", "sarif"):
        if not isinstance(doc.get(k), str):
            problems.append("required field %r missing or not a string" % k)
    sha = doc.get("commit_sha", "")
    if not re.fullmatch(r"[0-9a-fA-F]{40}", str(sha)):
        problems.append("commit_sha %r is not 40 hex digits" % sha)
    if not re.fullmatch(r"refs/(heads|tags|pull)/.+", str(doc.get("ref"))):
        problems.append("ref %r is not a full Git ref" % doc.get("ref"))
    for k, want in (("commit_sha", a.get("commit")), ("ref", a.get("ref")),
                    ("tool_name", a.get("tool_name")), ("checkout_uri", a.get("checkout_uri")),
                    ("started_at", a.get("started_at"))):
        if doc.get(k) != want:
            problems.append("%s %r, wanted %r" % (k, doc.get(k), want))
    if "started_at" in doc and not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ",
                                                str(doc["started_at"])):
        problems.append("started_at %r is not YYYY-MM-DDTHH:MM:SSZ" % doc["started_at"])
    try:
        packed = base64.b64decode(doc.get("sarif", ""), validate=True)
    except (binascii.Error, ValueError) as e:
        problems.append("sarif is not base64: %s" % e)
        return
    if packed[:2] != b"\x1f\x8b":
        problems.append("sarif is not gzip (no gzip magic)")
        return
    try:
        sarif = gzip.decompress(packed)
    except OSError as e:
        problems.append("sarif does not gunzip: %s" % e)
        return
    if sarif != fake.sarif:
        problems.append("sarif differs from the file (%d bytes, file %d)"
                        % (len(sarif), len(fake.sarif)))


class Handler(BaseHTTPRequestHandler):
    server_version = "FakeGitHub/1"

    def log_message(self, fmt, *args):  # quiet: the log file says it all
        pass

    def log_request_first(self, status):
        """The request's log lines, before any byte of the answer: the test
        reads the log as soon as trailscan exits."""
        self.server.fake.log(["REQ %s %s -> %s" % (self.command, self.path, status)]
                             + ["PROBLEM " + p for p in self.problems])

    def stall(self):
        """Never answers: waits for the client to give up (or 120 s)."""
        self.log_request_first("stall")
        self.close_connection = True
        try:
            select.select([self.connection], [], [], 120)
        except OSError:
            pass
        return "stall"

    def answer(self, status, doc, headers=()):
        body = json.dumps(doc).encode()
        self.log_request_first(status)
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)
        return status

    def error_answer(self, kind, auth):
        if kind == "stall":
            return self.stall()
        if kind == "echo-400":  # a hostile or broken server echoing the request
            return self.answer(400, {"message": "bad request from " + (auth or "")})
        if kind == "403-ratelimit":
            return self.answer(403, {"message": "API rate limit exceeded"},
                               [("X-RateLimit-Remaining", "0"),
                                ("X-RateLimit-Reset", "1767225600")])
        if kind == "503-retry-after":
            return self.answer(503, {"message": MESSAGES[503]}, [("Retry-After", "50")])
        if kind == "307":
            return self.answer(307, {"message": "Moved"},
                               [("Location", "http://elsewhere.invalid/steal")])
        status = int(kind)
        return self.answer(status, {"message": MESSAGES.get(status, "error"),
                                    "documentation_url": "https://docs.github.com/rest"})

    def do_POST(self):
        fake = self.server.fake
        fake.load()
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n)
        problems = self.problems = []
        want = "/repos/%s/code-scanning/sarifs" % fake.s["repo"]
        if self.path != want:
            problems.append("POST path %s, wanted %s" % (self.path, want))
        check_headers(fake, self.headers, problems, True)
        check_upload(fake, body, problems)
        kind = fake.next_answer(fake.uploads)
        if kind == "202":
            self.answer(202, {"id": UPLOAD_ID, "url": "http://%s:%d/repos/%s/"
                                       "code-scanning/sarifs/%s" % (*self.server.server_address,
                                                                    fake.s["repo"], UPLOAD_ID)})
        else:
            self.error_answer(kind, self.headers.get("Authorization"))

    def do_GET(self):
        fake = self.server.fake
        fake.load()
        problems = self.problems = []
        want = "/repos/%s/code-scanning/sarifs/%s" % (fake.s["repo"], UPLOAD_ID)
        if self.path != want:
            problems.append("GET path %s, wanted %s" % (self.path, want))
        check_headers(fake, self.headers, problems, False)
        kind = fake.next_answer(fake.polls)
        url = "http://127.0.0.1/repos/%s/code-scanning/analyses?sarif_id=%s" % (
            fake.s["repo"], UPLOAD_ID)
        if kind in ("pending", "complete"):
            self.answer(200, {"processing_status": kind, "analyses_url": url,
                                       "errors": None})
        elif kind == "failed":
            self.answer(200, {"processing_status": "failed", "analyses_url": None,
                                       "errors": ["locationFromSarifResult: expected artifact"
                                                  " location", "runs[0]: too many results"]})
        else:
            self.error_answer(kind, self.headers.get("Authorization"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--scenario", required=True, help="JSON file, read on each request")
    ap.add_argument("--tls", metavar="CERT,KEY", help="serve https with this certificate")
    args = ap.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.fake = Fake(args.scenario)
    if args.tls:
        import ssl
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(*args.tls.split(","))
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(args.port_file + ".tmp", args.port_file)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What the credential stand-ins share (python3 stdlib only).

Each stand-in listens on 127.0.0.1 on a free port, writes that port to
--port-file (atomically, once it listens) and prints it, and appends one
line per request to --log *before* answering, so a test that reads the log
after its client finished sees every request.  Log lines never hold a
secret: they say whether a token was right, not what it was.

The credentials a stand-in hands out come from --creds FILE, read again on
every request (a test swaps the file to hand out new keys): a JSON object
with AccessKeyId, SecretAccessKey, SessionToken, Expiration (ISO 8601).
"""
import argparse
import http.server
import json
import os
import sys
import threading

LOG_LOCK = threading.Lock()


def arguments(doc):
    ap = argparse.ArgumentParser(description=doc)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--creds", required=True, help="JSON credentials to hand out")
    return ap


def log(path, line):
    with LOG_LOCK, open(path, "a") as f:
        f.write(line + "\n")
        f.flush()


def read_creds(path):
    with open(path) as f:
        return json.load(f)


def read_text(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return ""


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    args = None

    def log_message(self, fmt, *a):  # the --log file only
        pass

    def note(self, what):
        log(self.args.log, "%s %s %s" % (self.command, self.path.split("?")[0], what))

    def answer(self, status, body, ctype="application/json", headers=()):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)


def serve(handler, args):
    handler.args = args
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    srv.daemon_threads = True
    port = srv.server_address[1]
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % port)
    os.replace(tmp, args.port_file)
    print(port, flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit("a module for the stand-ins, not a program")

#!/usr/bin/env python3
"""An EC2 instance metadata service (IMDSv2 only) on 127.0.0.1.

PUT /latest/api/token needs X-aws-ec2-metadata-token-ttl-seconds (1 to
21600, else 400) and answers a fresh session token.  Every GET needs a
valid token in X-aws-ec2-metadata-token, else 401 (what IMDS does with
HttpTokens=required).  GET /latest/meta-data/iam/security-credentials/ is
the role's name (--role); .../<role> its credentials (from --creds) in
IMDS's shape (Code, LastUpdated, Type, AccessKeyId, SecretAccessKey,
Token, Expiration).  --refuse-tokens: tokens are handed out but never
accepted (as after they expired).  --v1-only: an old service without
the token API (PUT answers 403, as IMDS does when a hop limit or policy
blocks it) that answers GETs without a token.  Log lines: "PUT /latest/api/token ok",
"GET <path> token=valid|invalid|none".
"""
import secrets
import sys
import threading
import time

import standin

TOKENS = {}
LOCK = threading.Lock()


class IMDS(standin.Handler):
    def do_PUT(self):
        ttl = self.headers.get("X-aws-ec2-metadata-token-ttl-seconds", "")
        if self.path != "/latest/api/token":
            self.note("not-found")
            return self.answer(404, "", "text/plain")
        if self.args.v1_only:
            self.note("forbidden")
            return self.answer(403, "", "text/plain")
        if not ttl.isdigit() or not 1 <= int(ttl) <= 21600:
            self.note("bad-ttl")
            return self.answer(400, "", "text/plain")
        tok = secrets.token_urlsafe(32)
        with LOCK:
            TOKENS[tok] = time.time() + int(ttl)
        self.note("ok")
        self.answer(200, tok, "text/plain")

    def token_state(self):
        tok = self.headers.get("X-aws-ec2-metadata-token")
        if tok is None:
            return "none"
        with LOCK:
            good = tok in TOKENS and TOKENS[tok] > time.time()
        return "valid" if good and not self.args.refuse_tokens else "invalid"

    def do_GET(self):
        state = self.token_state()
        self.note("token=" + state)
        if state != "valid" and not (self.args.v1_only and state == "none"):
            return self.answer(401, "", "text/plain")
        base = "/latest/meta-data/iam/security-credentials/"
        if self.path == base:
            return self.answer(200, self.args.role, "text/plain")
        if self.path == base + self.args.role:
            c = standin.read_creds(self.args.creds)
            body = {"Code": "Success", "LastUpdated": "2024-01-01T00:00:00Z",
                    "Type": "AWS-HMAC", "AccessKeyId": c["AccessKeyId"],
                    "SecretAccessKey": c["SecretAccessKey"], "Token": c["SessionToken"],
                    "Expiration": c["Expiration"]}
            return self.answer(200, standin.json.dumps(body), "text/plain")
        self.answer(404, "", "text/plain")


def main():
    ap = standin.arguments(__doc__)
    ap.add_argument("--role", default="trailscan-instance-role")
    ap.add_argument("--refuse-tokens", action="store_true")
    ap.add_argument("--v1-only", action="store_true")
    return standin.serve(IMDS, ap.parse_args())


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""A container credentials endpoint (ECS, EKS Pod Identity) on 127.0.0.1.

GET --path (default /v2/credentials/task) with the Authorization header
equal to the token in --token-file (read again on every request, so a test
rotates it; an empty file accepts none): 200 with AccessKeyId,
SecretAccessKey, Token, Expiration, RoleArn from --creds.  A missing or
wrong token: 401 (the ECS agent answers 401/403 too).  Log lines:
"GET <path> auth=valid|invalid|none".
"""
import hmac
import sys

import standin


class Container(standin.Handler):
    def do_GET(self):
        want = standin.read_text(self.args.token_file)
        got = self.headers.get("Authorization")
        state = "none" if got is None else (
            "valid" if want and hmac.compare_digest(got, want) else "invalid")
        self.note("auth=" + state)
        if self.path != self.args.path:
            return self.answer(404, '{"message":"not found"}')
        if state != "valid":
            return self.answer(401, '{"message":"unauthorized"}')
        c = standin.read_creds(self.args.creds)
        body = {"AccessKeyId": c["AccessKeyId"], "SecretAccessKey": c["SecretAccessKey"],
                "Token": c["SessionToken"], "Expiration": c["Expiration"],
                "RoleArn": "arn:aws:iam::123456789012:role/task"}
        self.answer(200, standin.json.dumps(body))


def main():
    ap = standin.arguments(__doc__)
    ap.add_argument("--token-file", required=True)
    ap.add_argument("--path", default="/v2/credentials/task")
    return standin.serve(Container, ap.parse_args())


if __name__ == "__main__":
    sys.exit(main())

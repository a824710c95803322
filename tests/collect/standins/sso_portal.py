#!/usr/bin/env python3
"""The IAM Identity Center portal's GetRoleCredentials on 127.0.0.1.

GET /federation/credentials?account_id=A&role_name=R with header
x-amz-sso_bearer_token equal to the token in --token-file (read on every
request; an empty file or the word "expired" accepts none, as after the
session expired): 200 {"roleCredentials": {accessKeyId, secretAccessKey,
sessionToken, expiration (ms)}} from --creds.  A missing or wrong token:
401 UnauthorizedException (x-amzn-errortype, as the portal answers).
Another account or role than --account/--role: 403 ForbiddenException.
Log lines: "GET /federation/credentials bearer=valid|invalid|none
account=A role=R".

It is also SSO OIDC's CreateToken (POST /token, JSON): with grantType
refresh_token, clientId --client-id, clientSecret and refreshToken equal
to the contents of --client-secret-file and --refresh-file, it issues a new
access token (written to --token-file, so the portal accepts it from then
on) and a new refresh token (written to --refresh-file); else 400
InvalidGrantException.  Log lines: "POST /token refresh=valid|invalid".
"""
import datetime
import hmac
import json
import secrets
import sys
import urllib.parse

import standin


def ms(iso):
    t = datetime.datetime.strptime(iso.replace("+00:00", "Z"), "%Y-%m-%dT%H:%M:%SZ")
    return int(t.replace(tzinfo=datetime.timezone.utc).timestamp() * 1000)


class Portal(standin.Handler):
    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(url.query)
        want = standin.read_text(self.args.token_file)
        got = self.headers.get("x-amz-sso_bearer_token")
        ok = got is not None and want not in ("", "expired") and hmac.compare_digest(got, want)
        state = "none" if got is None else ("valid" if ok else "invalid")
        acct, role = q.get("account_id", [""])[0], q.get("role_name", [""])[0]
        self.note("bearer=%s account=%s role=%s" % (state, acct, role))
        if url.path != "/federation/credentials":
            return self.answer(404, '{"message":"not found"}')
        if not ok:
            return self.answer(401, '{"message":"Session token not found or invalid"}',
                               headers=[("x-amzn-errortype", "UnauthorizedException:")])
        if acct != self.args.account or role != self.args.role:
            return self.answer(403, '{"message":"No access"}',
                               headers=[("x-amzn-errortype", "ForbiddenException:")])
        c = standin.read_creds(self.args.creds)
        body = {"roleCredentials": {
            "accessKeyId": c["AccessKeyId"], "secretAccessKey": c["SecretAccessKey"],
            "sessionToken": c["SessionToken"], "expiration": ms(c["Expiration"])}}
        self.answer(200, standin.json.dumps(body))


    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        try:
            req = json.loads(self.rfile.read(n) or b"{}")
        except ValueError:
            req = {}
        a = self.args
        good = (self.path == "/token" and req.get("grantType") == "refresh_token"
                and req.get("clientId") == a.client_id
                and same(req.get("clientSecret"), standin.read_text(a.client_secret_file))
                and same(req.get("refreshToken"), standin.read_text(a.refresh_file)))
        self.note("refresh=" + ("valid" if good else "invalid"))
        if not good:
            return self.answer(400, '{"error":"invalid_grant"}',
                               headers=[("x-amzn-errortype", "InvalidGrantException:")])
        access, refresh = "refreshed-" + secrets.token_hex(16), "rt-" + secrets.token_hex(16)
        for path, value in ((a.token_file, access), (a.refresh_file, refresh)):
            with open(path + ".tmp", "w") as f:
                f.write(value)
            standin.os.replace(path + ".tmp", path)
        self.answer(200, json.dumps({"accessToken": access, "expiresIn": 3600,
                                     "refreshToken": refresh, "tokenType": "Bearer"}))


def same(got, want):
    return isinstance(got, str) and bool(want) and hmac.compare_digest(got, want)


def main():
    ap = standin.arguments(__doc__)
    ap.add_argument("--token-file", required=True)
    ap.add_argument("--account", default="123456789012")
    ap.add_argument("--role", default="Audit")
    ap.add_argument("--client-id", default="trailscan-test-client")
    ap.add_argument("--client-secret-file", default="/dev/null")
    ap.add_argument("--refresh-file", default="/dev/null")
    return standin.serve(Portal, ap.parse_args())


if __name__ == "__main__":
    sys.exit(main())

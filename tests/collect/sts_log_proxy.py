#!/usr/bin/env python3
"""A proxy in front of moto that logs what each STS request asked for.

    sts_log_proxy.py --upstream URL --port-file FILE --log FILE

Every request is forwarded unchanged.  Before the answer goes back, one
JSON line is appended to --log: the query Action, whether the request was
signed, and of AssumeRole / AssumeRoleWithWebIdentity parameters RoleArn,
RoleSessionName, ExternalId, DurationSeconds and SerialNumber; for
TokenCode and WebIdentityToken only whether they were sent (they are
secrets: the test greps the log for them).

--web-identity FILE makes the proxy STS's web identity side, as moto's
signature checking cannot take the unsigned call: AssumeRoleWithWebIdentity
is answered here, only when its token is the one FILE holds now (else 400
InvalidIdentityToken; one that ends in "-expired" gets 400
ExpiredTokenException), with keys from moto's AssumeRole for the same role
(signed with STANDIN_KEY_ID / STANDIN_SECRET from the environment, so
moto maps them to the role's account) that expire in --expiry seconds;
then FILE is rotated (a new token written in its place, as an OIDC token
writer does).  Its log line says whether the token was the current one.

Listens on 127.0.0.1, on a free port it writes to --port-file once it
listens.
"""
import datetime
import argparse
import json
import os
import sys
import threading
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import proxy_base  # noqa: E402

LOCK = threading.Lock()
KEPT = ("RoleArn", "RoleSessionName", "ExternalId", "DurationSeconds", "SerialNumber")
PRESENT = ("TokenCode", "WebIdentityToken")


class Proxy(proxy_base.Handler):
    def handle_one(self):
        body = self.read_body()
        params = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
        extra = {}
        if self.server.web_identity and params.get("Action") == ["AssumeRoleWithWebIdentity"]:
            status, headers, data, extra = self.web_identity(params)
        else:
            status, headers, data = self.forward(body)
        self.record(body, status, extra)
        self.reply(status, headers, data)

    def web_identity(self, params):
        """The stand-in's answer: (status, headers, body, log fields)."""
        path = self.server.web_identity
        with LOCK:
            with open(path) as f:
                current = f.read().strip()
            sent = params.get("WebIdentityToken", [""])[0]
            if sent == current and current.endswith("-expired"):
                body = ("<ErrorResponse><Error><Type>Sender</Type><Code>ExpiredTokenException"
                        "</Code><Message>Token expired: current date/time must be before the "
                        "expiration date/time</Message></Error><RequestId>1</RequestId>"
                        "</ErrorResponse>").encode()
                return 400, {"Content-Type": "text/xml"}, body, {"token_current": True}
            if sent != current:
                body = ("<ErrorResponse><Error><Type>Sender</Type><Code>InvalidIdentityToken"
                        "</Code><Message>token is not current</Message></Error>"
                        "<RequestId>1</RequestId></ErrorResponse>").encode()
                return 400, {"Content-Type": "text/xml"}, body, {"token_current": False}
            self.server.rotations += 1
            with open(path + ".tmp", "w") as f:
                f.write("%s-r%d" % (current.split("-r")[0], self.server.rotations))
            os.rename(path + ".tmp", path)
        import boto3
        sts = boto3.client("sts", region_name="us-east-1", endpoint_url=self.server.upstream,
                           aws_access_key_id=os.environ["STANDIN_KEY_ID"],
                           aws_secret_access_key=os.environ["STANDIN_SECRET"])
        c = sts.assume_role(RoleArn=params["RoleArn"][0],
                            RoleSessionName=params["RoleSessionName"][0])["Credentials"]
        expires = (datetime.datetime.now(datetime.timezone.utc)
                   + datetime.timedelta(seconds=self.server.expiry))
        body = ("<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult>"
                "<Credentials><AccessKeyId>%s</AccessKeyId><SecretAccessKey>%s"
                "</SecretAccessKey><SessionToken>%s</SessionToken><Expiration>%s"
                "</Expiration></Credentials></AssumeRoleWithWebIdentityResult>"
                "<ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>"
                "</AssumeRoleWithWebIdentityResponse>" % (
                    c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"],
                    expires.strftime("%Y-%m-%dT%H:%M:%SZ"))).encode()
        return 200, {"Content-Type": "text/xml"}, body, {"token_current": True}

    def record(self, body, status, extra):
        params = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
        line = {"action": params.get("Action", [""])[0], "status": status,
                "signed": "Authorization" in self.headers}
        line.update(extra)
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
    ap.add_argument("--web-identity", help="the token file the stand-in checks and rotates")
    ap.add_argument("--expiry", type=int, default=3600)
    args = ap.parse_args()
    server = proxy_base.make_server(Proxy, args.upstream, log=args.log,
                                    web_identity=args.web_identity, expiry=args.expiry,
                                    rotations=0)
    proxy_base.serve(server, args.port_file)


if __name__ == "__main__":
    main()

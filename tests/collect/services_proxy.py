#!/usr/bin/env python3
"""A stand-in in front of moto for the services moto lacks or that clients
cannot reach at a local endpoint, and a fault injector for their tests.

    services_proxy.py --upstream URL --port-file FILE --log FILE
                      [--deny OPERATION]...

* GetEnabledStandards (Security Hub; moto has no such call): answered here.
  Where moto's DescribeHub answers (the hub is enabled in the region of the
  request's credential scope), one standard, CIS AWS Foundations 1.4.0,
  READY; else moto's own "not subscribed" error is passed on.
* An HTTP forward proxy too: botocore sends S3 Control requests to
  <account>.<endpoint host> even at a local endpoint, a name nothing
  resolves, so the AWS CLI route reaches moto with HTTP_PROXY set to this
  proxy.  Whatever the host, requests go to --upstream.
* --deny OP (repeatable): that operation is answered 403 AccessDenied, in
  the protocol's own error format (JSON __type, REST-JSON x-amzn-ErrorType,
  EC2 and query XML, S3 XML), never retried.
* --log: one JSON line per request, written before the answer: operation
  and status.

Operations are named from X-Amz-Target, the query Action, Security Hub's
and S3 Control's paths, and S3's sub-resource ("s3:logging").
"""
import argparse
import json
import os
import sys
import threading
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import proxy_base  # noqa: E402

LOCK = threading.Lock()
REST_PATHS = {("GET", "/accounts"): "DescribeHub", ("POST", "/standards/get"): "GetEnabledStandards",
              ("GET", "/v20180820/configuration/publicAccessBlock"): "s3control:GetPublicAccessBlock"}


def operation_of(method, path, headers, body):
    target = headers.get("X-Amz-Target")
    if target:
        return target.rsplit(".", 1)[-1]
    if body.startswith(b"Action="):
        return urllib.parse.parse_qs(body.decode())["Action"][0]
    parts = urllib.parse.urlsplit(path)
    if (method, parts.path) in REST_PATHS:
        return REST_PATHS[(method, parts.path)]
    return "s3:" + (parts.query.split("=")[0] if parts.query else "ListBuckets")


def denial(op, headers):
    """(content type, body, extra headers) of AccessDenied for op's protocol."""
    msg = "User is not authorized to perform %s (injected)" % op
    if headers.get("X-Amz-Target"):
        return ("application/x-amz-json-1.1",
                json.dumps({"__type": "AccessDeniedException", "message": msg}), {})
    if op in ("DescribeHub", "GetEnabledStandards"):
        return ("application/json", json.dumps({"Message": msg}),
                {"x-amzn-ErrorType": "AccessDeniedException"})
    if op.startswith(("s3:", "s3control:")):
        return ("application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
                "AccessDenied</Code><Message>%s</Message></Error>" % msg, {})
    if op.startswith("Describe"):   # EC2
        return ("text/xml", "<Response><Errors><Error><Code>UnauthorizedOperation</Code>"
                "<Message>%s</Message></Error></Errors><RequestID>1</RequestID></Response>"
                % msg, {})
    return ("text/xml", "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>"
            "<Message>%s</Message></Error></ErrorResponse>" % msg, {})


class Proxy(proxy_base.Handler):
    def local_path(self):
        """The path and query, also of a forward proxy's absolute URI."""
        parts = urllib.parse.urlsplit(self.path)
        return parts.path + ("?" + parts.query if parts.query else "")

    def handle_one(self):
        body = self.read_body()
        path = self.local_path()
        op = operation_of(self.command, path, self.headers, body)
        name = op.split(":", 1)[-1]
        if name in self.server.deny or op in self.server.deny:
            ctype, text, extra = denial(op, self.headers)
            status, headers, data = 403, dict(extra, **{"Content-Type": ctype}), text.encode()
        elif op == "GetEnabledStandards":
            status, headers, data = self.standards()
        else:
            status, headers, data = self.upstream_answer(self.command, path, body)
        self.record(op, status)
        self.reply(status, headers, data)

    def standards(self):
        status, headers, data = self.upstream_answer("GET", "/accounts", b"")
        if status != 200:
            return status, headers, data
        hub = json.loads(data)["HubArn"]     # arn:aws:securityhub:<region>:<account>:hub/default
        region, account = hub.split(":")[3:5]
        answer = {"StandardsSubscriptions": [{
            "StandardsSubscriptionArn": "arn:aws:securityhub:%s:%s:subscription/"
                                        "cis-aws-foundations-benchmark/v/1.4.0" % (region, account),
            "StandardsArn": "arn:aws:securityhub:%s::standards/"
                            "cis-aws-foundations-benchmark/v/1.4.0" % region,
            "StandardsInput": {},
            "StandardsStatus": "READY"}]}
        return 200, {"Content-Type": "application/json"}, json.dumps(answer).encode()

    def upstream_answer(self, method, path, body):
        """The upstream's answer to method and path (the local one: the AWS
        CLI sends a forward proxy's absolute URI), a GET's Content-Type
        left out."""
        return self.forward(body, method, path,
                            drop=("content-type",) if method == "GET" else ())

    def record(self, op, status):
        with LOCK, open(self.server.log, "a") as f:
            f.write(json.dumps({"operation": op, "status": status}) + "\n")

    do_GET = do_POST = do_PUT = do_DELETE = handle_one


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--upstream", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--deny", action="append", default=[])
    args = ap.parse_args()
    server = proxy_base.make_server(Proxy, args.upstream, deny=set(args.deny), log=args.log)
    proxy_base.serve(server, args.port_file)


if __name__ == "__main__":
    main()

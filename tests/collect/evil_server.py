#!/usr/bin/env python3
"""An AWS endpoint that misbehaves, for collect's robustness tests.

    evil_server.py --port-file FILE --log FILE

On 127.0.0.1, a free port written to FILE.  Answers:
  STS GetCallerIdentity      a normal answer (account 123456789012)
  DescribeTrails             no trails
  DescribeLogGroups          a page whose nextToken is always "SAME"
  DescribeMetricFilters      403 SignatureDoesNotMatch quoting the canonical
                             request, session token included (as AWS does)
  DescribeAlarms             400 "ThrottlingException:http://internal..." (a
                             __type with a suffix), every time
  S3 ListBuckets             a page whose ContinuationToken is always "T"
The log gets one line per request: the operation.
"""
import argparse
import http.server
import json
import os

IDENTITY = ("<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:"
            "user/x</Arn><UserId>AIDAX</UserId><Account>123456789012</Account>"
            "</GetCallerIdentityResult></GetCallerIdentityResponse>")
BUCKETS = ("<ListAllMyBucketsResult><Buckets><Bucket><Name>b</Name></Bucket></Buckets>"
           "<ContinuationToken>T</ContinuationToken></ListAllMyBucketsResult>")


class Evil(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body, ctype="application/x-amz-json-1.1"):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def handle_one(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        target = self.headers.get("X-Amz-Target", "")
        op = target.rsplit(".", 1)[-1] if target else (
            "GetCallerIdentity" if b"GetCallerIdentity" in body else "s3:" + self.path)
        with open(self.server.log, "a") as f:
            f.write(op + "\n")
        if op == "GetCallerIdentity":
            return self.answer(200, IDENTITY, "text/xml")
        if op.startswith("s3:"):
            return self.answer(200, BUCKETS, "application/xml")
        if op == "DescribeTrails":
            return self.answer(200, json.dumps({"trailList": []}))
        if op == "DescribeLogGroups":
            return self.answer(200, json.dumps({"logGroups": [{"logGroupName": "g"}],
                                                "nextToken": "SAME"}))
        if op == "DescribeMetricFilters":
            token = self.headers.get("X-Amz-Security-Token", "")
            msg = ("The request signature we calculated does not match the signature you "
                   "provided.\n\nThe Canonical String for this request should have been\n"
                   "'POST\n/\n\nhost:x\nx-amz-security-token:%s\n'" % token)
            return self.answer(403, "<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code>"
                               "<Message>%s</Message></Error></ErrorResponse>" % msg, "text/xml")
        if op == "DescribeAlarms":
            return self.answer(400, json.dumps(
                {"__type": "ThrottlingException:http://internal.amazon.com/coral/",
                 "message": "Rate exceeded"}))
        return self.answer(400, json.dumps({"__type": "UnknownOperation"}))

    do_GET = do_POST = handle_one


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    args = ap.parse_args()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Evil)
    server.log = args.log
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(args.port_file + ".tmp", args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()

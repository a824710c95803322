#!/usr/bin/env python3
"""An AWS endpoint that misbehaves, for collect's robustness tests.

    evil_server.py --port-file FILE --log FILE [--scenario NAME]

On 127.0.0.1, a free port written to FILE.  Answers (scenario "classic",
the default):
  STS GetCallerIdentity      a normal answer (account 123456789012)
  DescribeTrails             no trails
  DescribeLogGroups          a page whose nextToken is always "SAME"
  DescribeMetricFilters      403 SignatureDoesNotMatch quoting the canonical
                             request, session token included (as AWS does)
  DescribeAlarms             400 "ThrottlingException:http://internal..." (a
                             __type with a suffix), every time
  S3 ListBuckets             a page whose ContinuationToken is always "T"
Scenario "invalid" (answers `validate` would refuse in a snapshot, each
answered 200 OK; every region of DescribeRegions is collected):
  EC2 DescribeRegions        us-east-1 and "localzone" (no region name)
  DescribeTrails             one trail, t, in us-east-1
  GetTrailStatus             a member given twice
  GetEventSelectors          a string where botocore has a list
  DescribeLogGroups          page 1: "logGroups": null and a token; page 2:
                             one group
  DescribeMetricFilters      a string that is not UTF-8
  DescribeAlarms             arrays nested 997 deep (1002 in the snapshot)
  S3 ListBuckets             403 AccessDenied whose message is 600 bytes of
                             "é" (cut to fit, maybe inside a character)
Scenario "identity": GetCallerIdentity's ARN names partition "aws-evil".
Scenario "loop": DescribeLogGroups's tokens alternate A, B, A, B...;
  DescribeMetricFilters answers 20 KB pages, each with a new token, for 300
  pages; the rest is empty.
Every scenario answers what it does not name with an empty answer (EC2's
DescribeVpcs and DescribeFlowLogs, S3 Control and Security Hub included,
told apart by their paths), "classic" with 400 UnknownOperation.
The log gets one line per request: the operation (and the page token sent,
if any, after a space).
"""
import argparse
import http.server
import json
import os
import urllib.parse

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
        form = urllib.parse.parse_qs(body.decode("latin-1")) if not target else {}
        op = target.rsplit(".", 1)[-1] if target else (
            form["Action"][0] if "Action" in form else "s3:" + self.path)
        # Security Hub (REST-JSON) and S3 Control are told apart by path.
        if self.path in ("/accounts", "/standards/get"):
            op = "securityhub:" + self.path
        elif self.path.startswith("/v20180820/"):
            op = "s3control:" + self.path
        token = ""
        if target and body:
            token = json.loads(body).get("nextToken") or json.loads(body).get("NextToken") or ""
        # Logged before the answer: a test reading the log never races it.
        with open(self.server.log, "a") as f:
            f.write(op + (" " + token if token else "") + "\n")
        scenario = getattr(self, "scenario_" + self.server.scenario)
        return scenario(op, token)

    def scenario_identity(self, op, token):
        if op == "GetCallerIdentity":
            return self.answer(200, IDENTITY.replace("arn:aws:", "arn:aws-evil:"), "text/xml")
        return self.empty(op)

    def empty(self, op):
        if op.startswith("s3:"):
            return self.answer(200, "<ListAllMyBucketsResult><Buckets/></ListAllMyBucketsResult>",
                               "application/xml")
        if op == "GetCallerIdentity":
            return self.answer(200, IDENTITY, "text/xml")
        if op in ("DescribeVpcs", "DescribeFlowLogs"):
            return self.answer(200, "<%sResponse/>" % op, "text/xml")
        if op.startswith("s3control:"):
            return self.answer(200, "<PublicAccessBlockConfiguration/>", "application/xml")
        return self.answer(200, "{}")

    def scenario_loop(self, op, token):
        if op == "DescribeLogGroups":
            following = {"": "A", "A": "B", "B": "A"}[token]
            return self.answer(200, json.dumps({"logGroups": [{"logGroupName": "g" + token}],
                                                "nextToken": following}))
        if op == "DescribeMetricFilters":
            page = int(token[1:]) if token else 0
            answer = {"metricFilters": [{"filterName": "f%d" % page, "filterPattern": "x" * 20000}]}
            if page < 300:
                answer["nextToken"] = "p%d" % (page + 1)
            return self.answer(200, json.dumps(answer))
        return self.empty(op)

    def scenario_invalid(self, op, token):
        arn = "arn:aws:cloudtrail:us-east-1:123456789012:trail/t"
        if op == "DescribeRegions":
            return self.answer(200, "<DescribeRegionsResponse><regionInfo>"
                               "<item><regionName>us-east-1</regionName></item>"
                               "<item><regionName>localzone</regionName></item>"
                               "</regionInfo></DescribeRegionsResponse>", "text/xml")
        if op == "DescribeTrails":
            return self.answer(200, json.dumps({"trailList": [
                {"Name": "t", "TrailARN": arn, "HomeRegion": "us-east-1"}]}))
        if op == "GetTrailStatus":
            return self.answer(200, '{"IsLogging": true, "IsLogging": false}')
        if op == "GetEventSelectors":
            return self.answer(200, json.dumps({"TrailARN": arn, "EventSelectors": "all"}))
        if op == "DescribeLogGroups":
            if token:
                return self.answer(200, json.dumps({"logGroups": [{"logGroupName": "g"}]}))
            return self.answer(200, json.dumps({"logGroups": None, "nextToken": "p2"}))
        if op == "DescribeMetricFilters":
            data = b'{"metricFilters": [{"filterName": "bad \xff\xfe name"}]}'
            self.send_response(200)
            self.send_header("Content-Type", "application/x-amz-json-1.1")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return None
        if op == "DescribeAlarms":
            return self.answer(200, '{"MetricAlarms": [], "Deep": ' + "[" * 997 + "]" * 997 + "}")
        if op.startswith("s3:"):
            return self.answer(403, "<Error><Code>AccessDenied</Code><Message>" + "\u00e9" * 300 +
                               "</Message></Error>", "application/xml")
        return self.empty(op)

    def scenario_classic(self, op, token):
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
    ap.add_argument("--scenario", default="classic",
                    choices=["classic", "invalid", "identity", "loop"])
    args = ap.parse_args()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Evil)
    server.log = args.log
    server.scenario = args.scenario
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(args.port_file + ".tmp", args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()

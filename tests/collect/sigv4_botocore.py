#!/usr/bin/env python3
"""trailscan's SigV4 signer against botocore's, on the requests the collector
really sends: CloudTrail and CloudWatch Logs JSON POSTs with X-Amz-Target,
STS/SNS/CloudWatch query POSTs, S3 GETs with sub-resources and list
parameters, a session token, paths that need encoding (S3: signed as sent;
other services: encoded once more) and a local endpoint with a port.

Each request is signed by botocore's SigV4Auth (S3SigV4Auth for s3) at a
fixed time and by trailscan (through sigv4_sign_tool); every header the
signer adds (X-Amz-Date, X-Amz-Security-Token, X-Amz-Content-SHA256,
Authorization) must be identical.

usage: sigv4_botocore.py PATH/TO/sigv4_sign_tool
Exit status 77 (skipped) when botocore is not importable.
"""
import calendar
import datetime
import os
import subprocess
import sys
from unittest import mock
from urllib.parse import urlsplit

try:
    import botocore.auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
except ImportError:
    print("skip: botocore is not importable (apt-get install python3-botocore)")
    sys.exit(77)

NOW = datetime.datetime(2026, 11, 25, 12, 0, 0)
AKID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
TOKEN = ("IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+token/with"
         "+plus/and/slash==")

CT_TARGET = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101."
FORM = "application/x-www-form-urlencoded; charset=utf-8"

# (name, service, region, method, url, headers, body, session token)
CASES = [
    ("cloudtrail DescribeTrails (JSON, X-Amz-Target)", "cloudtrail", "us-east-1", "POST",
     "https://cloudtrail.us-east-1.amazonaws.com/",
     {"Content-Type": "application/x-amz-json-1.1",
      "X-Amz-Target": CT_TARGET + "DescribeTrails"},
     b'{"includeShadowTrails": true}', None),
    ("cloudtrail GetEventSelectors, local endpoint with a port", "cloudtrail", "eu-west-1",
     "POST", "http://127.0.0.1:5000/",
     {"Content-Type": "application/x-amz-json-1.1",
      "X-Amz-Target": CT_TARGET + "GetEventSelectors"},
     b'{"TrailName": "arn:aws:cloudtrail:eu-west-1:123456789012:trail/org trail"}', None),
    ("logs DescribeLogGroups with a session token", "logs", "ap-southeast-2", "POST",
     "https://logs.ap-southeast-2.amazonaws.com/",
     {"Content-Type": "application/x-amz-json-1.1",
      "X-Amz-Target": "Logs_20140328.DescribeLogGroups"},
     b'{"nextToken": "abc/def+ghi=="}', TOKEN),
    ("sts GetCallerIdentity (query POST)", "sts", "us-east-1", "POST",
     "https://sts.amazonaws.com/", {"Content-Type": FORM},
     b"Action=GetCallerIdentity&Version=2011-06-15", None),
    ("sns ListSubscriptionsByTopic (query POST, encoded ARN)", "sns", "eu-central-1", "POST",
     "https://sns.eu-central-1.amazonaws.com/", {"Content-Type": FORM},
     b"Action=ListSubscriptionsByTopic&Version=2010-03-31&TopicArn="
     b"arn%3Aaws%3Asns%3Aeu-central-1%3A123456789012%3Aalarms", TOKEN),
    ("monitoring DescribeAlarms (query POST)", "monitoring", "us-west-2", "POST",
     "https://monitoring.us-west-2.amazonaws.com/", {"Content-Type": FORM},
     b"Action=DescribeAlarms&Version=2010-08-01&NextToken=a%2Bb%2Fc%3D", None),
    ("s3 ListBuckets", "s3", "us-east-1", "GET", "https://s3.amazonaws.com/", {}, b"", None),
    ("s3 GetBucketLogging (?logging)", "s3", "eu-west-1", "GET",
     "https://s3.eu-west-1.amazonaws.com/my-trail-bucket?logging", {}, b"", None),
    ("s3 GetBucketPolicyStatus (?policyStatus), token", "s3", "eu-west-1", "GET",
     "https://my-trail-bucket.s3.eu-west-1.amazonaws.com/?policyStatus", {}, b"", TOKEN),
    ("s3 ListObjectsV2 with continuation-token", "s3", "us-east-2", "GET",
     "https://s3.us-east-2.amazonaws.com/my-trail-bucket?list-type=2&prefix=AWSLogs%2F"
     "&continuation-token=1%2Fab%2Bcd%3D%3D&encoding-type=url", {}, b"", None),
    ("s3 key that needs encoding (signed as sent)", "s3", "us-east-1", "GET",
     "https://s3.amazonaws.com/my-bucket/AWSLogs/a%20b//%C3%A9t%C3%A9%2Bx.json.gz",
     {}, b"", None),
    ("lambda path with an encoded ARN (encoded twice)", "lambda", "us-east-1", "GET",
     "https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/"
     "arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Amy-fn/configuration",
     {}, b"", None),
    ("path with dot segments and doubled slashes (non-S3)", "service", "us-east-1", "GET",
     "https://example.amazonaws.com//a/./b/../c%20d/", {}, b"", None),
]

ADDED = ("x-amz-date", "x-amz-security-token", "x-amz-content-sha256", "authorization")


def botocore_headers(service, region, method, url, headers, body, token):
    request = AWSRequest(method=method, url=url, headers=dict(headers), data=body)
    cls = botocore.auth.S3SigV4Auth if service == "s3" else botocore.auth.SigV4Auth
    signer = cls(Credentials(AKID, SECRET, token), service, region)
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=NOW):
        signer.add_auth(request)
    return {k.lower(): v for k, v in request.headers.items() if k.lower() in ADDED}


def trailscan_headers(tool, service, region, method, url, headers, body, token):
    parts = urlsplit(url)
    target = parts.path + ("?" + parts.query if parts.query else "")
    # The Host header botocore signs when none is set: the URL's, default port dropped.
    host = botocore.auth._host_from_url(url)
    raw = f"{method} {target} HTTP/1.1\nHost: {host}\n"
    raw += "".join(f"{k}: {v}\n" for k, v in headers.items())
    raw = raw.encode() + b"\n" + body
    env = dict(os.environ, AWS_ACCESS_KEY_ID=AKID, AWS_SECRET_ACCESS_KEY=SECRET)
    env.pop("AWS_SESSION_TOKEN", None)
    if token:
        env["AWS_SESSION_TOKEN"] = token
    epoch = str(calendar.timegm(NOW.timetuple()))
    proc = subprocess.run([tool, "-v", region, service, epoch], input=raw, env=env,
                          capture_output=True, check=False)
    if proc.returncode != 0:
        return None, proc.stderr.decode(errors="replace")
    out = {}
    for line in proc.stdout.decode().splitlines():
        name, _, value = line.partition(": ")
        out[name.lower()] = value
    return out, proc.stderr.decode(errors="replace")


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    failures = 0
    for name, service, region, method, url, headers, body, token in CASES:
        want = botocore_headers(service, region, method, url, headers, body, token)
        got, detail = trailscan_headers(sys.argv[1], service, region, method, url, headers,
                                        body, token)
        if got == want:
            print(f"ok   {name}")
            continue
        failures += 1
        print(f"FAIL {name}\n  botocore:  {want}\n  trailscan: {got}\n{detail}")
    print(f"{len(CASES) - failures}/{len(CASES)} requests signed as botocore signs them")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Turn on moto's request authentication with a key its IAM knows.

    moto_auth.py --endpoint URL [--user NAME] [--policy-file FILE] [--no-switch]

Creates IAM user NAME in moto (account 123456789012) with an inline policy
(FILE, default: allow everything), creates an access key for it, then POSTs
to moto's /moto-api/reset-auth.  That endpoint's body is a bare number
(moto 5: `float(request.data)`; sent as text/plain, since a form content
type makes Flask swallow the body and moto answer 500), the count of requests still let through
unauthenticated; 0 means every request from now on must be signed with a
key that moto's IAM holds, and is then checked against the user's policies:
a wrong secret gets SignatureDoesNotMatch (403), an unknown key id
InvalidClientTokenId, a call the policy does not allow AccessDenied.

--no-switch only creates the user and key (make every user you need first:
once auth is on, these calls need a signed request themselves).

Prints "KEY_ID SECRET" on stdout (test credentials of a local moto only).
Undo with:
  curl -X POST -H 'Content-Type: text/plain' --data inf URL/moto-api/reset-auth
"""
import argparse
import json
import sys
import urllib.request

import boto3

ALLOW_ALL = {"Version": "2012-10-17",
             "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--endpoint", required=True)
    ap.add_argument("--user", default="trailscan-test")
    ap.add_argument("--policy-file", help="IAM policy JSON for the user")
    ap.add_argument("--no-switch", action="store_true",
                    help="leave moto's authentication as it is")
    args = ap.parse_args()

    policy = ALLOW_ALL
    if args.policy_file:
        with open(args.policy_file) as f:
            policy = json.load(f)
    iam = boto3.client("iam", region_name="us-east-1", endpoint_url=args.endpoint,
                       aws_access_key_id="testing", aws_secret_access_key="testing")
    iam.create_user(UserName=args.user)
    iam.put_user_policy(UserName=args.user, PolicyName="trailscan-test",
                        PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName=args.user)["AccessKey"]

    if args.no_switch:
        print(key["AccessKeyId"], key["SecretAccessKey"])
        return 0
    req = urllib.request.Request(args.endpoint + "/moto-api/reset-auth",
                                 data=b"0", method="POST",
                                 headers={"Content-Type": "text/plain"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        json.load(resp)
    print(key["AccessKeyId"], key["SecretAccessKey"])
    return 0


if __name__ == "__main__":
    sys.exit(main())

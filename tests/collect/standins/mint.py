#!/usr/bin/env python3
"""Temporary credentials moto accepts with its signature check on, for the
stand-ins to hand out: creates role NAME (once) in moto's account, trusted
by the user whose keys are MOTO_KEY_ID / MOTO_SECRET, and assumes it.
Writes {AccessKeyId, SecretAccessKey, SessionToken, Expiration} to OUT
(mode 600).  --expiration overrides the Expiration written (e.g. to test
refresh), not moto's own.

    mint.py --endpoint URL --out FILE [--role NAME] [--expires-in SECONDS]
(needs boto3: a test helper, not a stand-in)
"""
import argparse
import datetime
import json
import os
import sys

import boto3


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--endpoint", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--role", default="trailscan-standin")
    ap.add_argument("--expires-in", type=int, help="Expiration this many seconds from now")
    a = ap.parse_args()
    kw = dict(endpoint_url=a.endpoint, region_name="us-east-1",
              aws_access_key_id=os.environ["MOTO_KEY_ID"],
              aws_secret_access_key=os.environ["MOTO_SECRET"])
    iam, sts = boto3.client("iam", **kw), boto3.client("sts", **kw)
    me = sts.get_caller_identity()["Arn"]
    try:
        iam.get_role(RoleName=a.role)
    except iam.exceptions.NoSuchEntityException:
        trust = {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": me}, "Action": "sts:AssumeRole"}]}
        iam.create_role(RoleName=a.role, AssumeRolePolicyDocument=json.dumps(trust))
        iam.put_role_policy(RoleName=a.role, PolicyName="all", PolicyDocument=json.dumps(
            {"Version": "2012-10-17",
             "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    arn = me.split(":assumed-role")[0].replace(":sts:", ":iam:").rsplit(":", 1)[0]
    c = sts.assume_role(RoleArn="%s:role/%s" % (arn, a.role),
                        RoleSessionName="standin")["Credentials"]
    exp = c["Expiration"]
    if a.expires_in is not None:
        exp = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(
            seconds=a.expires_in)
    out = {"AccessKeyId": c["AccessKeyId"], "SecretAccessKey": c["SecretAccessKey"],
           "SessionToken": c["SessionToken"], "Expiration": exp.strftime("%Y-%m-%dT%H:%M:%SZ")}
    fd = os.open(a.out + ".tmp", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(out, f)
    os.replace(a.out + ".tmp", a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Roles for the credential-chain test, made in moto before its signature
checking is turned on.

    cred_chain_roles.py --endpoint URL ARN...

For each role ARN arn:aws:iam::ACCOUNT:role/NAME: AssumeRole into the
account (moto then maps the keys to ACCOUNT), and there create role NAME
trusting every principal, with an inline policy allowing everything, so
that with authentication on the role's keys may collect the account.
"""
import argparse
import json
import sys

import boto3

ALLOW_ALL = {"Version": "2012-10-17",
             "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
TRUST_ALL = {"Version": "2012-10-17",
             "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"},
                            "Action": ["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity"]}]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--endpoint", required=True)
    ap.add_argument("arns", nargs="+")
    args = ap.parse_args()
    kw = {"region_name": "us-east-1", "endpoint_url": args.endpoint}
    sts = boto3.client("sts", aws_access_key_id="testing", aws_secret_access_key="testing",
                       **kw)
    for arn in args.arns:
        account, name = arn.split(":")[4], arn.split("/", 1)[1]
        boot = sts.assume_role(RoleArn="arn:aws:iam::%s:role/boot" % account,
                               RoleSessionName="seed")["Credentials"]
        iam = boto3.client("iam", aws_access_key_id=boot["AccessKeyId"],
                           aws_secret_access_key=boot["SecretAccessKey"],
                           aws_session_token=boot["SessionToken"], **kw)
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(TRUST_ALL))
        iam.put_role_policy(RoleName=name, PolicyName="all",
                            PolicyDocument=json.dumps(ALLOW_ALL))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""moto's server (python3 -m moto.server, same arguments) with one fix to
its signature check, so that tests with the check on check every request.

moto 5 checks the signature of a request whose body is empty (a REST GET,
such as Security Hub's DescribeHub) against a body made of its own request
headers, form-encoded: it refuses every such request, botocore's and
trailscan's alike.  AWS signs, and checks, an empty payload.  Here a GET
with an empty body is checked against an empty payload; everything else is
moto's own.
"""
import sys

import moto.iam.access_control as access_control
from moto.server import main

_init = access_control.IAMRequest.__init__


def _init_empty_get(self, account_id, method, path, data, body, headers, action):
    if method == "GET" and not body:
        data = ""
    _init(self, account_id, method, path, data, body, headers, action)


access_control.IAMRequest.__init__ = _init_empty_get

if __name__ == "__main__":
    main(sys.argv[1:])

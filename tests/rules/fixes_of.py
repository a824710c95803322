"""Every AWS CLI fix ("fix" members) of the JSON reports named, one JSON
string per line, for tests/rules/fixes.sh's checks.
usage: fixes_of.py REPORT.json..."""
import json
import sys


def fixes(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "fix" and isinstance(value, str):
                yield value
            else:
                yield from fixes(value)
    elif isinstance(node, list):
        for item in node:
            yield from fixes(item)


for path in sys.argv[1:]:
    with open(path) as f:
        for fix in fixes(json.load(f)):
            print(json.dumps(fix))

#!/usr/bin/env python3
"""trailscan's XML -> JSON conversion against botocore's own parsers.

usage: xml_botocore.py XML_TOOL [DATA_DIR]

1. The shape table (xml_tool --shapes) must match botocore's service models:
   every member of every output shape, its type, its wire name, how lists
   are wrapped or flattened, attributes.
2. Every tests/data/xml/<service>.<Operation>[.<variant>].xml is parsed by
   botocore (the parser the AWS CLI uses) and by trailscan (xml_tool); the
   results must be equal: timestamps as instants and as the CLI prints them
   (isoformat), everything else exactly.  Members botocore's model does not
   know are allowed only in trailscan's output (the snapshot keeps them).
3. Every error.<layout>[-variant].xml (layout query, ec2 or s3) must give the
   Code and Message botocore reads.
Exit status 0 when everything matches, 1 otherwise, 77 (skipped) when
botocore is not installed.
"""
import json
import os
import subprocess
import sys

try:
    import botocore.handlers
    import botocore.parsers
    import botocore.session
    from botocore.utils import parse_timestamp
except ImportError:
    print("botocore is not installed: skipped")
    sys.exit(77)

TYPES = {"string": "string", "boolean": "boolean", "integer": "integer",
         "long": "integer", "timestamp": "timestamp", "structure": "structure"}
ERROR_PROTOCOLS = {"query": "query", "ec2": "ec2", "s3": "rest-xml"}
# Operations botocore cannot model, read by a handler from the root's text.
ROOT_TEXT = {("s3", "GetBucketLocation"): botocore.handlers.parse_get_bucket_location}


class HttpResponse:
    """What botocore's after-call handlers read from an HTTP response."""
    def __init__(self, body):
        self.raw = body
        self.content = body

failures = []


def fail(where, what):
    failures.append(f"{where}: {what}")


def run_tool(tool, *args):
    r = subprocess.run([tool, *args], capture_output=True, text=True, check=False)
    if r.returncode != 0:
        return None, r.stderr.strip()
    return json.loads(r.stdout), None


# ---- 1. the shape table against the model ----

def wire_name(name, shape):
    """botocore's _member_key_name: the element a member is read from."""
    if shape.type_name == "list" and shape.serialization.get("flattened"):
        if shape.member.serialization.get("name"):
            return shape.member.serialization["name"]
    return shape.serialization.get("name", name)


def check_members(where, table, shape):
    body_members = {n: m for n, m in shape.members.items()
                    if "location" not in m.serialization}
    for name in sorted(set(body_members) - set(table)):
        fail(where, f"member {name} is in botocore's model but not in the table")
    for name in sorted(set(table) - set(body_members)):
        fail(where, f"member {name} is in the table but not in botocore's model")
    for name in body_members:
        if name in table:
            check_member(f"{where}.{name}", table[name], name, body_members[name])


def check_member(where, entry, name, shape):
    target = shape
    if shape.serialization.get("xmlAttribute"):
        form = "attribute"
    elif shape.type_name == "list":
        form = "flat" if shape.serialization.get("flattened") else "list"
        target = shape.member
        if form == "list":
            item = shape.member.serialization.get("name", "member")
            if entry.get("item") != item:
                fail(where, f"list item element {entry.get('item')!r}, model says {item!r}")
    else:
        form = "one"
    if entry["form"] != form:
        fail(where, f"form {entry['form']}, model says {form}")
    if entry["wire"] != wire_name(name, shape):
        fail(where, f"wire name {entry['wire']!r}, model says {wire_name(name, shape)!r}")
    want = TYPES.get(target.type_name, target.type_name)
    if entry["type"] != want:
        fail(where, f"type {entry['type']}, model says {target.type_name}")
    elif want == "structure":
        check_members(where, entry["members"], target)


def check_shapes(tool, session):
    table, why = run_tool(tool, "--shapes")
    if table is None:
        fail("xml_tool --shapes", why)
        return {}
    ops = {}
    for op in table:
        where = f"{op['service']} {op['operation']}"
        model = session.get_service_model(op["service"]).operation_model(op["operation"])
        ops[(op["service"], op["operation"])] = model
        out = model.output_shape
        protocol = model.service_model.protocol
        payload = out.serialization.get("payload")
        want = protocol + ("-payload" if payload else "")
        if (op["service"], op["operation"]) in ROOT_TEXT:
            want = "rest-xml-root-text"
        if op["protocol"] != want:
            fail(where, f"protocol {op['protocol']}, model says {want}")
        if op.get("result") != out.serialization.get("resultWrapper"):
            fail(where, f"result wrapper {op.get('result')!r}, model says "
                        f"{out.serialization.get('resultWrapper')!r}")
        if payload:
            entry = op["members"].get(payload)
            if entry is None or len(op["members"]) != 1:
                fail(where, f"the table should hold just the payload member {payload}")
            else:
                check_member(f"{where}.{payload}", entry, payload, out.members[payload])
        else:
            check_members(where, op["members"], out)
    return ops


# ---- 2. answers: trailscan against botocore ----

def same(where, ours, theirs, shape, notes):
    if shape.type_name == "structure":
        if not isinstance(ours, dict):
            return fail(where, f"expected an object, got {ours!r}")
        for key in theirs:
            if key not in ours:
                fail(where, f"{key} missing (botocore: {theirs[key]!r})")
            else:
                same(f"{where}.{key}", ours[key], theirs[key], shape.members[key], notes)
        for key in set(ours) - set(theirs):
            if key in shape.members:
                fail(where, f"{key} present, botocore has none: {ours[key]!r}")
            else:
                notes.append(f"{where}.{key} kept (not in the model)")
    elif shape.type_name == "list":
        if not isinstance(ours, list) or len(ours) != len(theirs):
            return fail(where, f"list differs: {ours!r} vs {theirs!r}")
        for i, (a, b) in enumerate(zip(ours, theirs)):
            same(f"{where}[{i}]", a, b, shape.member, notes)
    elif shape.type_name == "timestamp":
        if not isinstance(ours, str):
            return fail(where, f"timestamp should be a string, got {ours!r}")
        if parse_timestamp(ours) != theirs:
            fail(where, f"instant {ours} differs from botocore's {theirs.isoformat()}")
        elif ours != theirs.isoformat():
            fail(where, f"{ours} is not printed as the CLI prints it: {theirs.isoformat()}")
    elif theirs is None:
        if ours is not None:
            fail(where, f"{ours!r} differs from botocore's None (null)")
    elif type(ours) is not type(theirs) or ours != theirs:
        fail(where, f"{ours!r} differs from botocore's {theirs!r}")


def botocore_parse(model, body):
    parser = botocore.parsers.create_parser(model.service_model.protocol)
    parsed = parser.parse({"body": body, "headers": {}, "status_code": 200},
                          model.output_shape)
    handler = ROOT_TEXT.get((model.service_model.service_name, model.name))
    if handler:
        handler(parsed, HttpResponse(body))
    parsed.pop("ResponseMetadata", None)
    return parsed


def check_answer(tool, path, model, notes):
    name = os.path.basename(path)
    service, operation = name.split(".")[:2]
    with open(path, "rb") as f:
        theirs = botocore_parse(model, f.read())
    ours, why = run_tool(tool, service, operation, path)
    if ours is None:
        return fail(name, f"trailscan refused it: {why}")
    same(name, ours, theirs, model.output_shape, notes)


def check_error(tool, path):
    name = os.path.basename(path)
    layout = name.split(".")[1].split("-")[0]
    parser = botocore.parsers.create_parser(ERROR_PROTOCOLS[layout])
    with open(path, "rb") as f:
        theirs = parser.parse({"body": f.read(), "headers": {}, "status_code": 403},
                              None)["Error"]
    ours, why = run_tool(tool, "--error", path)
    if ours is None:
        return fail(name, f"trailscan did not read it as an error: {why}")
    for key in ("Code", "Message"):
        if ours[key] != theirs.get(key, ""):
            fail(name, f"{key} {ours[key]!r} differs from botocore's {theirs.get(key)!r}")


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    tool = sys.argv[1]
    data = sys.argv[2] if len(sys.argv) == 3 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "data", "xml")
    session = botocore.session.get_session()
    ops = check_shapes(tool, session)
    answers = errors = 0
    notes = []
    for name in sorted(os.listdir(data)):
        if not name.endswith(".xml"):
            continue
        path = os.path.join(data, name)
        if name.startswith("error."):
            check_error(tool, path)
            errors += 1
            continue
        key = tuple(name.split(".")[:2])
        if key not in ops:
            fail(name, "no such operation in the shape table")
            continue
        check_answer(tool, path, ops[key], notes)
        answers += 1
    for n in notes:
        print(f"note: {n}")
    for f in failures:
        print(f"FAIL {f}")
    print(f"{len(ops)} shapes, {answers} answers, {errors} errors checked against "
          f"botocore {botocore.__version__}: {len(failures)} failures")
    sys.exit(1 if failures or not answers else 0)


if __name__ == "__main__":
    main()

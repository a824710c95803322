#!/usr/bin/env python3
"""Writes a hostile copy of the demo snapshot: every trail, bucket and
log-group name holds markup (<script>, "onerror=, </style>), a spreadsheet
formula, a comma, a quote, a line break and Japanese text, and so do the
account's name and its collection errors.  A report must show all of it as
text.  usage: hostile_snapshot.py DEMO.json OUT.json"""
import json
import sys

EVIL = ('<script>window.pwned=1</script>"onerror="window.pwned=2" '
        "</style><img src=x onerror=window.pwned=3>,=HYPERLINK(\"http://x\")'\n日本語")


def poison(v):
    """The demo's names, wherever they appear (keys and values alike)."""
    if isinstance(v, dict):
        return {poison(k): poison(x) for k, x in v.items()}
    if isinstance(v, list):
        return [poison(x) for x in v]
    if isinstance(v, str):
        for name in ("management-trail", "legacy-trail", "acme-legacy-trail-logs-123456789012"):
            v = v.replace(name, name + EVIL)
    return v


d = poison(json.load(open(sys.argv[1], encoding="utf-8")))
d["account_name"] = "=1+2 Acme <script>window.pwned=4</script> \"prod\" </style> 本番"
for err in d.get("errors", []):
    err["message"] += " " + EVIL.replace("\n", " ")
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=2)

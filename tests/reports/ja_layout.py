#!/usr/bin/env python3
"""The layout of Japanese reports (issue 20, wide characters): in the text
report the columns of the by-rule summary and of each result line start at
the same display column whatever the width of the words before them (a
Japanese character takes two columns, as East Asian Width says); in the
markdown report every table row has its header's number of cells (a | in
a name is escaped).
usage: ja_layout.py REPORT.txt REPORT.md"""
import re
import sys
import unicodedata


def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0
               if unicodedata.combining(c) else 1 for c in s)


def fail(msg):
    sys.exit(f"FAIL {msg}")


def text(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    # By rule: "  LEVEL    rule-id ... counts": the id and the counts each
    # start at one column.
    at = lines.index("ルール別 (深刻な順):") + 1
    rows = []
    while at < len(lines) and lines[at].startswith("  "):
        rows.append(lines[at])
        at += 1
    if len(rows) < 3:
        fail(f"{path}: no by-rule rows")
    for r in rows:
        m = re.match(r"  (\S+)( +)(\S+)( +)(\S.*)$", r)
        if not m:
            fail(f"{path}: by-rule row {r!r}")
        id_col = 2 + width(m[1]) + len(m[2])
        count_col = id_col + len(m[3]) + len(m[4])
        if id_col != 11 or (len(m[3]) < 40 and count_col != 52):
            fail(f"{path}: by-rule row out of its columns ({id_col}, {count_col}): {r!r}")
    # Result lines: "    VERDICT REGION         RESOURCE".
    results = [l for l in lines if re.match(r"    (不合格|合格|要確認|免除) ", l)]
    if not results:
        fail(f"{path}: no result lines")
    for r in results:
        m = re.match(r"    (\S+)( +)(\S+)( +)\S", r)
        region_col = 4 + width(m[1]) + len(m[2])
        res_col = region_col + len(m[3]) + len(m[4])
        if region_col != 11 or (len(m[3]) <= 14 and res_col != 26):
            fail(f"{path}: result line out of its columns ({region_col}, {res_col}): {r!r}")


def cells(row):
    return len(re.findall(r"(?<!\\)\|", row))


def markdown(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    tables = 0
    for i, l in enumerate(lines):
        if re.match(r"^\|(-+:?\|)+$|^\|(---:?\|)+$", l) and lines[i - 1].startswith("|"):
            tables += 1
            n = cells(lines[i - 1])
            if cells(l) != n:
                fail(f"{path}:{i + 1}: the delimiter row has {cells(l)} pipes, the header {n}")
            for j in range(i + 1, len(lines)):
                if not lines[j].startswith("|"):
                    break
                if cells(lines[j]) != n:
                    fail(f"{path}:{j + 1}: {cells(lines[j])} pipes, the header {n}: "
                         f"{lines[j][:120]!r}")
    if tables < 2:
        fail(f"{path}: {tables} tables")


text(sys.argv[1])
markdown(sys.argv[2])
print(f"ok   {sys.argv[1]}, {sys.argv[2]}: columns aligned, tables whole")

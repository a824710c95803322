#!/usr/bin/env python3
"""The CSV report against the JSON report of the same run: Python's csv
module reads it (after the byte order mark) to exactly the JSON report's
results, column by column, in the same order.
usage: csv_check.py REPORT.csv REPORT.json"""
import csv
import io
import json
import sys

COLUMNS = ["account", "account_name", "region", "rule", "controls", "verdict", "level",
           "severity", "resource", "message", "fix", "waiver", "baseline", "file", "line"]
# The header of a --lang ja report (README, "CSV"): the same columns.
COLUMNS_JA = ["アカウント", "アカウント名", "リージョン", "ルール", "コントロール", "判定", "レベル",
              "重大度", "リソース", "メッセージ", "修復方法", "免除", "ベースライン", "ファイル", "行"]
# ...whose verdict, level and severity are the words the other reports show.
WORDS_JA = {"verdict": {"fail": "不合格", "pass": "合格", "review": "要確認"},
            "level": {"error": "エラー", "warning": "警告", "note": "注記", "none": "なし"},
            "severity": {"critical": "重大", "high": "高", "medium": "中", "low": "低",
                         "info": "情報"}}


def unformula(cell):
    """README: a text a spreadsheet would run as a formula starts with '."""
    if cell[:1] == "'" and cell[1:2] and cell[1] in "=+-@\t\r":
        return cell[1:]
    return cell


def expected(rep, r):
    rule = next(x for x in rep["rules"] if x["id"] == r["rule"])
    controls = "; ".join(f"{fw} {c}" for fw, ids in rule["compliance"].items() for c in ids)
    waiver = r.get("waiver")
    until = (f"{waiver['expires']} まで" if rep.get("language") == "ja"
             else f"until {waiver['expires']}") if waiver else ""
    word = (lambda k: WORDS_JA[k][r[k]]) if rep.get("language") == "ja" else (lambda k: r[k])
    return {
        "account": r["account"], "account_name": r.get("account_name", ""),
        "region": r["region"] or "", "rule": r["rule"], "controls": controls,
        "verdict": word("verdict"), "level": word("level"), "severity": word("severity"),
        "resource": r["resource"], "message": r["message"], "fix": r["fix"] or "",
        "waiver": f"{until}: {waiver['reason']} "
                  f"({waiver['file']}:{waiver['line']})" if waiver else "",
        "baseline": r.get("baseline_state", ""), "file": r["file"], "line": str(r["line"]),
    }


def main():
    raw = open(sys.argv[1], "rb").read()
    if not raw.startswith(b"\xef\xbb\xbf"):
        sys.exit("no UTF-8 byte order mark")
    text = raw[3:].decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    rep = json.load(open(sys.argv[2], encoding="utf-8"))
    if rows[0] != (COLUMNS_JA if rep.get("language") == "ja" else COLUMNS):
        sys.exit(f"header {rows[0]}")
    if len(rows) - 1 != len(rep["results"]):
        sys.exit(f"{len(rows) - 1} rows, {len(rep['results'])} results in the JSON report")
    for n, (row, r) in enumerate(zip(rows[1:], rep["results"]), 2):
        got = dict(zip(COLUMNS, [unformula(c) for c in row]))
        if len(row) != len(COLUMNS) or got != expected(rep, r):
            want = expected(rep, r)
            diff = {k: (got.get(k), want[k]) for k in COLUMNS if got.get(k) != want[k]}
            sys.exit(f"row {n}: {diff or row}")
    if not raw.endswith(b"\r\n"):
        sys.exit("the last record has no CRLF")


main()

#!/usr/bin/env python3
"""Every command has a man page, and each page's options and the command's
--help agree both ways.  usage: man.py TRAILSCAN MAN_SOURCES BUILT_MAN_DIR [EXPORT_SCRIPT]
(EXPORT_SCRIPT: tools/export-aws-cli, installed as trailscan-export-aws-cli)

An option of --help is one named on an option line (an indented line that
starts with '-': its option column) or a usage line; an option of a page is one its OPTIONS list defines
(a line that starts with '*-' in its OPTIONS section).  The failure says which option is missing
where, so a new option's fix is one entry in core/man/<page>.1.scd."""
import os
import re
import subprocess
import sys

OPTION = re.compile(r"(?:^|(?<=[\s,\[|(]))(--?[A-Za-z][A-Za-z0-9-]*)")


def help_text(exe, *args):
    if isinstance(exe, list):
        exe, args = exe[0], ()
    run = subprocess.run([exe, *args, "--help"], capture_output=True, text=True,
                         env=dict(os.environ, LC_ALL="C"))
    if run.returncode != 0:
        sys.exit(f"FAIL: 'trailscan {' '.join(args)} --help' exits {run.returncode}: {run.stderr}")
    return run.stdout


def help_options(text):
    found = set()
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("-") and line[:1].isspace():  # the option column, not its text
            found.update(OPTION.findall(re.split(r"\s{2,}", s)[0]))
        elif s.startswith("usage:") or s.startswith("trailscan "):
            found.update(OPTION.findall(s))
    return found


def page_options(path):
    found, inside = set(), False
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("# "):
                inside = line.strip() == "# OPTIONS"
            elif inside and line.startswith("*-"):
                found.update(re.findall(r"\*(--?[A-Za-z][A-Za-z0-9-]*)\*", line))
    return found


def commands(main_help):
    out, inside = [], False
    for line in main_help.splitlines():
        if line.startswith("Commands:"):
            inside = True
        elif inside and not line.strip():
            break
        elif inside:
            out.append(line.split()[0])
    return out


def main():
    exe, sources, built = sys.argv[1:4]
    export = sys.argv[4] if len(sys.argv) > 4 else None
    problems = []
    main_help = help_text(exe)
    cmds = commands(main_help)
    if "scan" not in cmds:
        sys.exit(f"FAIL: no commands found in 'trailscan --help':\n{main_help}")
    pages = [("trailscan", [[]])] + [
        ("trailscan-" + c, [[c], [c, "--org"]] if c == "collect" else [[c]]) for c in cmds]
    if export:
        pages.append(("trailscan-export-aws-cli", [None]))
    for page, helps in pages:
        src = os.path.join(sources, page + ".1.scd")
        if not os.path.isfile(src):
            problems.append(f"command '{page[10:]}': no man page {src} (add it, and to "
                            f"TRAILSCAN_MAN_PAGES in core/man/CMakeLists.txt)")
            continue
        man = os.path.join(built, page + ".1")
        if not os.path.isfile(man) or os.path.getsize(man) == 0:
            problems.append(f"{man}: not built from {src}")
        want = set()
        for args in helps:
            want |= help_options(help_text([export]) if args is None else help_text(exe, *args))
        have = page_options(src)
        shown = ("'trailscan " + " --help' and 'trailscan ".join(" ".join(a) for a in helps) + " --help'"
                 if helps != [None] else f"'{export} --help'")
        shown = shown.replace("trailscan  --help", "trailscan --help")
        for opt in sorted(want - have):
            problems.append(f"option '{opt}': {shown} lists it, but {src} does not "
                            f"(add a '*{opt}*' entry under OPTIONS)")
        for opt in sorted(have - want):
            problems.append(f"option '{opt}': {src} documents it, but {shown} does not list it")
        print(f"{page}: {len(have)} options, same as --help" if not
              any(src in p for p in problems) else f"{page}: differs")
    for p in problems:
        print("FAIL: " + p)
    sys.exit(1 if problems else 0)


main()

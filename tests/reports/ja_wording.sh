#!/usr/bin/env bash
# The Japanese reports' own wording and layout (issue 20, the second
# Japanese review's items A6-A16): each check reads what a Japanese reader
# meets in the text, markdown and HTML reports, and the English reports of
# the same input keep their words.
# usage: ja_wording.sh path/to/trailscan
. "$(dirname "$0")/../cli/lib.sh" "$1"
CTB=$ROOT/tests/data/ct-broken
ja() { "$T" scan --lang ja --fail-on never "$@" 2>/dev/null; }
en() { "$T" scan --fail-on never "$@" 2>/dev/null; }

# A12: a markdown rule heading labels its severity: a bare "(中)" reads as
# "inside".
ja --format markdown "$DEMO" >demo.md
en --format markdown "$DEMO" >demo-en.md
holds "A12 markdown: (重大度: 中) after a rule's title" \
    sh -c 'grep -q "^### \`logs-log-group-retention\` .* (重大度: 中)$" demo.md \
        && ! grep -Eq "^### .* \((低|中|高|重大)\)$" demo.md \
        && grep -q "^### \`logs-log-group-retention\` .* (medium)$" demo-en.md'

# A10: the HTML header says the snapshots were collected then, not that
# the report was made then.
ja --format html "$DEMO" >demo.html
holds "A10 html: スナップショットの収集日時, not 作成日" \
    sh -c 'grep -q "<p class=\"meta\">スナップショットの収集日時: 2026年" demo.html \
        && ! grep -q "作成日" demo.html'

# A14: a rule without Japanese texts is marked where its English findings
# are read (the account's section), not only under its remediation.
mkdir -p english
cat >english/r.lua <<'LUA'
return {id = "team-english-only", name = "EnglishOnly", title = "Team check in English",
        severity = "low", description = "d", remediation = {console = "c"},
        check = function() fail{resource = "arn:aws:test:::x", message = "Found in English."} end}
LUA
ja --rules english --format html "$DEMO" >english.html
en --rules english --format html "$DEMO" >english-en.html
holds "A14 html: [英語のみ] after the rule's title in the account's section" \
    sh -c 'grep -q "<h4><a href=\"#r-[0-9]*\">team-english-only</a>: Team check in English <span class=\"tag\">英語のみ</span></h4>" english.html \
        && ! grep -q "<h4><a href=\"#r-[0-9]*\">[a-z0-9-]*</a>: [^<]*[ぁ-んァ-ン一-龥][^<]* <span class=\"tag\">英語のみ" english.html \
        && ! grep -q "English only\|英語のみ" english-en.html'

# A8: lists in Japanese lines are joined with 、, not an ASCII comma:
# evidence (text, markdown), the HTML's controls; the HTML links evidence
# shown above as "(上記参照)"; the text account header names its items.
ja "$CTB" >ctb.txt
ja --format markdown "$CTB" >ctb.md
en "$CTB" >ctb-en.txt
holds "A8 text: evidence joined with 、" \
    sh -c 'grep -q "^           根拠: [^ ]*/management.json:20 (組織の証跡)、[^ ]*/management.json:[0-9]* (CloudWatch アラーム)" ctb.txt \
        && ! grep -q "^           根拠: .*), " ctb.txt \
        && grep -q "^           evidence: [^ ]*/management.json:20 (organisation trail), " ctb-en.txt'
holds "A8 markdown: evidence joined with 、" \
    sh -c 'grep -q "<br>根拠: [^|]*/management.json:20 (組織の証跡)、[^|]*/management.json:[0-9]* (CloudWatch アラーム)" ctb.md \
        && ! grep -q "<br>根拠: [^|]*), " ctb.md'
holds "A8 html: evidence shown above is (上記参照); controls joined with 、" \
    sh -c 'grep -q "^<p class=\"evidence\">根拠: <code>[^<]*:441:13</code> (<a href=\"#f-[0-9]*\">上記参照</a>)</p>$" demo.html \
        && grep -q "<dt>コントロール</dt><dd>aws-securityhub CloudTrail.7、cis-aws-1.2 2.6、" demo.html \
        && ! grep -q "<dt>コントロール</dt><dd>[^<]*, " demo.html'
ja "$DEMO" >demo.txt
en "$DEMO" >demo-en.txt
holds "A8 text: the account header names its partition, joined with 、" \
    sh -c 'grep -qx "アカウント 123456789012 ([^ ]*/demo-123456789012.json、パーティション aws、収集日時 2026年11月25日 12:00 UTC)" demo.txt \
        && grep -qx "Account 123456789012  ([^ ]*/demo-123456789012.json, aws, as of 2026-11-25T12:00:00Z)" demo-en.txt'

# A16: the compliance view's id column is as wide as the framework's
# longest id (CloudTrail.10), in both languages: every status, and every
# counts line under it, starts at one display column.
for lang in en ja; do
    $lang --compliance aws-securityhub "$CTB" >"hub-$lang.txt"
done
holds "A16 text: control ids padded to the longest (aws-securityhub, en and ja)" python3 - hub-en.txt hub-ja.txt <<'PY'
import re, sys, unicodedata
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
for path in sys.argv[1:]:
    lines = open(path, encoding="utf-8").read().split("\n")
    rows = [i for i, l in enumerate(lines) if re.match(r"    (CloudTrail|CloudWatch|KMS|S3)\.\d+ ", l)]
    assert len(rows) == 25, (path, len(rows))
    starts = set()
    for i in rows:
        head = re.match(r"    \S+ +", lines[i]).group(0)
        starts.add(width(head))
        cont = lines[i + 1]
        starts.add(len(cont) - len(cont.lstrip(" ")))
    assert starts == {len("    CloudTrail.10 ")}, (path, starts)
PY

finish

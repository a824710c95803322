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

# A7: the compliance view's sentences: counts with their counters, one
# colon, Japanese punctuation (text, markdown, HTML).
ja --compliance cis-aws-5.0 "$CTB" >cis5.txt
for lang in en ja; do
    $lang --compliance aws-securityhub "$CTB" >"hub-$lang.txt"
done
ja --compliance cis-aws-5.0 --format markdown "$CTB" >cis5.md
ja --compliance cis-aws-5.0 --format html "$CTB" >cis5.html
ja --compliance cis-aws-1.4 --format html "$CTB" >cis14.html
en --compliance cis-aws-5.0 "$CTB" >cis5-en.txt
holds "A7 text: the framework's header, one colon" \
    grep -qx "コンプライアンス: cis-aws-5.0 (CIS AWS Foundations Benchmark v5.0.0、ログ記録とモニタリングのセクション): 25 コントロール、5 アカウント" cis5.txt
holds "A7 text and markdown: 評価した N コントロールのうち N 件が合格、N 件が不合格" \
    sh -c 'grep -qx "  3 ログ記録: 評価した 9 コントロールのうち 6 件が合格、3 件が不合格" cis5.txt \
        && grep -qx "\*\*3 ログ記録\*\*: 評価した 9 コントロールのうち 6 件が合格、3 件が不合格" cis5.md \
        && grep -qx "  CloudTrail: 評価した 3 コントロールのうち 2 件が合格、1 件が不合格、未評価 2 件" hub-ja.txt \
        && ! grep -q "評価済み" cis5.txt cis5.md hub-ja.txt \
        && grep -qx "  3 Logging: 6 of 9 assessed controls passed, 3 failed" cis5-en.txt'
ja --compliance cis-aws-1.4 --format markdown "$CTB" >cis14.md
holds "A7 markdown: a section no rule assesses says so" \
    grep -qx "\*\*1 アイデンティティとアクセス管理\*\*: 評価したコントロールはありません (手動確認 1 件)" cis14.md
holds "A7 text: N アカウントで合格。ルール: ..., no ASCII ; in Japanese" \
    sh -c 'grep -qx " *5 アカウントで合格。ルール: cloudtrail-management-events" cis5.txt \
        && grep -qx " *5 アカウントで不合格 (リソース 5 件)。ルール: cloudtrail-bucket-access-logging" cis5.txt \
        && ! grep -q "; ルール" cis5.txt hub-ja.txt \
        && grep -qx " *passed in 5 accounts; rules: cloudtrail-management-events" cis5-en.txt'
holds "A7 html: ルール N 件 (実行済み N 件); 不合格 (N アカウント): id (N 件)、..." \
    sh -c 'grep -q "^<p>ルール 1&nbsp;件 (実行済み 1&nbsp;件): <a href=\"#r-[0-9]*\">cloudtrail-management-events</a></p>$" cis5.html \
        && grep -q "^<p><span class=\"sym st-failed\">✖</span> 不合格 (5&nbsp;アカウント): <a href=\"#a-0\">333333333333</a> (1&nbsp;件)、<a href=\"#a-1\">222222222222</a> (1&nbsp;件)、" cis5.html \
        && ! grep -q "<p>ルール (" cis5.html'
holds "A7 html: a control's summary says each count's unit" \
    sh -c 'grep -q "Server access logging is enabled on the CloudTrail S3 bucket: 不合格 (不合格: 5&nbsp;アカウント・5&nbsp;リソース、要確認: 0&nbsp;リソース)</summary>" cis5.html \
        && ! grep -q "不合格のアカウント [0-9]" cis5.html cis14.html'

# A6: the compliance chart counts accounts, and says so.
holds "A6 html: the controls chart's title and tooltips count accounts" python3 - cis5.html cis14.html <<'PY'
import re, sys
for path in sys.argv[1:]:
    page = open(path, encoding="utf-8").read()
    chart = page[page.index("<section class=\"compliance\""):]
    chart = chart[chart.index("<svg"):chart.index("</svg>")]
    assert "<title>コントロール別の不合格・要確認アカウント数 (深刻な順)</title>" in chart, chart[:300]
    tips = re.findall(r"<rect [^>]*><title>([^<]*)</title>", chart)
    assert tips and all(re.fullmatch(r"(不合格|要確認) \d+ アカウント", t) for t in tips), tips
PY

# A16: the compliance view's id column is as wide as the framework's
# longest id (CloudTrail.10), in both languages: every status, and every
# counts line under it, starts at one display column.
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

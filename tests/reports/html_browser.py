#!/usr/bin/env python3
"""Loads an HTML report in headless Chromium, over the DevTools protocol on
a pipe (--remote-debugging-pipe: no port, no websocket, stdlib only), and
checks what a reader would meet: no console message, no exception, no
network request but the page itself, no script run, the DOM's counts equal
to the JSON report of the same run, every account's collected_at and
collection errors, closed sections opened for print.  Writes a screenshot
and a printed PDF beside the page (test artifacts).

usage: html_browser.py CHROMIUM REPORT.html REPORT.json [--no-print] [--ja] [--hostile TEXT...]
--no-print: no printed PDF (an organisation's page prints to thousands of
pages, every section open).  --ja: the page of a scan with --lang ja, whose
reader sees Japanese only around the rules' own texts (check_japanese).
Exit 0 when every check holds; the first failure is printed."""
import base64
import collections
import fcntl
import json
import os
import subprocess
import sys
import tempfile


class Browser:
    """One headless Chromium; messages are JSON, each ended by a NUL."""

    def __init__(self, chromium):
        self.profile = tempfile.TemporaryDirectory(prefix="trailscan-chromium-")
        to_r, to_w = os.pipe()
        from_r, from_w = os.pipe()
        # Out of the way of fds 3 and 4, which the child's must be.
        to_r, from_w = (fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_r, from_w))

        def fds():
            os.dup2(to_r, 3)
            os.dup2(from_w, 4)

        self.proc = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--no-default-browser-check", "--disable-extensions", "--disable-sync",
             "--disable-background-networking", "--disable-component-update",
             "--disable-dev-shm-usage", "--mute-audio", "--remote-debugging-pipe",
             f"--user-data-dir={self.profile.name}", "about:blank"],
            preexec_fn=fds, pass_fds=(3, 4), stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.w = os.fdopen(to_w, "wb")
        self.r = os.fdopen(from_r, "rb")
        self.buf = b""
        self.next_id = 0
        self.events = []
        self.session = None

    def read(self):
        while b"\0" not in self.buf:
            chunk = self.r.read1(1 << 20)
            if not chunk:
                raise SystemExit("chromium closed its pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, session=True, **params):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params}
        if session and self.session:
            msg["sessionId"] = self.session
        self.w.write(json.dumps(msg).encode() + b"\0")
        self.w.flush()
        while True:
            m = self.read()
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise SystemExit(f"{method}: {m['error']}")
                return m["result"]
            self.events.append(m)

    def wait_for(self, method):
        for i, m in enumerate(self.events):
            if m.get("method") == method:
                return
        while True:
            m = self.read()
            self.events.append(m)
            if m.get("method") == method:
                return

    def eval(self, expr):
        r = self.call("Runtime.evaluate", expression=expr, returnByValue=True)
        if "exceptionDetails" in r:
            raise SystemExit(f"evaluating {expr[:60]}: {r['exceptionDetails']}")
        return r["result"].get("value")

    def close(self):
        try:
            self.call("Browser.close", session=False)
        except SystemExit:
            pass
        self.proc.wait(timeout=60)
        self.profile.cleanup()


# What the page is asked, in one evaluation: counts by data attribute.
DOM = r"""(() => {
  const count = k => { const e = document.querySelector(`[data-count="${k}"]`);
                       return e ? Number(e.textContent) : null; };
  const findings = [...document.querySelectorAll('.finding')].map(f => ({
    verdict: f.dataset.verdict, level: f.dataset.level, rule: f.dataset.rule,
    waived: f.dataset.waived === '1',
    baseline: {'新規': 'new', '変化あり': 'updated', '変化なし': 'unchanged'}[
                (f.querySelector('.tag.baseline')?.textContent || '').split(/[,、]/)[0]] ||
              f.querySelector('.tag.baseline')?.textContent.split(',')[0] || '',
    account: f.closest('details.account').dataset.account}));
  const accounts = [...document.querySelectorAll('details.account')].map(d => ({
    account: d.dataset.account, open: d.open,
    text: d.querySelector('dl').textContent,
    errors: [...d.querySelectorAll('.collection-errors li')].map(li => li.textContent)}));
  const on = [...document.querySelectorAll('*')].filter(
    e => [...e.attributes].some(a => a.name.startsWith('on'))).length;
  const matrices = [...document.querySelectorAll('table.matrix')].map(t => ({
    framework: t.dataset.framework,
    controls: [...t.querySelectorAll('th[data-control]')].map(th => th.dataset.control),
    all: [...t.querySelectorAll('tr.all td')].map(td => td.dataset.status),
    rows: Object.fromEntries([...t.querySelectorAll('tr[data-account]')].map(tr =>
      [tr.dataset.account, [...tr.querySelectorAll('td')].map(td => td.dataset.status)])),
    counts: Object.fromEntries([...t.closest('section').querySelectorAll('[data-framework-count]')]
      .map(td => [td.dataset.frameworkCount, Number(td.textContent)])),
    sections: t.closest('section').querySelectorAll('details.control').length}));
  return {matrices, totals: Object.fromEntries(['accounts', 'rules', 'fail-error', 'fail-warning',
            'fail-note', 'review', 'pass', 'rule-failures'].map(k => [k, count(k)])),
          findings, accounts, on, scripts: document.scripts.length,
          active: document.querySelectorAll('iframe,object,embed,form,base,img,audio,video').length,
          pwned: typeof window.pwned, csp: document.querySelector(
            'meta[http-equiv="Content-Security-Policy"]')?.content || '',
          text: document.body.innerText.length, title: document.title};
})()"""

# Whether a finding inside a closed section shows (checkVisibility).
VISIBLE = "document.querySelector('details.account:not([open]) .finding')?.checkVisibility()"


def step(what):
    """Progress on stderr: a slow step shows where it is."""
    print(f"html_browser: {what}", file=sys.stderr, flush=True)


def fail(msg):
    print(f"FAIL {msg}")
    sys.exit(1)


def check_counts(dom, rep):
    s = rep["summary"]
    want = {"accounts": s["accounts"], "rules": s["rules"],
            "fail-error": s["fail_by_level"]["error"],
            "fail-warning": s["fail_by_level"]["warning"],
            "fail-note": s["fail_by_level"]["note"], "review": s["review"], "pass": s["pass"],
            "rule-failures": s["rule_failures"]}
    if dom["totals"] != want:
        fail(f"totals {dom['totals']} != the JSON report's {want}")
    got = collections.Counter((f["account"], f["rule"], f["verdict"], f["level"], f["waived"],
                               f["baseline"]) for f in dom["findings"])
    exp = collections.Counter((r["account"], r["rule"], r["verdict"], r["level"],
                               bool(r.get("waiver")), r.get("baseline_state", ""))
                              for r in rep["results"])
    if got != exp:
        fail(f"findings differ from the JSON report's results: {(got - exp) or (exp - got)}")
    if [a["account"] for a in dom["accounts"]] != [a["account"] for a in rep["accounts"]]:
        fail("the accounts' sections are not the JSON report's accounts, in order")
    for a, ja in zip(dom["accounts"], rep["accounts"]):
        snap = json.load(open(ja["file"], encoding="utf-8"))
        if a["open"]:
            fail(f"account {a['account']}'s section is open: sections start collapsed")
        if snap["collected_at"] not in a["text"]:
            fail(f"account {a['account']}: no collected_at {snap['collected_at']}")
        if ja.get("name") and ja["name"] not in a["text"]:
            fail(f"account {a['account']}: no name {ja['name']!r}")
        if a["errors"] != ja["collection_errors"]:
            fail(f"account {a['account']}: collection errors {a['errors']} != "
                 f"{ja['collection_errors']}")


def check_matrices(dom, rep):
    """Each framework's matrix: the JSON report's control statuses, overall
    and per account, and its counts by status."""
    frameworks = rep.get("compliance", [])
    if len(dom["matrices"]) != len(frameworks):
        fail(f"{len(dom['matrices'])} matrices, {len(frameworks)} frameworks in the JSON report")
    for m, f in zip(dom["matrices"], frameworks):
        controls = [k for s in f["sections"] for k in s["controls"]]
        if m["framework"] != f["framework"] or m["controls"] != [k["id"] for k in controls]:
            fail(f"matrix of {m['framework']}: controls {m['controls']}")
        if m["all"] != [k["status"] for k in controls]:
            fail(f"matrix of {f['framework']}: overall statuses {m['all']}")
        if m["counts"] != f["controls"] or m["sections"] != len(controls):
            fail(f"{f['framework']}: counts {m['counts']} != {f['controls']}, "
                 f"{m['sections']} control sections")
        for a in rep["accounts"]:
            want = [next(x["status"] for x in k["by_account"] if x["account"] == a["account"])
                    for k in controls]
            if m["rows"].get(a["account"]) != want:
                fail(f"{f['framework']}: account {a['account']}: {m['rows'].get(a['account'])}"
                     f" != {want}")


# What a reader of a Japanese page sees: the words around the findings.
JA = r"""(() => {
  const text = e => e ? e.textContent : '';
  const q = s => [...document.querySelectorAll(s)];
  return {lang: document.documentElement.lang, title: document.title,
    // framework names, control ids and account labels are names, not words
    headings: q('h1,h2,h3,th,dt,caption').filter(
      e => !e.matches('.compliance h2, th[data-control], tr[data-account] th')).map(text),
    tags: q('.finding > p > .tag:first-child').map(text),
    other_tags: q('.tag').filter(e => !e.matches('.finding > p > .tag:first-child')).map(text),
    labels: q('.finding > p:not(.msg), .evidence > summary, p.evidence, .account > summary')
              .map(e => e.firstChild ? e.firstChild.textContent : ''),
    meta: q('header p.meta').map(text),
    charts: q('svg.chart > title, svg.chart rect > title').map(e => e.textContent),
    body: own()};
  // The page's text without what rules and snapshots wrote (titles,
  // descriptions, messages, fixes, control titles, collection errors).
  function own() {
    const c = document.body.cloneNode(true);
    c.querySelectorAll('.msg, pre, code, .res, .note-text, .collection-errors, ' +
                       'details.rule > summary, details.rule > p, details.account h4:not(.warning), ' +
                       'details.control > summary, svg, .sections td, .compliance h4, ' +
                       '.compliance .meta, .compliance h2').forEach(e => e.remove());
    return c.textContent;
  }
})()"""

# English words of the report's own that a Japanese page must not show.
ENGLISH = ["Overview", "Accounts, worst first", "Rules, worst first", "Rules and their remediation",
           "Evidence", "Fix:", "to review", "Collection errors", "collected at", "Exit status",
           "Snapshots collected", "severity", "Nothing to report", "shown above",
           "Failed: error", "Results by level", "passed / assessed", "all accounts", "Controls"]


def check_japanese(b, rep):
    """The page of a --lang ja scan: html lang, title, headings, verdict
    tags, labels and charts in Japanese; dates in prose; the JSON report
    records the language."""
    ja = b.eval(JA)
    kana = lambda s: any("\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff" for c in s)
    if rep.get("language") != "ja" or ja["lang"] != "ja" or not kana(ja["title"]):
        fail(f"not a Japanese page: JSON language {rep.get('language')!r}, <html lang="
             f"{ja['lang']!r}>, title {ja['title']!r}")
    english = [h for h in ja["headings"] if h.strip() and not kana(h)
               and h.strip() not in ("SHA-256", "AWS CLI", "Terraform")]
    if english:
        fail(f"headings not in Japanese: {english[:5]}")
    verdicts = ("不合格", "合格", "要確認", "免除")
    bad = [t for t in ja["tags"] if not any(v in t for v in verdicts)]
    if not ja["tags"] or bad:
        fail(f"verdict tags not in Japanese: {bad[:5] or 'none shown'}")
    bad = [t for t in ja["other_tags"] if not kana(t)]
    if bad:
        fail(f"tags (waived, baseline, waiver states) not in Japanese: {bad[:5]}")
    bad = [l for l in ja["labels"] if l.strip() and not kana(l)
           and not l.strip()[0].isdigit() and l.strip()[0] not in "✖▲●?⊘✔-"]
    if bad:
        fail(f"labels not in Japanese: {bad[:5]}")
    bad = [t for t in ja["charts"] if not kana(t)]
    if bad:
        fail(f"chart titles not in Japanese: {bad[:5]}")
    if not any("年" in m and "月" in m and "日" in m for m in ja["meta"]):
        fail(f"the header's date is not in prose (2026年12月6日): {ja['meta']}")
    shown = [w for w in ENGLISH if w in ja["body"]]
    if shown:
        fail(f"English words of the report's own shown: {shown}")


# Words a Japanese reader meets broken across lines (review item A2):
# inside a table cell, a tag, a control's or an account's summary, no short
# run of Japanese (at most 8 characters: 不合格, モニタリング, a number and its
# counter "18&nbsp;件") is split over two lines -- a longer one may break
# between its phrases; and the page is no wider than the window.
BROKEN = r"""(() => {
  const word = c => /[\u3040-\u30fa\u30fc-\u30ff\u4e00-\u9fff\u00a00-9]/.test(c);  // not ・
  const out = [];
  const els = document.querySelectorAll('th, td, .tag, details.control > summary, ' +
                                        'details.account > summary');
  for (const e of els) {
    if (e.matches('#not-judged + table td:nth-child(n+3)')) continue;  // paths break anywhere
    const walk = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
    let run = [];
    const end = () => {
      const tops = run.map(x => x.top);
      if (run.length > 1 && run.length <= 8 && Math.max(...tops) - Math.min(...tops) > run[0].h / 2)
        out.push(run.map(x => x.c).join('') + ' in ' + e.textContent.trim().slice(0, 60));
      run = [];
    };
    for (let n; (n = walk.nextNode());) {
      for (let i = 0; i < n.data.length; i++) {
        const r = document.createRange();
        r.setStart(n, i);
        r.setEnd(n, i + 1);
        const box = r.getClientRects()[0];
        if (!box || !word(n.data[i])) { end(); continue; }
        run.push({c: n.data[i], top: box.top, h: box.height});
      }
    }
    end();
  }
  return {broken: out, wide: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          spaced: (document.body.innerText.match(/\d (件|アカウント|ルール|コントロール)/g) || [])};
})()"""


def check_japanese_layout(b, page):
    """At 1280, 700 (an A4 printout) and 600 px: Japanese words whole, no
    page wider than the window; a number held to its counter.  Screenshots
    beside the page (PAGE.700.png, PAGE.600.png)."""
    for width in (1280, 700, 600):
        b.call("Emulation.setDeviceMetricsOverride", width=width, height=1800,
               deviceScaleFactor=1, mobile=False)
        got = b.eval(BROKEN)
        if got["broken"]:
            fail(f"at {width} px, Japanese words broken across lines: {got['broken'][:5]}")
        if got["wide"] > 0:
            fail(f"at {width} px, the page is {got['wide']} px wider than the window")
        if got["spaced"]:
            fail(f"a number apart from its counter (not &nbsp;): {got['spaced'][:5]}")
        if width != 1280:
            png = base64.b64decode(b.call("Page.captureScreenshot", format="png")["data"])
            open(f"{page}.{width}.png", "wb").write(png)
    b.call("Emulation.setDeviceMetricsOverride", width=1280, height=1800,
           deviceScaleFactor=1, mobile=False)


def check_quiet(b, page_url):
    if not any(m.get("method") == "Network.requestWillBeSent"
               and m["params"]["request"]["url"] == page_url for m in b.events):
        fail("the page's own request was not seen: the network is not watched")
    for m in b.events:
        method = m.get("method", "")
        p = m.get("params", {})
        if method in ("Runtime.consoleAPICalled", "Runtime.exceptionThrown"):
            fail(f"a script ran: {method} {json.dumps(p)[:300]}")
        if method == "Log.entryAdded":
            fail(f"console: {p['entry'].get('level')}: {p['entry'].get('text')}")
        if method == "Network.requestWillBeSent" and p["request"]["url"] != page_url:
            fail(f"network request: {p['request']['url']}")


def main():
    chromium, page = sys.argv[1:3]
    args = sys.argv[4:]
    no_print = "--no-print" in args
    japanese = "--ja" in args
    hostile = args[args.index("--hostile") + 1:] if "--hostile" in args else []
    rep = json.load(open(sys.argv[3], encoding="utf-8"))
    b = Browser(chromium)
    try:
        dom = check(b, page, rep, no_print, hostile, japanese)
    finally:
        b.close()
    print(f"ok   {os.path.basename(page)}: {len(dom['findings'])} findings, "
          f"{len(dom['accounts'])} accounts; {page}.png" + ("" if no_print else f", {page}.pdf"))


def check(b, page, rep, no_print, hostile, japanese=False):
    """Every check on one page; the DOM's figures."""
    url = "file://" + os.path.abspath(page)
    target = b.call("Target.createTarget", url="about:blank")["targetId"]
    b.session = b.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    for domain in ("Page", "Runtime", "Log", "Network"):
        b.call(f"{domain}.enable")
    b.call("Emulation.setDeviceMetricsOverride", width=1280, height=1800,
           deviceScaleFactor=1, mobile=False)
    b.events.clear()
    step(f"loading {url}")
    b.call("Page.navigate", url=url)
    b.wait_for("Page.loadEventFired")
    step("loaded; reading the DOM")
    dom = b.eval(DOM)
    step("checking")
    check_quiet(b, url)
    if dom["scripts"] or dom["on"] or dom["active"] or dom["pwned"] != "undefined":
        fail(f"active content in the page: {dom['scripts']} scripts, {dom['on']} on* "
             f"attributes, {dom['active']} embedded elements, window.pwned {dom['pwned']}")
    if "default-src 'none'" not in dom["csp"] or "script" in dom["csp"]:
        fail(f"Content-Security-Policy: {dom['csp']!r}")
    check_counts(dom, rep)
    check_matrices(dom, rep)
    if japanese:
        check_japanese(b, rep)
        check_japanese_layout(b, page)
    body = b.eval("document.body.textContent")
    for text in hostile:
        if text not in body:
            fail(f"{text!r} is not shown as text")
    if rep["results"] and b.eval(VISIBLE) is not False:
        fail("a finding in a closed section shows on screen")
    step("screenshot")
    png = base64.b64decode(b.call("Page.captureScreenshot", format="png")["data"])
    open(page + ".png", "wb").write(png)
    if not png.startswith(b"\x89PNG"):
        fail("no screenshot")
    if no_print:
        check_quiet(b, url)
        return dom
    b.call("Emulation.setEmulatedMedia", media="print")
    if rep["results"] and b.eval(VISIBLE) is not True:
        fail("printed, a finding in a closed section does not show")
    b.call("Emulation.setEmulatedMedia", media="")
    step("printing to PDF")
    pdf = base64.b64decode(b.call("Page.printToPDF", printBackground=True)["data"])
    open(page + ".pdf", "wb").write(pdf)
    if not pdf.startswith(b"%PDF"):
        fail("no PDF")
    check_quiet(b, url)
    return dom


main()

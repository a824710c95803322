/* The HTML report's style sheet, inline so the page needs nothing else.
 * The Content-Security-Policy allows this sheet by its hash and nothing
 * more: no style attributes, no scripts, no fetches.  Colours always come
 * with a symbol, so the page reads in black and white; print opens every
 * <details>. */
#include "report/report_html_parts.h"

#include <stdlib.h>
#include <string.h>
#include "util/base64.h"
#include "util/digest.h"
#include "util/error.h"

const char ts_html_css[] =
    ":root{--error:#b3261e;--warning:#a15c00;--note:#1d5fa8;--review:#6b3fa0;"
    "--pass:#2e7d32;--waived:#5f6368;--line:#d0d4da;--soft:#f4f6f8}\n"
    "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1f2328;"
    "margin:0 auto;max-width:78rem;padding:0 1.25rem 2rem}\n"
    "h1{font-size:1.6rem;margin:1.2rem 0 .2rem}h2{font-size:1.3rem;margin:1.8rem 0 .6rem;"
    "border-bottom:2px solid var(--line);padding-bottom:.2rem}h3{font-size:1.05rem;"
    "margin:1.2rem 0 .4rem}h4{font-size:.95rem;margin:.9rem 0 .3rem}\n"
    ".meta{color:#57606a;margin:0}\n"
    ".banner{border:2px solid var(--error);padding:.5rem .8rem;margin:1rem 0;"
    "font-weight:600}\n"
    "table{border-collapse:collapse;margin:.4rem 0 1rem}th,td{border:1px solid var(--line);"
    "padding:.25rem .6rem;text-align:left;vertical-align:top}th{background:var(--soft)}\n"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
    /* Japanese breaks between any two characters: the words of a table and
     * of a control's or an account's summary (不合格, 要確認, a state) break
     * between phrases where the browser knows them (auto-phrase), else only
     * at spaces and 、 (keep-all); a tag not at all.  A rule's summary, a
     * title in prose, breaks as Japanese does; a word longer than its line
     * still breaks. */
    "th,td,details.control>summary,details.account>summary{word-break:keep-all;"
    "word-break:auto-phrase}summary{overflow-wrap:anywhere}.tag{white-space:nowrap}\n"
    /* ...while paths, ARNs and addresses, one long word each, break anywhere
     * rather than push the page past a narrow window or a printed page */
    "#not-judged+table td:nth-child(n+3),#rule-failures+table td:nth-child(4),"
    "details.rule li{overflow-wrap:anywhere}\n"
    /* a narrow window (600px) still fits a table of whole words */
    "@media (max-width:40rem){th,td{padding:.2rem .3rem}body{padding:0 .6rem 1rem}}\n"
    ".error{color:var(--error)}.warning{color:var(--warning)}.note{color:var(--note)}"
    ".review{color:var(--review)}.pass{color:var(--pass)}.waived{color:var(--waived)}"
    ".none{color:#57606a}\n"
    ".sym{font-weight:700;display:inline-block;min-width:1.1em;text-align:center}\n"
    "svg.chart{max-width:48rem;width:100%;height:auto;display:block;margin:.3rem 0 1rem}\n"
    "svg text{font:12px system-ui,sans-serif;fill:#1f2328}\n"
    "rect.error{fill:var(--error)}rect.warning{fill:var(--warning)}rect.note{fill:var(--note)}"
    "rect.review{fill:var(--review)}rect.pass{fill:var(--pass)}rect.waived{fill:var(--waived)}"
    "rect.none{fill:#8c959f}\n"
    "details{border:1px solid var(--line);border-radius:4px;margin:.4rem 0;padding:0 .8rem}\n"
    "details[open]{padding-bottom:.6rem}summary{cursor:pointer;padding:.4rem 0;"
    "font-weight:600}\n"
    "details details{background:var(--soft)}\n"
    ".finding{border-left:4px solid var(--line);padding:.2rem .7rem;margin:.5rem 0;"
    "background:#fff}\n"
    ".f-error{border-left-color:var(--error)}.f-warning{border-left-color:var(--warning)}"
    ".f-note{border-left-color:var(--note)}.f-review{border-left-color:var(--review)}"
    ".f-pass{border-left-color:var(--pass)}.f-waived{border-left-color:var(--waived)}\n"
    ".finding p{margin:.2rem 0}.res{font-family:ui-monospace,monospace;"
    "font-size:.85rem;overflow-wrap:anywhere}\n"
    ".tag{display:inline-block;border:1px solid currentColor;border-radius:3px;"
    "padding:0 .3rem;margin-right:.3rem;font-size:.8rem;font-weight:600}\n"
    "pre,code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.82rem}\n"
    "pre{background:var(--soft);padding:.5rem;overflow-x:auto;white-space:pre-wrap;"
    "overflow-wrap:anywhere;tab-size:2;margin:.3rem 0}\n"
    "dl{display:grid;grid-template-columns:max-content auto;gap:.1rem 1rem;margin:.5rem 0}"
    "dt{color:#57606a}dd{margin:0;overflow-wrap:anywhere}\n"
    "footer{margin-top:2rem;border-top:1px solid var(--line);color:#57606a;"
    "font-size:.85rem}\n"
    ".st-failed{color:var(--error)}.st-review{color:var(--review)}.st-not-assessed{color:"
    "#57606a}.st-waived{color:var(--waived)}.st-passed{color:var(--pass)}.st-manual{color:"
    "var(--note)}\n"
    "td.m{text-align:center;font-weight:700;padding:.1rem .3rem}td.st-failed{background:#fbe9e7}"
    "td.st-review{background:#f3e5f5}td.st-passed{background:#e8f5e9}td.st-waived,"
    "td.st-not-assessed{background:#f1f3f4}\n"
    "table.matrix th{font-size:.8rem;white-space:nowrap}.scroll{overflow-x:auto}\n"
    ".legend{font-size:.85rem}\n"
    "@media print{.scroll{overflow:visible}body{max-width:none;font-size:11pt}"
    "details::details-content{"
    "content-visibility:visible;display:contents}details{break-inside:auto}"
    "summary{list-style:none}.finding{break-inside:avoid}a{color:inherit}}\n";

char *ts_html_css_hash(void)
{
    char hex[65], *b64, *src;
    unsigned char raw[32];

    ts_sha256_hex(ts_html_css, strlen(ts_html_css), hex);
    for (size_t i = 0; i < 32; i++)
        raw[i] = (unsigned char)strtoul((char[3]){hex[2 * i], hex[2 * i + 1], '\0'}, NULL, 16);
    b64 = ts_base64_encode(raw, sizeof(raw), NULL);
    if (!b64) /* out of memory: the page stays readable without its style */
        return ts_xstrdup("'none'");
    src = ts_xmalloc(strlen(b64) + 12);
    sprintf(src, "'sha256-%s'", b64);
    free(b64);
    return src;
}

/* The HTML report's parts, one concern per file: escaping
 * (report_html_escape.c), the style sheet (report_html_css.c), bar charts
 * (report_html_svg.c), counts (report_html_tally.c), the overview
 * (report_html_overview.c),
 * evidence from the snapshots (report_html_evidence.c), the rules'
 * remediation (report_html_rules.c), the compliance view
 * (report_html_compliance.c) and the accounts' sections
 * (report_html_account.c).  report_html.c puts the page together. */
#ifndef TS_REPORT_HTML_PARTS_H
#define TS_REPORT_HTML_PARTS_H

#include <stdio.h>
#include "report/report.h"

/* Text from snapshots, rules and the command line as HTML text (& < >
 * become entities) or as a double-quoted attribute's value (ts_html_attr:
 * " and ' too); what a terminal or viewer would act on is shown as its
 * escape (\x1b, \u202e, \xHH for a byte that is not UTF-8:
 * ts_text_escape_at).  NULL writes nothing.  ts_html_lines keeps line
 * breaks and tabs (for <pre>). */
void ts_html_text(FILE *out, const char *s);
void ts_html_lines(FILE *out, const char *s);
void ts_html_attr(FILE *out, const char *s);

/* The style sheet, and the CSP source that allows it and nothing else
 * ("'sha256-BASE64'"; caller frees). */
extern const char ts_html_css[];
char *ts_html_css_hash(void);

/* A horizontal bar chart as inline SVG: one bar per row, its parts in
 * the order and colours of TS_HTML_BAR_CLASSES (error, warning, note, to
 * review, waived, passed), each part's length proportional to its value.
 * What the values count: results, or accounts (a control's chart: failed,
 * to review), which each part's tooltip says in Japanese. */
#define TS_HTML_BAR_PARTS 6
struct ts_html_bar {
    const char *label;
    size_t part[TS_HTML_BAR_PARTS];
};
enum ts_html_unit { TS_HTML_RESULTS, TS_HTML_ACCOUNTS };
void ts_html_bars(FILE *out, enum ts_lang lang, const char *title,
                  const struct ts_html_bar *bars, size_t n, enum ts_html_unit unit);

/* What a rule or an account found, waived results apart. */
struct ts_html_count {
    size_t fail[4];         /* by ts_level */
    size_t review, pass, waived;
    size_t accounts;        /* a rule's: accounts with a failure or review */
};

/* Counts by rule and by account, read in one pass over the results. */
struct ts_html_tally {
    struct ts_report_counts totals;
    struct ts_html_count *by_rule, *by_account;
};
void ts_html_tally_build(struct ts_html_tally *t, const struct ts_engine *e,
                         const struct ts_report_opts *o);
void ts_html_tally_release(struct ts_html_tally *t);
/* 1 if a is worse than b: more errors, then warnings, notes, reviews. */
int ts_html_worse(const struct ts_html_count *a, const struct ts_html_count *b);
/* "3 errors, 1 warning, 2 to review" (or "nothing found") into buf, in
 * lang. */
void ts_html_count_words(enum ts_lang lang, const struct ts_html_count *c, char *buf, size_t n);
/* Between a number and its Japanese counter ("5&nbsp;件", "3&nbsp;アカウント"):
 * a line may break between any two Japanese characters, but not there. */
#define TS_HTML_NBSP "&nbsp;"
/* The symbols go with the colours: the page reads in black and white. */
#define TS_HTML_SYM_ERROR "\xE2\x9C\x96"    /* ✖ */
#define TS_HTML_SYM_WARNING "\xE2\x96\xB2"  /* ▲ */
#define TS_HTML_SYM_NOTE "\xE2\x97\x8F"     /* ● */
#define TS_HTML_SYM_REVIEW "?"
#define TS_HTML_SYM_WAIVED "\xE2\x8A\x98"   /* ⊘ */
#define TS_HTML_SYM_PASS "\xE2\x9C\x94"     /* ✔ */
/* The CSS class and symbol of a count's worst finding ("error", "✖"). */
const char *ts_html_count_class(const struct ts_html_count *c, const char **symbol);
/* The same for one result (its verdict and level). */
const char *ts_html_result_class(const struct ts_engine *e, const struct ts_result *r,
                                 const char **symbol);

/* The overview: totals, charts, the worst rules and accounts, and what
 * the run could not judge. */
void ts_html_overview(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o,
                      const struct ts_html_tally *t);

/* The compliance view of each framework of --compliance (o->compliance),
 * or nothing. */
void ts_html_compliance(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o);

/* Reads snapshots back for evidence: one file at a time stays loaded. */
struct ts_html_source {
    char *path, *text;
    size_t len;
    size_t *lines;          /* offset of each line's start; nlines of them */
    size_t nlines;
};
void ts_html_source_release(struct ts_html_source *src);
/* The JSON object or array whose '{' or '[' is at line:column (UTF-16
 * units) of path, pretty-printed, cut at a line break to at most max
 * bytes with a note saying so (in lang); NULL if the file cannot be read or holds
 * no object there.  Caller frees. */
char *ts_html_evidence(struct ts_html_source *src, enum ts_lang lang, const char *path,
                       unsigned line, unsigned column, size_t max);

/* The remediation of every rule that has a result shown, once each. */
void ts_html_rules(FILE *out, const struct ts_engine *e, const struct ts_html_tally *t);

/* One collapsible section per account, its findings grouped by rule. */
void ts_html_accounts(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o,
                      const struct ts_html_tally *t);

#endif

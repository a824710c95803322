/* The HTML report's overview, what a reader sees first: the totals, what
 * the run could not judge, charts, then the worst rules and accounts. */
#include "report/report_html_parts.h"

#include <stdlib.h>
#include <string.h>
#include "engine/result.h"
#include "triage/baseline.h"
#include "triage/config.h"
#include "triage/waiver.h"
#include "util/error.h"

#define TOP_CHART 10    /* bars in a chart of the worst */
#define TOP_ACCOUNTS 25 /* accounts in the overview's table; all are below */

struct ranked {
    const struct ts_html_count *c;
    size_t i;
};

static int cmp_ranked(const void *pa, const void *pb)
{
    const struct ranked *a = pa, *b = pb;

    if (ts_html_worse(a->c, b->c))
        return -1;
    if (ts_html_worse(b->c, a->c))
        return 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

/* Indexes of counts[0..n), worst first.  Caller frees. */
static struct ranked *rank(const struct ts_html_count *counts, size_t n)
{
    struct ranked *r = ts_xmalloc((n ? n : 1) * sizeof(*r));

    for (size_t i = 0; i < n; i++)
        r[i] = (struct ranked){&counts[i], i};
    qsort(r, n, sizeof(*r), cmp_ranked);
    return r;
}

static int found(const struct ts_html_count *c)
{
    return c->fail[TS_LEVEL_ERROR] || c->fail[TS_LEVEL_WARNING] || c->fail[TS_LEVEL_NOTE]
           || c->review;
}

/* One row of the totals; data-count names it for scripts and tests. */
static void total_row(FILE *out, const char *cls, const char *sym, const char *what,
                      const char *key, size_t n)
{
    fputs("<tr><th>", out);
    if (cls)
        fprintf(out, "<span class=\"sym %s\">%s</span> ", cls, sym);
    fprintf(out, "%s</th><td class=\"n\" data-count=\"%s\">%zu</td></tr>\n", what, key, n);
}

static void totals(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o,
                   const struct ts_html_tally *t)
{
    const struct ts_report_counts *n = &t->totals;

    fputs("<table class=\"totals\">\n", out);
    total_row(out, NULL, NULL, "Accounts", "accounts", ts_engine_naccounts(e));
    total_row(out, NULL, NULL, "Rules", "rules", ts_engine_nrules(e));
    total_row(out, "error", TS_HTML_SYM_ERROR, "Failed: error", "fail-error",
              n->by_level[TS_LEVEL_ERROR]);
    total_row(out, "warning", TS_HTML_SYM_WARNING, "Failed: warning", "fail-warning",
              n->by_level[TS_LEVEL_WARNING]);
    total_row(out, "note", TS_HTML_SYM_NOTE, "Failed: note", "fail-note",
              n->by_level[TS_LEVEL_NOTE]);
    total_row(out, "review", TS_HTML_SYM_REVIEW, "To review", "review", n->verdicts[TS_REVIEW]);
    total_row(out, "pass", TS_HTML_SYM_PASS, "Passed", "pass", n->verdicts[TS_PASS]);
    if (o->config)
        total_row(out, "waived", TS_HTML_SYM_WAIVED, "Waived", "waived", n->waived);
    total_row(out, NULL, NULL, "Rule failures", "rule-failures", ts_engine_nfailures(e));
    if (o->nunjudged)
        total_row(out, NULL, NULL, "Accounts not judged", "not-judged", o->nunjudged);
    fputs("</table>\n", out);
}

static void level_chart(FILE *out, const struct ts_report_opts *o,
                        const struct ts_report_counts *n)
{
    struct ts_html_bar bars[6] = {
        {"error", {n->by_level[TS_LEVEL_ERROR]}},
        {"warning", {0, n->by_level[TS_LEVEL_WARNING]}},
        {"note", {0, 0, n->by_level[TS_LEVEL_NOTE]}},
        {"to review", {0, 0, 0, n->verdicts[TS_REVIEW]}}};
    size_t nb = 4;

    if (o->config)
        bars[nb++] = (struct ts_html_bar){"waived", {0, 0, 0, 0, n->waived}};
    if (o->include_passes)
        bars[nb++] = (struct ts_html_bar){"passed", {0, 0, 0, 0, 0, n->verdicts[TS_PASS]}};
    ts_html_bars(out, "Results by level", bars, nb);
}

/* The count cells of a rule's or an account's row. */
static void count_cells(FILE *out, const struct ts_html_count *c, const struct ts_report_opts *o)
{
    fprintf(out, "<td class=\"n\">%zu</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
            "<td class=\"n\">%zu</td>", c->fail[TS_LEVEL_ERROR], c->fail[TS_LEVEL_WARNING],
            c->fail[TS_LEVEL_NOTE], c->review);
    if (o->config)
        fprintf(out, "<td class=\"n\">%zu</td>", c->waived);
}

static void count_heads(FILE *out, const struct ts_report_opts *o)
{
    fputs("<th><span class=\"sym error\">" TS_HTML_SYM_ERROR "</span> error</th>"
          "<th><span class=\"sym warning\">" TS_HTML_SYM_WARNING "</span> warning</th>"
          "<th><span class=\"sym note\">" TS_HTML_SYM_NOTE "</span> note</th>"
          "<th><span class=\"sym review\">?</span> to review</th>", out);
    if (o->config)
        fputs("<th><span class=\"sym waived\">" TS_HTML_SYM_WAIVED "</span> waived</th>", out);
}

/* Bars of the worst items with something found, at most TOP_CHART. */
static void worst_chart(FILE *out, const char *title, const struct ranked *r, size_t n,
                        const char *const *labels)
{
    struct ts_html_bar bars[TOP_CHART];
    size_t nb = 0;

    for (size_t i = 0; i < n && nb < TOP_CHART && found(r[i].c); i++) {
        const struct ts_html_count *c = r[i].c;
        bars[nb++] = (struct ts_html_bar){labels[r[i].i],
                                          {c->fail[TS_LEVEL_ERROR], c->fail[TS_LEVEL_WARNING],
                                           c->fail[TS_LEVEL_NOTE], c->review}};
    }
    if (nb)
        ts_html_bars(out, title, bars, nb);
}

static void worst_rules(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o,
                        const struct ts_html_tally *t)
{
    size_t nr = ts_engine_nrules(e), shown = 0;
    struct ranked *r = rank(t->by_rule, nr);
    const char **ids = ts_xmalloc((nr ? nr : 1) * sizeof(*ids));

    for (size_t i = 0; i < nr; i++)
        ids[i] = ts_engine_rule(e, i)->id;
    fputs("<h3 id=\"worst-rules\">Rules, worst first</h3>\n", out);
    worst_chart(out, "Failures and reviews by rule (worst first)", r, nr, ids);
    fputs("<table class=\"rules\"><tr><th>rule</th><th>severity</th><th>accounts</th>", out);
    count_heads(out, o);
    fputs("</tr>\n", out);
    for (size_t i = 0; i < nr; i++) {
        const struct ts_rule *rule = ts_engine_rule(e, r[i].i);
        if (!found(r[i].c) && !r[i].c->waived)
            continue;
        shown++;
        fprintf(out, "<tr data-rule=\"");
        ts_html_attr(out, rule->id);
        fprintf(out, "\"><td><a href=\"#r-%zu\">", r[i].i);
        ts_html_text(out, rule->id);
        fprintf(out, "</a></td><td>%s</td><td class=\"n\">%zu</td>",
                ts_severity_name(rule->severity), r[i].c->accounts);
        count_cells(out, r[i].c, o);
        fputs("</tr>\n", out);
    }
    fputs("</table>\n", out);
    if (!shown)
        fputs("<p>No rule found anything to report.</p>\n", out);
    free(ids);
    free(r);
}

static void worst_accounts(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o,
                           const struct ts_html_tally *t)
{
    size_t na = ts_engine_naccounts(e), shown = 0;
    struct ranked *r = rank(t->by_account, na);
    char **labels = ts_xmalloc((na ? na : 1) * sizeof(*labels));

    for (size_t i = 0; i < na; i++) {
        char buf[TS_REPORT_LABEL_MAX];
        const struct ts_account *a = ts_engine_account(e, i);
        labels[i] = ts_xstrdup(ts_report_account_label(a->account_id, a->name, buf, sizeof(buf)));
    }
    fputs("<h3 id=\"worst-accounts\">Accounts, worst first</h3>\n", out);
    worst_chart(out, "Failures and reviews by account (worst first)", r, na,
                (const char *const *)labels);
    fputs("<table class=\"accounts\"><tr><th>account</th><th>collected at</th>", out);
    count_heads(out, o);
    fputs("</tr>\n", out);
    for (size_t i = 0; i < na && shown < TOP_ACCOUNTS; i++) {
        const struct ts_account *a = ts_engine_account(e, r[i].i);
        if (!found(r[i].c) && !r[i].c->waived)
            continue;
        shown++;
        fprintf(out, "<tr><td><a href=\"#a-%zu\">", r[i].i);
        ts_html_text(out, labels[r[i].i]);
        fputs("</a></td><td>", out);
        ts_html_text(out, a->collected_at ? a->collected_at : "unknown");
        fputs("</td>", out);
        count_cells(out, r[i].c, o);
        fputs("</tr>\n", out);
    }
    fputs("</table>\n", out);
    if (!shown)
        fputs("<p>No account has anything to report.</p>\n", out);
    else if (na > shown)
        fprintf(out, "<p>The %zu worst of %zu accounts; every account has its section under "
                "<a href=\"#accounts\">Accounts</a>.</p>\n", shown, na);
    for (size_t i = 0; i < na; i++)
        free(labels[i]);
    free(labels);
    free(r);
}

/* Rules that failed: their results are missing, which is never a pass. */
static void rule_failures(FILE *out, const struct ts_engine *e)
{
    size_t n = ts_engine_nfailures(e);

    if (!n)
        return;
    fprintf(out, "<h3 id=\"rule-failures\" class=\"error\">Rule failures (%zu): these rules "
            "judged nothing there</h3>\n<table><tr><th>rule</th><th>account</th><th>cause</th>"
            "<th>message</th></tr>\n", n);
    for (size_t i = 0; i < n; i++) {
        const struct ts_failure *f = ts_engine_failure(e, i);
        char buf[TS_REPORT_LABEL_MAX];
        const struct ts_account *a = f->snapshot == SIZE_MAX ? NULL
                                                             : ts_engine_account(e, f->snapshot);
        fputs("<tr class=\"rule-failure\"><td>", out);
        ts_html_text(out, f->rule_id);
        fputs("</td><td>", out);
        ts_html_text(out, a ? ts_report_account_label(a->account_id, a->name, buf, sizeof(buf))
                            : "(while loading)");
        fprintf(out, "</td><td>%s</td><td>", ts_cause_name(f->cause));
        ts_html_text(out, f->message);
        fputs("</td></tr>\n", out);
    }
    fputs("</table>\n", out);
}

/* Accounts of an organisation's manifest that no snapshot judged. */
static void not_judged(FILE *out, const struct ts_report_opts *o)
{
    char why[1024];

    if (!o->nunjudged)
        return;
    fprintf(out, "<h3 id=\"not-judged\">Accounts not judged (%zu)</h3>\n<table><tr><th>account"
            "</th><th>state</th><th>reason</th><th>manifest</th></tr>\n", o->nunjudged);
    for (size_t i = 0; i < o->nunjudged; i++) {
        const struct ts_org_account *a = o->unjudged[i];
        char buf[TS_REPORT_LABEL_MAX];
        fprintf(out, "<tr class=\"%s\"><td>", ts_org_account_gap(a) ? "error" : "none");
        ts_html_text(out, ts_report_account_label(a->id ? a->id : "?", a->name, buf,
                                                  sizeof(buf)));
        fprintf(out, "</td><td>%s</td><td>", ts_org_account_state(a));
        ts_html_text(out, ts_org_account_reason(a, why, sizeof(why)));
        fputs("</td><td>", out);
        ts_html_text(out, a->manifest);
        fprintf(out, ":%u:%u</td></tr>\n", a->line, a->column);
    }
    fputs("</table>\n", out);
}

static void skipped_inputs(FILE *out, const struct ts_report_opts *o)
{
    if (!o->nskipped)
        return;
    fprintf(out, "<h3 id=\"skipped\" class=\"error\">Inputs left out (%zu)</h3>\n<ul>\n",
            o->nskipped);
    for (size_t i = 0; i < o->nskipped; i++) {
        const struct ts_skipped *sk = &o->skipped[i];
        fputs("<li><code>", out);
        ts_html_text(out, sk->file ? sk->file : "(unknown)");
        if (sk->line)
            fprintf(out, ":%u:%u", sk->line, sk->column);
        fputs("</code>: ", out);
        ts_html_text(out, sk->message);
        fputs("</li>\n", out);
    }
    fputs("</ul>\n", out);
}

/* Expired and stale waivers: someone has to act on them. */
static void waivers_to_act(FILE *out, const struct ts_report_opts *o)
{
    const struct ts_config *c = o->config;
    int header = 0;

    for (size_t i = 0; c && i < c->nwaivers; i++) {
        const struct ts_waiver *w = &c->waivers[i];
        enum ts_waiver_state st = ts_waiver_state(w);
        if (!ts_waiver_state_needs_action(st))
            continue;
        if (!header++)
            fputs("<h3 id=\"waivers\">Waivers to review</h3>\n<ul>\n", out);
        fprintf(out, "<li class=\"waiver-%s\"><span class=\"tag\">%s</span><code>",
                st == TS_WAIVER_EXPIRED ? "expired" : "stale", ts_waiver_state_name(st));
        ts_html_text(out, c->doc.path);
        fprintf(out, ":%u:%u</code> ", w->line, w->column);
        ts_html_text(out, w->rule);
        fputs(" on ", out);
        ts_html_text(out, w->resource);
        fputs(st == TS_WAIVER_EXPIRED ? ": expired on " : ": it matched nothing", out);
        if (st == TS_WAIVER_EXPIRED)
            ts_html_text(out, w->expires);
        fputs("</li>\n", out);
    }
    if (header)
        fputs("</ul>\n", out);
}

/* The baseline's counts and what it held that is gone now (absent). */
static void baseline(FILE *out, const struct ts_report_opts *o)
{
    const struct ts_baseline *b = o->baseline;

    if (!b)
        return;
    fprintf(out, "<h3 id=\"baseline\">Against the baseline</h3>\n<p>%zu new, %zu updated, "
            "%zu unchanged, %zu absent</p>\n", b->counts[TS_BASELINE_NEW],
            b->counts[TS_BASELINE_UPDATED], b->counts[TS_BASELINE_UNCHANGED],
            b->counts[TS_BASELINE_ABSENT]);
    if (!b->counts[TS_BASELINE_ABSENT])
        return;
    fputs("<details><summary>Absent: in the baseline, not found now</summary><ul>\n", out);
    for (size_t i = 0; i < b->nresults; i++) {
        const struct ts_baseline_result *r = &b->results[i];
        if (!r->absent)
            continue;
        fputs("<li class=\"absent\"><span class=\"tag\">absent</span>", out);
        ts_html_text(out, r->rule_id);
        fputs(" ", out);
        ts_html_text(out, r->account);
        fputs(" <span class=\"res\">", out);
        ts_html_text(out, r->resource);
        fputs("</span>: ", out);
        ts_html_text(out, r->message);
        fputs("</li>\n", out);
    }
    fputs("</ul></details>\n", out);
}

void ts_html_overview(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o,
                      const struct ts_html_tally *t)
{
    fputs("<section id=\"overview\"><h2>Overview</h2>\n", out);
    totals(out, e, o, t);
    rule_failures(out, e);
    not_judged(out, o);
    skipped_inputs(out, o);
    waivers_to_act(out, o);
    baseline(out, o);
    level_chart(out, o, &t->totals);
    worst_rules(out, e, o, t);
    worst_accounts(out, e, o, t);
    fputs("</section>\n", out);
}

/* The HTML report's overview, what a reader sees first: the totals, what
 * the run could not judge, charts, then the worst rules and accounts. */
#include "report/report_html_parts.h"

#include <stdlib.h>
#include <string.h>
#include "engine/result.h"
#include "triage/baseline.h"
#include "triage/config.h"
#include "triage/waiver.h"
#include "report/report_words.h"
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
    enum ts_lang l = ts_engine_lang(e);

    fputs("<table class=\"totals\">\n", out);
    total_row(out, NULL, NULL, ts_word(l, TS_W_ACCOUNTS_CAP), "accounts", ts_engine_naccounts(e));
    total_row(out, NULL, NULL, ts_word(l, TS_W_RULES), "rules", ts_engine_nrules(e));
    total_row(out, "error", TS_HTML_SYM_ERROR, ts_word(l, TS_W_FAILED_ERROR), "fail-error",
              n->by_level[TS_LEVEL_ERROR]);
    total_row(out, "warning", TS_HTML_SYM_WARNING, ts_word(l, TS_W_FAILED_WARNING), "fail-warning",
              n->by_level[TS_LEVEL_WARNING]);
    total_row(out, "note", TS_HTML_SYM_NOTE, ts_word(l, TS_W_FAILED_NOTE), "fail-note",
              n->by_level[TS_LEVEL_NOTE]);
    total_row(out, "review", TS_HTML_SYM_REVIEW, ts_word(l, TS_W_TO_REVIEW_CAP), "review",
              n->verdicts[TS_REVIEW]);
    total_row(out, "pass", TS_HTML_SYM_PASS, ts_word(l, TS_W_PASSED_CAP), "pass",
              n->verdicts[TS_PASS]);
    if (o->config)
        total_row(out, "waived", TS_HTML_SYM_WAIVED, ts_word(l, TS_W_WAIVED_CAP), "waived",
                  n->waived);
    total_row(out, NULL, NULL, ts_word(l, TS_W_RULE_FAILURES_CAP), "rule-failures",
              ts_engine_nfailures(e));
    if (o->nunjudged)
        total_row(out, NULL, NULL, ts_word(l, TS_W_ACCOUNTS_NOT_JUDGED), "not-judged",
                  o->nunjudged);
    fputs("</table>\n", out);
}

static void level_chart(FILE *out, enum ts_lang l, const struct ts_report_opts *o,
                        const struct ts_report_counts *n)
{
    struct ts_html_bar bars[6] = {
        {ts_word(l, TS_W_ERROR), {n->by_level[TS_LEVEL_ERROR]}},
        {ts_word(l, TS_W_WARNING), {0, n->by_level[TS_LEVEL_WARNING]}},
        {ts_word(l, TS_W_NOTE), {0, 0, n->by_level[TS_LEVEL_NOTE]}},
        {ts_word(l, TS_W_TO_REVIEW), {0, 0, 0, n->verdicts[TS_REVIEW]}}};
    size_t nb = 4;

    if (o->config)
        bars[nb++] = (struct ts_html_bar){ts_word(l, TS_W_WAIVED), {0, 0, 0, 0, n->waived}};
    if (o->include_passes)
        bars[nb++] = (struct ts_html_bar){ts_word(l, TS_W_PASSED),
                                          {0, 0, 0, 0, 0, n->verdicts[TS_PASS]}};
    ts_html_bars(out, l, ts_word(l, TS_W_RESULTS_BY_LEVEL), bars, nb, TS_HTML_RESULTS);
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

static void count_heads(FILE *out, enum ts_lang l, const struct ts_report_opts *o)
{
    fprintf(out, "<th><span class=\"sym error\">" TS_HTML_SYM_ERROR "</span> %s</th>"
            "<th><span class=\"sym warning\">" TS_HTML_SYM_WARNING "</span> %s</th>"
            "<th><span class=\"sym note\">" TS_HTML_SYM_NOTE "</span> %s</th>"
            "<th><span class=\"sym review\">?</span> %s</th>", ts_word(l, TS_W_ERROR),
            ts_word(l, TS_W_WARNING), ts_word(l, TS_W_NOTE), ts_word(l, TS_W_TO_REVIEW));
    if (o->config)
        fprintf(out, "<th><span class=\"sym waived\">" TS_HTML_SYM_WAIVED "</span> %s</th>",
                ts_word(l, TS_W_WAIVED));
}

/* Bars of the worst items with something found, at most TOP_CHART. */
static void worst_chart(FILE *out, enum ts_lang l, const char *title, const struct ranked *r,
                        size_t n, const char *const *labels)
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
        ts_html_bars(out, l, title, bars, nb, TS_HTML_RESULTS);
}

static void worst_rules(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o,
                        const struct ts_html_tally *t)
{
    size_t nr = ts_engine_nrules(e), shown = 0;
    struct ranked *r = rank(t->by_rule, nr);
    const char **ids = ts_xmalloc((nr ? nr : 1) * sizeof(*ids));
    enum ts_lang l = ts_engine_lang(e);

    for (size_t i = 0; i < nr; i++)
        ids[i] = ts_engine_rule(e, i)->id;
    fprintf(out, "<h3 id=\"worst-rules\">%s</h3>\n", ts_word(l, TS_W_RULES_WORST_FIRST));
    worst_chart(out, l, ts_word(l, TS_W_RULES_CHART), r, nr, ids);
    fprintf(out, "<table class=\"rules\"><tr><th>%s</th><th>%s</th><th>%s</th>",
            ts_word(l, TS_W_RULE), ts_word(l, TS_W_SEVERITY), ts_word(l, TS_W_ACCOUNTS));
    count_heads(out, l, o);
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
                ts_word_severity(l, rule->severity), r[i].c->accounts);
        count_cells(out, r[i].c, o);
        fputs("</tr>\n", out);
    }
    fputs("</table>\n", out);
    if (!shown)
        fprintf(out, "<p>%s</p>\n", ts_word(l, TS_W_NO_RULE_TO_REPORT));
    free(ids);
    free(r);
}

static void worst_accounts(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o,
                           const struct ts_html_tally *t)
{
    size_t na = ts_engine_naccounts(e), shown = 0;
    struct ranked *r = rank(t->by_account, na);
    char **labels = ts_xmalloc((na ? na : 1) * sizeof(*labels));
    enum ts_lang l = ts_engine_lang(e);
    char date[TS_WORD_DATE_MAX];

    for (size_t i = 0; i < na; i++) {
        char buf[TS_REPORT_LABEL_MAX];
        const struct ts_account *a = ts_engine_account(e, i);
        labels[i] = ts_xstrdup(ts_report_account_label(a->account_id, a->name, buf, sizeof(buf)));
    }
    fprintf(out, "<h3 id=\"worst-accounts\">%s</h3>\n", ts_word(l, TS_W_ACCOUNTS_WORST_FIRST));
    worst_chart(out, l, ts_word(l, TS_W_ACCOUNTS_CHART), r, na,
                (const char *const *)labels);
    fprintf(out, "<table class=\"accounts\"><tr><th>%s</th><th>%s</th>", ts_word(l, TS_W_ACCOUNT),
            ts_word(l, TS_W_COLLECTED_AT));
    count_heads(out, l, o);
    fputs("</tr>\n", out);
    for (size_t i = 0; i < na && shown < TOP_ACCOUNTS; i++) {
        const struct ts_account *a = ts_engine_account(e, r[i].i);
        if (!found(r[i].c) && !r[i].c->waived)
            continue;
        shown++;
        fprintf(out, "<tr><td><a href=\"#a-%zu\">", r[i].i);
        ts_html_text(out, labels[r[i].i]);
        fputs("</a></td><td>", out);
        ts_html_text(out, a->collected_at ? ts_word_date(l, a->collected_at, 1, date, sizeof(date))
                                          : ts_word(l, TS_W_UNKNOWN));
        fputs("</td>", out);
        count_cells(out, r[i].c, o);
        fputs("</tr>\n", out);
    }
    fputs("</table>\n", out);
    if (!shown)
        fprintf(out, "<p>%s</p>\n", ts_word(l, TS_W_NO_ACCOUNT_TO_REPORT));
    else if (na > shown && l == TS_LANG_JA)
        fprintf(out, "<p>%zu" TS_HTML_NBSP "アカウントのうち深刻な %zu" TS_HTML_NBSP "アカウント"
                "です。すべてのアカウントは<a href=\"#accounts\">アカウント</a>にそれぞれの節が"
                "あります。</p>\n", na, shown);
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
    enum ts_lang l = ts_engine_lang(e);

    if (!n)
        return;
    if (l == TS_LANG_JA)
        fprintf(out, "<h3 id=\"rule-failures\" class=\"error\">ルールの実行失敗 (%zu 件): "
                "該当するアカウントでは、これらのルールの判定結果がありません</h3>\n", n);
    else
        fprintf(out, "<h3 id=\"rule-failures\" class=\"error\">Rule failures (%zu): these rules "
                "judged nothing there</h3>\n", n);
    fprintf(out, "<table><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>\n",
            ts_word(l, TS_W_RULE), ts_word(l, TS_W_ACCOUNT), ts_word(l, TS_W_CAUSE),
            ts_word(l, TS_W_MESSAGE));
    for (size_t i = 0; i < n; i++) {
        const struct ts_failure *f = ts_engine_failure(e, i);
        char buf[TS_REPORT_LABEL_MAX];
        const struct ts_account *a = f->snapshot == SIZE_MAX ? NULL
                                                             : ts_engine_account(e, f->snapshot);
        fputs("<tr class=\"rule-failure\"><td>", out);
        ts_html_text(out, f->rule_id);
        fputs("</td><td>", out);
        ts_html_text(out, a ? ts_report_account_label(a->account_id, a->name, buf, sizeof(buf))
                            : ts_word(l, TS_W_WHILE_LOADING));
        fprintf(out, "</td><td>%s</td><td>", ts_word_cause(l, f->cause));
        ts_html_text(out, f->message);
        fputs("</td></tr>\n", out);
    }
    fputs("</table>\n", out);
}

/* Accounts of an organisation's manifest that no snapshot judged. */
static void not_judged(FILE *out, enum ts_lang l, const struct ts_report_opts *o)
{
    char why[1024];

    if (!o->nunjudged)
        return;
    fprintf(out, "<h3 id=\"not-judged\">%s (%zu)</h3>\n<table><tr><th>%s</th><th>%s</th>"
            "<th>%s</th><th>%s</th></tr>\n", ts_word(l, TS_W_ACCOUNTS_NOT_JUDGED), o->nunjudged,
            ts_word(l, TS_W_ACCOUNT), ts_word(l, TS_W_STATE), ts_word(l, TS_W_REASON),
            ts_word(l, TS_W_MANIFEST));
    for (size_t i = 0; i < o->nunjudged; i++) {
        const struct ts_org_account *a = o->unjudged[i];
        char buf[TS_REPORT_LABEL_MAX];
        fprintf(out, "<tr class=\"%s\"><td>", ts_org_account_gap(a) ? "error" : "none");
        ts_html_text(out, a->id || l != TS_LANG_JA
                              ? ts_report_account_label(a->id ? a->id : "?", a->name, buf,
                                                        sizeof(buf))
                              : ts_word_org_label(l, a, buf, sizeof(buf)));
        fprintf(out, "</td><td>%s</td><td>", ts_word_org_state(l, a));
        ts_html_text(out, ts_word_org_reason(l, a, why, sizeof(why)));
        fputs("</td><td>", out);
        ts_html_text(out, a->manifest);
        fprintf(out, ":%u:%u</td></tr>\n", a->line, a->column);
    }
    fputs("</table>\n", out);
}

static void skipped_inputs(FILE *out, enum ts_lang l, const struct ts_report_opts *o)
{
    if (!o->nskipped)
        return;
    fprintf(out, "<h3 id=\"skipped\" class=\"error\">%s (%zu)</h3>\n<ul>\n",
            ts_word(l, TS_W_INPUTS_LEFT_OUT), o->nskipped);
    for (size_t i = 0; i < o->nskipped; i++) {
        const struct ts_skipped *sk = &o->skipped[i];
        fputs("<li><code>", out);
        ts_html_text(out, sk->file ? sk->file : ts_word(l, TS_W_UNKNOWN_PAREN));
        if (sk->line)
            fprintf(out, ":%u:%u", sk->line, sk->column);
        fputs("</code>: ", out);
        ts_html_text(out, sk->message);
        fputs("</li>\n", out);
    }
    fputs("</ul>\n", out);
}

/* Expired and stale waivers: someone has to act on them. */
static void waivers_to_act(FILE *out, enum ts_lang l, const struct ts_report_opts *o)
{
    const struct ts_config *c = o->config;
    int header = 0;

    for (size_t i = 0; c && i < c->nwaivers; i++) {
        const struct ts_waiver *w = &c->waivers[i];
        enum ts_waiver_state st = ts_waiver_state(w);
        if (!ts_waiver_state_needs_action(st))
            continue;
        if (!header++)
            fprintf(out, "<h3 id=\"waivers\">%s</h3>\n<ul>\n", ts_word(l, TS_W_WAIVERS_TO_REVIEW));
        fprintf(out, "<li class=\"waiver-%s\"><span class=\"tag\">%s</span><code>",
                st == TS_WAIVER_EXPIRED ? "expired" : "stale",
                ts_word_waiver_state(l, st));
        ts_html_text(out, c->doc.path);
        fprintf(out, ":%u:%u</code> ", w->line, w->column);
        ts_html_text(out, w->rule);
        fputs(l == TS_LANG_JA ? " (" : " on ", out);
        ts_html_text(out, w->resource);
        if (l == TS_LANG_JA) {
            char date[TS_WORD_DATE_MAX];
            fputs(st == TS_WAIVER_EXPIRED ? "): " : "): 一致する結果がありません", out);
            if (st == TS_WAIVER_EXPIRED) {
                ts_html_text(out, ts_word_date(l, w->expires, 0, date, sizeof(date)));
                fputs("に期限切れ", out);
            }
        } else {
            fputs(st == TS_WAIVER_EXPIRED ? ": expired on " : ": it matched nothing", out);
            if (st == TS_WAIVER_EXPIRED)
                ts_html_text(out, w->expires);
        }
        fputs("</li>\n", out);
    }
    if (header)
        fputs("</ul>\n", out);
}

/* The baseline's counts and what it held that is gone now (absent). */
static void baseline(FILE *out, enum ts_lang l, const struct ts_report_opts *o)
{
    const struct ts_baseline *b = o->baseline;

    if (!b)
        return;
    fprintf(out, "<h3 id=\"baseline\">%s</h3>\n<p>", ts_word(l, TS_W_AGAINST_THE_BASELINE));
    fprintf(out, l == TS_LANG_JA ? "新規 %zu" TS_HTML_NBSP "件、変化あり %zu" TS_HTML_NBSP "件、"
                                   "変化なし %zu" TS_HTML_NBSP "件、解消 %zu" TS_HTML_NBSP "件"
                                 : "%zu new, %zu updated, %zu unchanged, %zu absent",
            b->counts[TS_BASELINE_NEW], b->counts[TS_BASELINE_UPDATED],
            b->counts[TS_BASELINE_UNCHANGED], b->counts[TS_BASELINE_ABSENT]);
    fputs("</p>\n", out);
    if (!b->counts[TS_BASELINE_ABSENT])
        return;
    fprintf(out, "<details><summary>%s</summary><ul>\n",
            ts_word(l, TS_W_ABSENT_EXPLAINED));
    for (size_t i = 0; i < b->nresults; i++) {
        const struct ts_baseline_result *r = &b->results[i];
        if (!r->absent)
            continue;
        fprintf(out, "<li class=\"absent\"><span class=\"tag\">%s</span>", ts_word(l, TS_W_ABSENT));
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
    enum ts_lang l = ts_engine_lang(e);

    fprintf(out, "<section id=\"overview\"><h2>%s</h2>\n", ts_word(l, TS_W_OVERVIEW));
    totals(out, e, o, t);
    rule_failures(out, e);
    not_judged(out, l, o);
    skipped_inputs(out, l, o);
    waivers_to_act(out, l, o);
    baseline(out, l, o);
    level_chart(out, l, o, &t->totals);
    worst_rules(out, e, o, t);
    worst_accounts(out, e, o, t);
    fputs("</section>\n", out);
}

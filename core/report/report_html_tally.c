/* The HTML report's counts by rule and by account, and the words and
 * symbols it shows them with. */
#include "report/report_html_parts.h"

#include <stdlib.h>
#include <string.h>
#include "engine/result.h"
#include "engine/results.h"
#include "util/error.h"

static void add(struct ts_html_count *c, const struct ts_engine *e, const struct ts_result *r)
{
    if (r->waiver)
        c->waived++;
    else if (r->verdict == TS_FAIL)
        c->fail[ts_result_level(ts_engine_rule(e, r->rule), r)]++;
    else if (r->verdict == TS_REVIEW)
        c->review++;
    else
        c->pass++;
}

void ts_html_tally_build(struct ts_html_tally *t, const struct ts_engine *e,
                         const struct ts_report_opts *o)
{
    size_t nr = ts_engine_nrules(e), na = ts_engine_naccounts(e);
    /* The last account each rule found something on: results come account
     * by account, so a rule's accounts are counted once each. */
    size_t *last = ts_xmalloc((nr ? nr : 1) * sizeof(*last));
    struct ts_results_iter it;
    const struct ts_result *r;

    ts_report_count(e, o, &t->totals);
    t->by_rule = ts_xmalloc((nr ? nr : 1) * sizeof(*t->by_rule));
    t->by_account = ts_xmalloc((na ? na : 1) * sizeof(*t->by_account));
    memset(t->by_rule, 0, (nr ? nr : 1) * sizeof(*t->by_rule));
    memset(t->by_account, 0, (na ? na : 1) * sizeof(*t->by_account));
    for (size_t i = 0; i < nr; i++)
        last[i] = SIZE_MAX;
    ts_results_begin(&it, e);
    while ((r = ts_results_next(&it))) {
        add(&t->by_rule[r->rule], e, r);
        add(&t->by_account[r->snapshot], e, r);
        if (r->verdict != TS_PASS && !r->waiver && last[r->rule] != r->snapshot) {
            last[r->rule] = r->snapshot;
            t->by_rule[r->rule].accounts++;
        }
    }
    ts_results_end(&it);
    free(last);
}

void ts_html_tally_release(struct ts_html_tally *t)
{
    free(t->by_rule);
    free(t->by_account);
}

int ts_html_worse(const struct ts_html_count *a, const struct ts_html_count *b)
{
    for (int l = TS_LEVEL_ERROR; l >= TS_LEVEL_NOTE; l--)
        if (a->fail[l] != b->fail[l])
            return a->fail[l] > b->fail[l];
    return a->review > b->review;
}

/* Japanese: "エラー 3 件、警告 1 件、要確認 2 件", each number held to its
 * counter (TS_HTML_NBSP). */
static void count_words_ja(const struct ts_html_count *c, char *buf, size_t n)
{
    static const char *const names[] = {NULL, "注記", "警告", "エラー"};
    size_t at = 0;

    buf[0] = '\0';
    for (int l = TS_LEVEL_ERROR; l >= TS_LEVEL_NOTE; l--)
        if (c->fail[l] && at < n)
            at += (size_t)snprintf(buf + at, n - at, "%s%s %zu" TS_HTML_NBSP "件", at ? "、" : "",
                                   names[l], c->fail[l]);
    if (c->review && at < n)
        at += (size_t)snprintf(buf + at, n - at, "%s要確認 %zu" TS_HTML_NBSP "件", at ? "、" : "",
                               c->review);
    if (c->waived && at < n)
        at += (size_t)snprintf(buf + at, n - at, "%s免除 %zu" TS_HTML_NBSP "件", at ? "、" : "",
                               c->waived);
    if (c->pass && at < n)
        at += (size_t)snprintf(buf + at, n - at, "%s合格 %zu" TS_HTML_NBSP "件", at ? "、" : "",
                               c->pass);
    if (!at)
        snprintf(buf, n, "検出事項なし");
}

void ts_html_count_words(enum ts_lang lang, const struct ts_html_count *c, char *buf, size_t n)
{
    static const char *const names[] = {NULL, "note", "warning", "error"};
    size_t at = 0;

    if (lang == TS_LANG_JA) {
        count_words_ja(c, buf, n);
        return;
    }
    buf[0] = '\0';
    for (int l = TS_LEVEL_ERROR; l >= TS_LEVEL_NOTE; l--)
        if (c->fail[l] && at < n)
            at += (size_t)snprintf(buf + at, n - at, "%s%zu %s%s", at ? ", " : "", c->fail[l],
                                   names[l], c->fail[l] == 1 ? "" : "s");
    if (c->review && at < n)
        at += (size_t)snprintf(buf + at, n - at, "%s%zu to review", at ? ", " : "", c->review);
    if (c->waived && at < n)
        at += (size_t)snprintf(buf + at, n - at, "%s%zu waived", at ? ", " : "", c->waived);
    if (c->pass && at < n)
        at += (size_t)snprintf(buf + at, n - at, "%s%zu passed", at ? ", " : "", c->pass);
    if (!at)
        snprintf(buf, n, "nothing found");
}

const char *ts_html_count_class(const struct ts_html_count *c, const char **symbol)
{
    static const struct { const char *cls, *sym; } k[] = {
        {"error", TS_HTML_SYM_ERROR}, {"warning", TS_HTML_SYM_WARNING}, {"note", TS_HTML_SYM_NOTE},
        {"review", TS_HTML_SYM_REVIEW}, {"waived", TS_HTML_SYM_WAIVED},
        {"pass", TS_HTML_SYM_PASS}, {"none", "-"}};
    size_t i = c->fail[TS_LEVEL_ERROR] ? 0 : c->fail[TS_LEVEL_WARNING] ? 1
             : c->fail[TS_LEVEL_NOTE] ? 2 : c->review ? 3 : c->waived ? 4 : c->pass ? 5 : 6;

    *symbol = k[i].sym;
    return k[i].cls;
}

const char *ts_html_result_class(const struct ts_engine *e, const struct ts_result *r,
                                 const char **symbol)
{
    struct ts_html_count c;

    memset(&c, 0, sizeof(c));
    if (r->waiver)
        c.waived = 1;
    else if (r->verdict == TS_FAIL)
        c.fail[ts_result_level(ts_engine_rule(e, r->rule), r)] = 1;
    else if (r->verdict == TS_REVIEW)
        c.review = 1;
    else
        c.pass = 1;
    return ts_html_count_class(&c, symbol);
}

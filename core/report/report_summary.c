#include "report/report_summary.h"

#include <stdlib.h>
#include <string.h>
#include "engine/result.h"
#include "engine/results.h"

enum ts_level ts_report_rule_level(const struct ts_engine *e, size_t rule)
{
    return ts_severity_level(ts_engine_rule(e, rule)->severity);
}

static void tally(struct ts_report_summary *s, const struct ts_engine *e,
                  const struct ts_result *r, size_t *last_account)
{
    struct ts_rule_tally *t = &s->rules[r->rule];
    struct ts_account_tally *a = r->snapshot < s->naccounts ? &s->accounts[r->snapshot] : NULL;

    if (r->verdict == TS_PASS) {
        t->passed++;
        if (a)
            a->passed++;
        return;
    }
    if (r->waiver) {
        t->waived++;
        if (a)
            a->waived++;
        return;
    }
    if (r->verdict == TS_FAIL) {
        t->failed++;
        if (a)
            a->failed[ts_report_rule_level(e, r->rule)]++;
    } else {
        t->review++;
        if (a)
            a->review++;
    }
    if (last_account[r->rule] != r->snapshot + 1) { /* results come account by account */
        last_account[r->rule] = r->snapshot + 1;
        t->accounts++;
    }
}

/* qsort has no context argument: the one summary being sorted. */
static const struct ts_report_summary *sorting;
static const struct ts_engine *sorting_engine;

static int cmp_size(size_t a, size_t b)
{
    return a < b ? -1 : a > b;
}

static int cmp_rule(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    const struct ts_rule_tally *x = &sorting->rules[a], *y = &sorting->rules[b];
    int c;

    if ((c = cmp_size(ts_report_rule_level(sorting_engine, b) * (y->failed > 0),
                      ts_report_rule_level(sorting_engine, a) * (x->failed > 0))))
        return c;
    if ((c = cmp_size(y->failed, x->failed)) || (c = cmp_size(y->accounts, x->accounts))
        || (c = cmp_size(y->review, x->review)))
        return c;
    return cmp_size(a, b);
}

static int cmp_account(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    const struct ts_account_tally *x = &sorting->accounts[a], *y = &sorting->accounts[b];
    int c;

    for (int l = TS_LEVEL_ERROR; l > TS_LEVEL_NONE; l--)
        if ((c = cmp_size(y->failed[l], x->failed[l])))
            return c;
    if ((c = cmp_size(y->review, x->review)))
        return c;
    return cmp_size(a, b);
}

void ts_report_summary_build(struct ts_report_summary *s, const struct ts_engine *e)
{
    ts_report_summary_build_each(s, e, NULL, NULL);
}

void ts_report_summary_build_each(struct ts_report_summary *s, const struct ts_engine *e,
                                  void (*each)(void *ctx, const struct ts_result *r),
                                  void *ctx)
{
    struct ts_results_iter it;
    const struct ts_result *r;
    size_t *last;

    memset(s, 0, sizeof(*s));
    s->nrules = ts_engine_nrules(e);
    s->naccounts = ts_engine_naccounts(e);
    s->rules = ts_xmalloc((s->nrules + 1) * sizeof(*s->rules));
    memset(s->rules, 0, (s->nrules + 1) * sizeof(*s->rules));
    s->accounts = ts_xmalloc((s->naccounts + 1) * sizeof(*s->accounts));
    memset(s->accounts, 0, (s->naccounts + 1) * sizeof(*s->accounts));
    last = ts_xmalloc((s->nrules + 1) * sizeof(*last));
    memset(last, 0, (s->nrules + 1) * sizeof(*last));
    ts_results_begin(&it, e);
    while ((r = ts_results_next(&it))) {
        if (each)
            each(ctx, r);
        if (r->rule < s->nrules)
            tally(s, e, r, last);
    }
    ts_results_end(&it);
    free(last);
    s->rule_order = ts_xmalloc((s->nrules + 1) * sizeof(size_t));
    for (size_t i = 0; i < s->nrules; i++)
        if (s->rules[i].failed || s->rules[i].review)
            s->rule_order[s->nrule_order++] = i;
    s->account_order = ts_xmalloc((s->naccounts + 1) * sizeof(size_t));
    for (size_t i = 0; i < s->naccounts; i++)
        s->account_order[i] = i;
    sorting = s;
    sorting_engine = e;
    qsort(s->rule_order, s->nrule_order, sizeof(size_t), cmp_rule);
    qsort(s->account_order, s->naccounts, sizeof(size_t), cmp_account);
    sorting = NULL;
    sorting_engine = NULL;
}

void ts_report_summary_release(struct ts_report_summary *s)
{
    free(s->rules);
    free(s->accounts);
    free(s->rule_order);
    free(s->account_order);
    memset(s, 0, sizeof(*s));
}

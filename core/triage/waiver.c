#include "triage/waiver.h"

#include <stdio.h>
#include <string.h>
#include "util/glob.h"
#include "engine/results.h"

static int in_scope(const struct ts_waiver *w, const char *account)
{
    return !w->account || !strcmp(w->account, account);
}

int ts_waiver_covers(const struct ts_waiver *w, const struct ts_engine *e,
                     const struct ts_result *r)
{
    if (strcmp(w->rule, ts_engine_rule(e, r->rule)->id)
        || !in_scope(w, ts_engine_account(e, r->snapshot)->account_id))
        return 0;
    if (w->region && !(r->region && ts_glob_match(w->region, r->region)))
        return 0;
    return ts_glob_match(w->resource, r->resource);
}

/* A waiver was put to the test when its rule ran without failing on some
 * account it applies to; otherwise "matched nothing" says nothing. */
static int evaluated(const struct ts_waiver *w, const struct ts_engine *e)
{
    for (size_t a = 0; a < ts_engine_naccounts(e); a++)
        if (in_scope(w, ts_engine_account(e, a)->account_id) && ts_engine_judged(e, w->rule, a))
            return 1;
    return 0;
}

void ts_waivers_apply(struct ts_config *c, struct ts_engine *e, long today)
{
    struct ts_results_iter it;
    struct ts_result *res;

    for (size_t i = 0; i < c->nwaivers; i++) {
        struct ts_waiver *w = &c->waivers[i];
        w->expired = w->expires_day < today; /* the expiry day itself still counts */
        w->evaluated = evaluated(w, e);
        w->matched = 0;
    }
    ts_results_begin(&it, e);
    while ((res = ts_results_next(&it))) {
        size_t was = res->waiver;
        res->waiver = 0;
        for (size_t i = 0; res->verdict != TS_PASS && i < c->nwaivers; i++) {
            struct ts_waiver *w = &c->waivers[i];
            if (!ts_waiver_covers(w, e, res))
                continue;
            w->matched++; /* every covering waiver counts: a renewal is not stale */
            if (!w->expired && !res->waiver)
                res->waiver = i + 1;
        }
        if (res->waiver != was)
            ts_results_save(&it);
    }
    ts_results_end(&it);
}

const struct ts_waiver *ts_waiver_of(const struct ts_config *c, const struct ts_result *r)
{
    if (!c || r->waiver == 0 || r->waiver > c->nwaivers)
        return NULL;
    return &c->waivers[r->waiver - 1];
}

const struct ts_waiver *ts_waiver_expired_of(const struct ts_config *c,
                                             const struct ts_engine *e,
                                             const struct ts_result *r)
{
    if (!c || r->waiver || r->verdict == TS_PASS)
        return NULL;
    for (size_t i = 0; i < c->nwaivers; i++)
        if (c->waivers[i].expired && ts_waiver_covers(&c->waivers[i], e, r))
            return &c->waivers[i];
    return NULL;
}

int ts_waiver_is_stale(const struct ts_waiver *w)
{
    return w->evaluated && !w->expired && w->matched == 0;
}

enum ts_waiver_state ts_waiver_state(const struct ts_waiver *w)
{
    if (w->expired)
        return TS_WAIVER_EXPIRED;
    if (ts_waiver_is_stale(w))
        return TS_WAIVER_STALE;
    return w->matched ? TS_WAIVER_APPLIED : TS_WAIVER_NOT_EVALUATED;
}

const char *ts_waiver_state_name(enum ts_waiver_state s)
{
    static const char *const names[] = {"applied", "not evaluated", "expired", "stale"};
    return names[s];
}

int ts_waiver_state_needs_action(enum ts_waiver_state s)
{
    return s == TS_WAIVER_EXPIRED || s == TS_WAIVER_STALE;
}

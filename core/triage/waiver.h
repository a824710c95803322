/* Waivers at work: which results each covers, which waivers expired, which
 * matched nothing (stale).  Applied after the scan, so rules never see them
 * and a waiver cannot change a verdict, only whether it counts. */
#ifndef TS_WAIVER_H
#define TS_WAIVER_H

#include "triage/config.h"
#include "engine/engine.h"

/* Marks each fail or review result of e with the first (in file order)
 * unexpired waiver of c that covers it (ts_result.waiver = index + 1), and
 * fills each waiver's expired, evaluated and matched.  Pass results are
 * never waived: a waiver over a resource that now passes is stale. */
void ts_waivers_apply(struct ts_config *c, struct ts_engine *e, long today);

/* 1 if w's rule, account, region and resource globs take in r (whatever
 * its verdict and w's expiry). */
int ts_waiver_covers(const struct ts_waiver *w, const struct ts_engine *e,
                     const struct ts_result *r);

/* The first expired waiver that would cover r, or NULL: why a finding that
 * was accepted counts again. */
const struct ts_waiver *ts_waiver_expired_of(const struct ts_config *c,
                                             const struct ts_engine *e,
                                             const struct ts_result *r);

/* The waiver covering r, or NULL. */
const struct ts_waiver *ts_waiver_of(const struct ts_config *c, const struct ts_result *r);

/* A waiver whose rule ran where it applies, that is not expired and that
 * covered nothing: it should be removed or corrected. */
int ts_waiver_is_stale(const struct ts_waiver *w);

/* Where a waiver stands after the scan, the one decision every report and
 * warning renders: expired (its findings count again), stale (its rule ran
 * where it applies and it covered nothing), applied (it covers results),
 * not evaluated (its rule never ran, or failed, where it applies). */
enum ts_waiver_state {
    TS_WAIVER_APPLIED,
    TS_WAIVER_NOT_EVALUATED,
    TS_WAIVER_EXPIRED,
    TS_WAIVER_STALE
};

enum ts_waiver_state ts_waiver_state(const struct ts_waiver *w);

/* "applied", "not evaluated", "expired", "stale". */
const char *ts_waiver_state_name(enum ts_waiver_state s);

/* 1 for the states someone has to act on (expired, stale). */
int ts_waiver_state_needs_action(enum ts_waiver_state s);

#endif

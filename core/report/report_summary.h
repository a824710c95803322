/* The totals reports start with: by rule and by account, in one
 * vocabulary (failed by level, to review, waived, passed).  One pass over
 * the results; the writers only print. */
#ifndef TS_REPORT_SUMMARY_H
#define TS_REPORT_SUMMARY_H

#include <stddef.h>
#include "engine/engine.h"

/* A rule's results over all accounts.  Its failures' level is its
 * severity's (ts_severity_level). */
struct ts_rule_tally {
    size_t failed, review, waived, passed; /* waived ones apart; passes kept only */
    size_t accounts;        /* accounts where it failed or needs review (not waived) */
};

struct ts_account_tally {
    size_t failed[4];       /* not waived, by ts_level */
    size_t review, waived, passed;
};

struct ts_report_summary {
    struct ts_rule_tally *rules;        /* by engine rule index */
    struct ts_account_tally *accounts;  /* by engine account index */
    size_t nrules, naccounts;
    size_t *rule_order;     /* rules with a failure or review, worst first:
                               level, then failures, then accounts */
    size_t nrule_order;
    size_t *account_order;  /* every account, worst first (errors, warnings,
                               notes, reviews), then in engine order */
};

void ts_report_summary_build(struct ts_report_summary *s, const struct ts_engine *e);
/* The same, handing each result to each(ctx, r) on its walk: a writer's
 * own tallies then cost no second reading of the result log. */
void ts_report_summary_build_each(struct ts_report_summary *s, const struct ts_engine *e,
                                  void (*each)(void *ctx, const struct ts_result *r),
                                  void *ctx);
void ts_report_summary_release(struct ts_report_summary *s);

/* The level of a rule's failures. */
enum ts_level ts_report_rule_level(const struct ts_engine *e, size_t rule);

/* Reports past this many accounts are read as an organisation's: the text
 * report groups by rule and lists details only for errors (unless
 * --verbose), and lists only the worst accounts in its totals. */
#define TS_REPORT_MANY_ACCOUNTS 20
#define TS_REPORT_WORST_ACCOUNTS 10

#endif

/* The engine's one lookup of a rule by id, its one "rule judged this
 * account", and the check that a worker's rules are the main engine's. */
#include <stdint.h>
#include "test.h"
#include "engine/engine.h"
#include "test_engine.h"

static const char *const rule_ids[] = {"kms", "validation", NULL};
static const char *const swapped_ids[] = {"validation", "kms", NULL};
static const char *const one_id[] = {"kms", NULL};
static const char *const account_ids[] = {"111111111111", "222222222222", NULL};

static void find_rule(void)
{
    struct ts_engine *e = ts_test_engine(rule_ids, account_ids);

    ASSERT(e != NULL);
    if (!e)
        return;
    ASSERT_EQ_INT(ts_engine_find_rule(e, "kms"), 0);
    ASSERT_EQ_INT(ts_engine_find_rule(e, "validation"), 1);
    ASSERT(ts_engine_find_rule(e, "valid") == SIZE_MAX);        /* whole ids only */
    ASSERT(ts_engine_find_rule(e, "kmsx") == SIZE_MAX);
    ASSERT_EQ_INT(ts_engine_find_rule_n(e, "kms,validation", 3), 0);
    ASSERT_EQ_INT(ts_engine_find_rule_n(e, "validation,kms", 10), 1);
    ASSERT(ts_engine_find_rule_n(e, "km", 2) == SIZE_MAX);
    ASSERT(ts_engine_find_rule_n(e, "", 0) == SIZE_MAX);
    ts_engine_free(e);
}

static void judged(void)
{
    struct ts_engine *e = ts_test_engine(rule_ids, account_ids);

    ASSERT(e != NULL);
    if (!e)
        return;
    ts_engine_add_failure(e, "validation", 0, TS_CAUSE_ERROR, "failed there");
    ASSERT(!ts_engine_judged(e, "validation", 0));                /* failed there */
    ASSERT(ts_engine_judged(e, "validation", 1));
    ASSERT(ts_engine_judged(e, "kms", 0));
    ASSERT(!ts_engine_judged(e, "absent-rule", 0));               /* never ran */
    ASSERT(!ts_engine_judged(e, "kms", 2));                       /* no such account */
    ASSERT(!ts_engine_judged(e, "kms", SIZE_MAX));
    ts_engine_free(e);
}

/* A worker whose rules differ from the main engine's only in order (a rule
 * file renamed while the scan started) must not run: its rule indexes
 * would name the wrong rules in every report. */
static void same_rules(void)
{
    struct ts_engine *a = ts_test_engine(rule_ids, account_ids);
    struct ts_engine *b = ts_test_engine(rule_ids, account_ids);
    struct ts_engine *swapped = ts_test_engine(swapped_ids, account_ids);
    struct ts_engine *one = ts_test_engine(one_id, account_ids);

    ASSERT(a && b && swapped && one);
    if (a && b && swapped && one) {
        ASSERT(ts_engine_same_rules(a, b));
        ASSERT(!ts_engine_same_rules(a, swapped));                /* same count */
        ASSERT(!ts_engine_same_rules(a, one));
    }
    ts_engine_free(a);
    ts_engine_free(b);
    ts_engine_free(swapped);
    ts_engine_free(one);
}

int main(void)
{
    RUN(find_rule);
    RUN(judged);
    RUN(same_rules);
    return TEST_EXIT();
}

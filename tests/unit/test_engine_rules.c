/* The engine's one lookup of a rule by id, its one "rule judged this
 * account", and the check that a worker's rules are the main engine's. */
#include <stdint.h>
#include "test.h"
#include "engine/engine.h"

static struct ts_rule rules[2], swapped[2];
static struct ts_account accounts[2];
static struct ts_failure failures[1];

static void make_engine(struct ts_engine *e)
{
    memset(e, 0, sizeof(*e));
    rules[0].id = (char *)"kms";
    rules[1].id = (char *)"validation";
    accounts[0].account_id = (char *)"111111111111";
    accounts[1].account_id = (char *)"222222222222";
    e->rules = rules;
    e->nrules = 2;
    e->accounts = accounts;
    e->naccounts = 2;
}

static void find_rule(void)
{
    struct ts_engine e;

    make_engine(&e);
    ASSERT_EQ_INT(ts_engine_find_rule(&e, "kms"), 0);
    ASSERT_EQ_INT(ts_engine_find_rule(&e, "validation"), 1);
    ASSERT(ts_engine_find_rule(&e, "valid") == SIZE_MAX);        /* whole ids only */
    ASSERT(ts_engine_find_rule(&e, "kmsx") == SIZE_MAX);
    ASSERT_EQ_INT(ts_engine_find_rule_n(&e, "kms,validation", 3), 0);
    ASSERT_EQ_INT(ts_engine_find_rule_n(&e, "validation,kms", 10), 1);
    ASSERT(ts_engine_find_rule_n(&e, "km", 2) == SIZE_MAX);
    ASSERT(ts_engine_find_rule_n(&e, "", 0) == SIZE_MAX);
}

static void judged(void)
{
    struct ts_engine e;

    make_engine(&e);
    failures[0] = (struct ts_failure){.rule_id = (char *)"validation", .snapshot = 0};
    e.failures = failures;
    e.nfailures = 1;
    ASSERT(!ts_engine_judged(&e, "validation", 0));                /* failed there */
    ASSERT(ts_engine_judged(&e, "validation", 1));
    ASSERT(ts_engine_judged(&e, "kms", 0));
    ASSERT(!ts_engine_judged(&e, "absent-rule", 0));               /* never ran */
    ASSERT(!ts_engine_judged(&e, "kms", 2));                       /* no such account */
    ASSERT(!ts_engine_judged(&e, "kms", SIZE_MAX));
}

/* A worker whose rules differ from the main engine's only in order (a rule
 * file renamed while the scan started) must not run: its rule indexes
 * would name the wrong rules in every report. */
static void same_rules(void)
{
    struct ts_engine a, b;

    make_engine(&a);
    make_engine(&b);
    ASSERT(ts_engine_same_rules(&a, &b));
    swapped[0].id = (char *)"validation";
    swapped[1].id = (char *)"kms";
    b.rules = swapped;
    ASSERT(!ts_engine_same_rules(&a, &b));                         /* same count */
    b.rules = rules;
    b.nrules = 1;
    ASSERT(!ts_engine_same_rules(&a, &b));
}

int main(void)
{
    RUN(find_rule);
    RUN(judged);
    RUN(same_rules);
    return TEST_EXIT();
}

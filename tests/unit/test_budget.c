/* A rule's instruction budget and time limit grow with the snapshot's size
 * (budget.h): a built-in rule on an account with very many log groups
 * keeps its findings, where the fixed budget of an ordinary account would
 * have stopped it and lost them all. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include "test.h"
#include "engine/budget.h"
#include "engine/engine.h"
#include "snapshot/snapshot_load.h"

#define GROUPS 50000
#define LISTED 100
/* Far below what the rule spends on GROUPS groups (about 230 each, 11
 * million), far below what the snapshot's size adds (16 for each of its
 * 2.4 MB). */
#define BASE_INSTRUCTIONS 5000000LL

static void scaling(void)
{
    ASSERT_EQ_INT(ts_budget_instructions(200000000LL, 0), 200000000LL);
    ASSERT_EQ_INT(ts_budget_instructions(1000, 1024 * 1024),
                  1000 + TS_BUDGET_INSTRUCTIONS_PER_BYTE * 1024 * 1024);
    ASSERT_EQ_INT(ts_budget_instructions(LLONG_MAX - 5, 1), LLONG_MAX);
    ASSERT_EQ_INT(ts_budget_instructions(1, (size_t)-1), LLONG_MAX);
    ASSERT(ts_budget_seconds(10.0, 0) == 10.0);
    ASSERT(ts_budget_seconds(10.0, 3 * 1024 * 1024) == 10.0 + 3 * TS_BUDGET_SECONDS_PER_MIB);
    /* No limit stays no limit. */
    ASSERT(ts_budget_seconds(0.0, 1024 * 1024) == 0.0);
}

/* A snapshot of GROUPS log groups that keep events 7 days; *len its size. */
static char *many_groups(size_t *len)
{
    size_t cap = (size_t)GROUPS * 64 + 1024, n = 0;
    char *text = malloc(cap);

    if (!text)
        return NULL;
    n += (size_t)snprintf(text + n, cap - n, "{\"format\": \"trailscan-snapshot/1\","
                          " \"account_id\": \"123456789012\", \"partition\": \"aws\","
                          " \"collected_at\": \"2026-11-25T12:00:00Z\", \"regions\":"
                          " {\"us-east-1\": {\"logs\": {\"DescribeLogGroups\":"
                          " {\"logGroups\": [");
    for (int i = 0; i < GROUPS; i++)
        n += (size_t)snprintf(text + n, cap - n, "%s{\"logGroupName\": \"g%d\","
                              " \"retentionInDays\": 7}", i ? ", " : "", i);
    n += (size_t)snprintf(text + n, cap - n, "]}}}}, \"global\": {}, \"errors\": []}");
    *len = n;
    return text;
}

static void large_account_keeps_its_findings(void)
{
    /* No time limit: a busy machine must not decide this test. */
    struct ts_limits limits = {TS_DEFAULT_MEMORY_LIMIT, BASE_INSTRUCTIONS, LISTED, 0};
    struct ts_problems problems;
    struct ts_snapshot s;
    struct ts_engine *e;
    char path[4096];
    size_t len = 0, fails = 0;
    char *text = many_groups(&len);

    ASSERT(text != NULL);
    if (!text)
        return;
    ts_problems_init(&problems);
    ASSERT((e = ts_engine_new(&limits)) != NULL);
    ts_engine_set_opts(e, &(struct ts_engine_opts){.drop_passes = 1});
    snprintf(path, sizeof(path), "%s/logs/log_group_retention.lua", ts_engine_builtin_dir());
    ASSERT(ts_engine_load_file(e, path, ts_engine_builtin_dir(), &problems) == 0);
    ts_snapshot_init(&s);
    ASSERT(ts_snapshot_load_text(&s, "t.json", text, len, &problems) == 0);
    ts_engine_run(e, &s);
    for (size_t i = 0; i < ts_engine_nfailures(e); i++)
        fprintf(stderr, "rule failed: %s\n", ts_engine_failure(e, i)->message);
    ASSERT_EQ_INT(ts_engine_nfailures(e), 0);
    for (size_t i = 0; i < ts_engine_nresults(e); i++)
        fails += ts_engine_result(e, i)->verdict == TS_FAIL;
    ASSERT_EQ_INT(ts_engine_nresults(e), LISTED + 1);
    ASSERT_EQ_INT(fails, LISTED + 1);
    if (ts_engine_nresults(e))
        ASSERT_CONTAINS(ts_engine_result(e, ts_engine_nresults(e) - 1)->message,
                        "49900 more results on account 123456789012 are not listed"
                        " (49900 fail, 0 review, 0 pass)");
    /* The rule spent more than the base budget, and the limit is the base
     * again once the snapshot is done. */
    ASSERT(ts_engine_rule(e, 0)->instructions > BASE_INSTRUCTIONS);
    ASSERT_EQ_INT(ts_engine_sandbox(e)->limits.instructions, BASE_INSTRUCTIONS);
    ts_snapshot_release(&s);
    ts_engine_free(e);
    ts_problems_release(&problems);
    free(text);
}

int main(void)
{
    RUN(scaling);
    RUN(large_account_keeps_its_findings);
    return TEST_EXIT();
}

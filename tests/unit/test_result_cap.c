/* Results past the listing limit (--max-results) are counted, not kept:
 * the first ones are listed, one summary result after them says how many
 * of each verdict are not, and the rule does not fail.  A built-in rule on
 * an account with more log groups than the limit keeps its findings. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "test.h"
#include "engine/engine.h"
#include "snapshot/snapshot_load.h"

#define LIMIT 1000
#define GROUPS 2500

/* 1,200 fails, 300 reviews and 50 passes, in that order. */
static const char many_rule[] =
    "return {id = \"T-MANY\", name = \"Many\", title = \"t\", severity = \"low\",\n"
    "  description = \"d\", remediation = \"r\",\n"
    "  check = function(snapshot)\n"
    "    for i = 1, 1200 do fail{resource = \"f\" .. i, message = \"m\"} end\n"
    "    for i = 1, 300 do review{resource = \"r\" .. i, message = \"m\"} end\n"
    "    for i = 1, 50 do pass{resource = \"p\" .. i, message = \"m\"} end\n"
    "  end}\n";

static const char empty_snapshot[] =
    "{\"format\": \"trailscan-snapshot/1\", \"account_id\": \"123456789012\","
    " \"partition\": \"aws\", \"collected_at\": \"2026-11-25T12:00:00Z\","
    " \"regions\": {}, \"global\": {}, \"errors\": []}";

static char rule_dir[] = "/tmp/trailscan-result-cap-XXXXXX";
static char rule_path[4096];

static struct ts_engine *init(int drop_passes)
{
    struct ts_engine *e;
    struct ts_limits limits = {TS_DEFAULT_MEMORY_LIMIT, TS_DEFAULT_INSTRUCTION_LIMIT, LIMIT,
                               TS_DEFAULT_SECONDS};

    ASSERT((e = ts_engine_new(&limits)) != NULL);
    ts_engine_set_opts(e, &(struct ts_engine_opts){.drop_passes = drop_passes});
    return e;
}

static void run_text(struct ts_engine *e, const char *text, size_t len)
{
    struct ts_problems problems;
    struct ts_snapshot s;

    ts_problems_init(&problems);
    ts_snapshot_init(&s);
    ASSERT(ts_snapshot_load_text(&s, "t.json", text, len, &problems) == 0);
    ts_engine_run(e, &s);
    ts_snapshot_release(&s);
    ts_problems_release(&problems);
}

static void past_the_limit_results_are_counted(void)
{
    struct ts_problems problems;
    struct ts_engine *e;
    const struct ts_result *last;

    ts_problems_init(&problems);
    e = init(0);
    ASSERT(ts_engine_load_file(e, rule_path, rule_dir, &problems) == 0);
    run_text(e, empty_snapshot, sizeof(empty_snapshot) - 1);
    ASSERT_EQ_INT(ts_engine_nfailures(e), 0);
    ASSERT_EQ_INT(ts_engine_nresults(e), LIMIT + 1);
    if (ts_engine_nresults(e)) {
        last = ts_engine_result(e, ts_engine_nresults(e) - 1);
        ASSERT_EQ_INT(last->verdict, TS_FAIL);
        ASSERT(!strcmp(last->resource, "AWS::::Account:123456789012"));
        ASSERT_CONTAINS(last->message, "550 more results on account 123456789012 are not"
                                       " listed (200 fail, 300 review, 50 pass)");
        ASSERT_CONTAINS(last->message, "--max-results");
    }
    ts_engine_free(e);
    ts_problems_release(&problems);
}

/* logs-log-group-retention over GROUPS log groups that keep events 7 days. */
static void builtin_rule_keeps_its_findings(void)
{
    struct ts_problems problems;
    struct ts_engine *e;
    char path[4096];
    size_t cap = (size_t)GROUPS * 64 + 1024, n = 0, fails = 0;
    char *text = malloc(cap);
    const struct ts_result *last;

    ASSERT(text != NULL);
    if (!text)
        return;
    n += (size_t)snprintf(text + n, cap - n, "{\"format\": \"trailscan-snapshot/1\","
                          " \"account_id\": \"123456789012\", \"partition\": \"aws\","
                          " \"collected_at\": \"2026-11-25T12:00:00Z\", \"regions\":"
                          " {\"us-east-1\": {\"logs\": {\"DescribeLogGroups\":"
                          " {\"logGroups\": [");
    for (int i = 0; i < GROUPS; i++)
        n += (size_t)snprintf(text + n, cap - n, "%s{\"logGroupName\": \"g%d\","
                              " \"retentionInDays\": 7}", i ? ", " : "", i);
    n += (size_t)snprintf(text + n, cap - n, "]}}}}, \"global\": {}, \"errors\": []}");
    ts_problems_init(&problems);
    e = init(1);
    snprintf(path, sizeof(path), "%s/logs/log_group_retention.lua", ts_engine_builtin_dir());
    ASSERT(ts_engine_load_file(e, path, ts_engine_builtin_dir(), &problems) == 0);
    run_text(e, text, n);
    for (size_t i = 0; i < ts_engine_nfailures(e); i++)
        fprintf(stderr, "rule failed: %s\n", ts_engine_failure(e, i)->message);
    ASSERT_EQ_INT(ts_engine_nfailures(e), 0);
    for (size_t i = 0; i < ts_engine_nresults(e); i++)
        fails += ts_engine_result(e, i)->verdict == TS_FAIL;
    ASSERT_EQ_INT(ts_engine_nresults(e), LIMIT + 1);
    ASSERT_EQ_INT(fails, LIMIT + 1);
    if (ts_engine_nresults(e)) {
        last = ts_engine_result(e, ts_engine_nresults(e) - 1);
        ASSERT_CONTAINS(last->message, "1500 more results on account 123456789012 are not"
                                       " listed (1500 fail, 0 review, 0 pass)");
    }
    ts_engine_free(e);
    ts_problems_release(&problems);
    free(text);
}

int main(void)
{
    test_write_temp_file(rule_dir, "many.lua", many_rule, rule_path, sizeof(rule_path));
    RUN(past_the_limit_results_are_counted);
    RUN(builtin_rule_keeps_its_findings);
    unlink(rule_path);
    rmdir(rule_dir);
    return TEST_EXIT();
}

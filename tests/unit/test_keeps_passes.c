/* trailscan.keeps_passes and pass() without a result: when no report shows
 * passes, a rule may only count them, and the counts in reports stay what
 * they were; when passes are kept, every pass keeps its details. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "test.h"
#include "engine/engine.h"
#include "snapshot/snapshot_load.h"

/* Two log groups in one region: one keeps events forever (a pass), one
 * for 7 days (a fail). */
static const char snapshot_text[] =
    "{\"format\": \"trailscan-snapshot/1\", \"account_id\": \"123456789012\","
    " \"partition\": \"aws\", \"collected_at\": \"2026-11-25T12:00:00Z\","
    " \"regions\": {\"us-east-1\": {\"logs\": {\"DescribeLogGroups\": {\"logGroups\": ["
    "{\"logGroupName\": \"forever\"},"
    " {\"logGroupName\": \"week\", \"retentionInDays\": 7}]}}}},"
    " \"global\": {}, \"errors\": []}";

/* Reports a bare pass() always, and what keeps_passes said in a fail. */
static const char bare_rule[] =
    "return {id = \"T-BARE\", name = \"Bare\", title = \"t\", severity = \"low\",\n"
    "  description = \"d\", remediation = \"r\",\n"
    "  check = function(snapshot)\n"
    "    fail{resource = \"r\", message = \"keeps_passes=\" .. tostring(trailscan.keeps_passes)}\n"
    "    pass()\n"
    "  end}\n";

static size_t count(const struct ts_engine *e, enum ts_verdict v)
{
    size_t n = 0;

    for (size_t i = 0; i < ts_engine_nresults(e); i++)
        n += ts_engine_result(e, i)->verdict == v;
    return n;
}

/* Loads the built-in log group rule and the bare rule into e, runs both
 * over the snapshot. */
static struct ts_engine *scan(int drop_passes, const char *rule_dir)
{
    struct ts_engine *e;
    struct ts_limits limits = {TS_DEFAULT_MEMORY_LIMIT, TS_DEFAULT_INSTRUCTION_LIMIT,
                               TS_DEFAULT_RESULT_LIMIT, TS_DEFAULT_SECONDS};
    struct ts_problems problems;
    struct ts_snapshot s;
    char builtin_rule[4096], bare[4096];

    snprintf(builtin_rule, sizeof(builtin_rule), "%s/logs/log_group_retention.lua",
             ts_engine_builtin_dir());
    snprintf(bare, sizeof(bare), "%s/bare.lua", rule_dir);
    ts_problems_init(&problems);
    ts_snapshot_init(&s);
    ASSERT((e = ts_engine_new(&limits)) != NULL);
    ts_engine_set_opts(e, &(struct ts_engine_opts){.drop_passes = drop_passes});
    ASSERT(ts_engine_load_file(e, builtin_rule, ts_engine_builtin_dir(), &problems) == 0);
    ASSERT(ts_engine_load_file(e, bare, rule_dir, &problems) == 0);
    ASSERT(ts_snapshot_load_text(&s, "t.json", snapshot_text, sizeof(snapshot_text) - 1,
                                 &problems) == 0);
    ts_engine_run(e, &s);
    ts_snapshot_release(&s);
    ts_problems_release(&problems);
    return e;
}

static char rule_dir[] = "/tmp/trailscan-keeps-passes-XXXXXX";
static char rule_path[4096];

/* Passes dropped: the rules only count them, and nothing fails. */
static void dropped_passes_are_counted(void)
{
    struct ts_engine *e;

    e = scan(1, rule_dir);
    ASSERT_EQ_INT(ts_engine_nfailures(e), 0);
    ASSERT_EQ_INT(count(e, TS_PASS), 0);
    ASSERT_EQ_INT(ts_engine_dropped_passes(e), 2); /* one log group, one bare pass() */
    ASSERT_EQ_INT(count(e, TS_FAIL), 2);
    for (size_t i = 0; i < ts_engine_nresults(e); i++) {
        const struct ts_result *r = ts_engine_result(e, i);
        if (r->verdict == TS_FAIL && !strcmp(r->resource, "r"))
            ASSERT_CONTAINS(r->message, "keeps_passes=false");
    }
    ts_engine_free(e);
}

/* Passes kept: the log group's pass has its message; a bare pass() is a
 * rule error, since there would be nothing to show. */
static void kept_passes_have_details(void)
{
    struct ts_engine *e;
    int seen = 0;

    e = scan(0, rule_dir);
    ASSERT_EQ_INT(count(e, TS_PASS), 1);
    ASSERT_EQ_INT(ts_engine_dropped_passes(e), 0);
    for (size_t i = 0; i < ts_engine_nresults(e); i++) {
        if (ts_engine_result(e, i)->verdict == TS_PASS) {
            ASSERT_CONTAINS(ts_engine_result(e, i)->message, "Log group forever never expires");
            ASSERT_CONTAINS(ts_engine_result(e, i)->resource, "log-group:forever");
        }
        if (!strcmp(ts_engine_result(e, i)->resource, "r"))
            ASSERT_CONTAINS(ts_engine_result(e, i)->message, "keeps_passes=true");
    }
    for (size_t i = 0; i < ts_engine_nfailures(e); i++)
        if (!strcmp(ts_engine_failure(e, i)->rule_id, "T-BARE")) {
            ASSERT_CONTAINS(ts_engine_failure(e, i)->message, "trailscan.keeps_passes is false");
            seen = 1;
        }
    ASSERT(seen);
    ts_engine_free(e);
}

int main(void)
{
    test_write_temp_file(rule_dir, "bare.lua", bare_rule, rule_path, sizeof(rule_path));
    RUN(dropped_passes_are_counted);
    RUN(kept_passes_have_details);
    unlink(rule_path);
    rmdir(rule_dir);
    return TEST_EXIT();
}

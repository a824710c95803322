/* The memory cap is absolute: it bounds everything the rules' Lua state
 * holds, what a rule kept from earlier accounts included.  A rule that
 * keeps 3 MiB of every account it sees is stopped (cause memory) long
 * before 40 accounts, the state never holds much more than the cap, and
 * an honest rule after it keeps its results on every account (the rule
 * that hit the cap is loaded afresh, so what it kept is freed). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "test.h"
#include "engine/engine.h"
#include "snapshot/snapshot_load.h"

#define CAP ((size_t)32 << 20)
#define ACCOUNTS 40

static const char snapshot_text[] =
    "{\"format\": \"trailscan-snapshot/1\", \"account_id\": \"123456789012\","
    " \"partition\": \"aws\", \"collected_at\": \"2026-11-25T12:00:00Z\","
    " \"regions\": {}, \"global\": {}, \"errors\": []}";

/* Keeps a new 3 MiB string of each account in a global. */
static const char keep_rule[] =
    "kept = {}\n"
    "return {id = \"T-KEEP\", name = \"Keep\", title = \"t\", severity = \"low\",\n"
    "  description = \"d\", remediation = \"r\",\n"
    "  check = function(snapshot)\n"
    "    kept[#kept + 1] = string.rep(\"x\", 3 * 1024 * 1024 - #kept)\n"
    "  end}\n";

static const char canary_rule[] =
    "return {id = \"T-CANARY\", name = \"Canary\", title = \"t\", severity = \"low\",\n"
    "  description = \"d\", remediation = \"r\",\n"
    "  check = function(snapshot)\n"
    "    local t = {}\n"
    "    for i = 1, 1000 do t[i] = {i} end\n"
    "    fail{resource = \"canary\", message = \"ran\"}\n"
    "  end}\n";

/* Makes 40 MiB of garbage, then one 30 MiB string: never 64 MiB live. */
static const char rep_rule[] =
    "return {id = \"T-REP\", name = \"Rep\", title = \"t\", severity = \"low\",\n"
    "  description = \"d\", remediation = \"r\",\n"
    "  check = function(snapshot)\n"
    "    local t = {}\n"
    "    for i = 1, 40 do t[i] = string.rep(\"g\", 1024 * 1024 - i) end\n"
    "    t = nil\n"
    "    local big = string.rep(\"x\", 30 * 1024 * 1024)\n"
    "    fail{resource = \"rep\", message = \"built \" .. #big}\n"
    "  end}\n";

static char rule_dir[] = "/tmp/trailscan-memory-cap-XXXXXX";
static char keep_path[4096], canary_path[4096], rep_path[4096];

static void kept_state_is_capped(void)
{
    struct ts_limits limits = {CAP, TS_DEFAULT_INSTRUCTION_LIMIT, TS_DEFAULT_RESULT_LIMIT,
                               TS_DEFAULT_SECONDS};
    struct ts_problems problems;
    struct ts_engine *e;
    size_t keep_failures = 0, canary_results = 0, peak = 0;

    ts_problems_init(&problems);
    ASSERT((e = ts_engine_new(&limits)) != NULL);
    ASSERT(ts_engine_load_file(e, keep_path, rule_dir, &problems) == 0);
    ASSERT(ts_engine_load_file(e, canary_path, rule_dir, &problems) == 0);
    for (int a = 0; a < ACCOUNTS; a++) {
        struct ts_snapshot s;
        ts_snapshot_init(&s);
        ASSERT(ts_snapshot_load_text(&s, "t.json", snapshot_text, sizeof(snapshot_text) - 1,
                                     &problems) == 0);
        ts_engine_run(e, &s);
        ts_snapshot_release(&s);
        if (ts_engine_sandbox(e)->used > peak)
            peak = ts_engine_sandbox(e)->used;
    }
    for (size_t i = 0; i < ts_engine_nfailures(e); i++) {
        const struct ts_failure *f = ts_engine_failure(e, i);
        if (!strcmp(f->rule_id, "T-KEEP") && f->cause == TS_CAUSE_MEMORY)
            keep_failures++;
        else
            fprintf(stderr, "unexpected failure of %s: %s\n", f->rule_id, f->message);
    }
    for (size_t i = 0; i < ts_engine_nresults(e); i++)
        canary_results += !strcmp(ts_engine_result(e, i)->resource, "canary");
    /* Stopped at least once (it keeps ~3 MiB an account: 120 MiB over 40). */
    ASSERT(keep_failures >= 1);
    ASSERT_EQ_INT(ts_engine_nfailures(e), keep_failures);
    /* The honest rule ran on every account. */
    ASSERT_EQ_INT(canary_results, ACCOUNTS);
    /* The state never held much more than the cap (the error handler's slack). */
    if (peak > CAP + ((size_t)4 << 20))
        fprintf(stderr, "peak %zu bytes\n", peak);
    ASSERT(peak <= CAP + ((size_t)4 << 20));
    ts_engine_free(e);
    ts_problems_release(&problems);
}

/* string.rep refuses a result past the cap before it builds it: what it
 * weighs is what the state holds once garbage is collected, not the
 * garbage the collector has not reached yet. */
static void garbage_is_not_held_against_string_rep(void)
{
    struct ts_limits limits = {(size_t)64 << 20, TS_DEFAULT_INSTRUCTION_LIMIT,
                               TS_DEFAULT_RESULT_LIMIT, TS_DEFAULT_SECONDS};
    struct ts_problems problems;
    struct ts_snapshot s;
    struct ts_engine *e;

    ts_problems_init(&problems);
    ASSERT((e = ts_engine_new(&limits)) != NULL);
    ASSERT(ts_engine_load_file(e, rep_path, rule_dir, &problems) == 0);
    ts_snapshot_init(&s);
    ASSERT(ts_snapshot_load_text(&s, "t.json", snapshot_text, sizeof(snapshot_text) - 1,
                                 &problems) == 0);
    ts_engine_run(e, &s);
    ts_snapshot_release(&s);
    for (size_t i = 0; i < ts_engine_nfailures(e); i++)
        fprintf(stderr, "unexpected failure of %s: %s\n", ts_engine_failure(e, i)->rule_id,
                ts_engine_failure(e, i)->message);
    ASSERT_EQ_INT(ts_engine_nfailures(e), 0);
    ASSERT(ts_engine_nresults(e) == 1 && !strcmp(ts_engine_result(e, 0)->resource, "rep"));
    ts_engine_free(e);
    ts_problems_release(&problems);
}

/* Writes text to rule_dir/name (made by test_write_temp_file); its path
 * goes to path (4096 bytes). */
static void put_rule(const char *name, const char *text, char *path)
{
    FILE *f;

    snprintf(path, 4096, "%s/%s", rule_dir, name);
    f = fopen(path, "w");
    ASSERT(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

int main(void)
{
    test_write_temp_file(rule_dir, "keep.lua", keep_rule, keep_path, sizeof(keep_path));
    put_rule("canary.lua", canary_rule, canary_path);
    put_rule("rep.lua", rep_rule, rep_path);
    RUN(kept_state_is_capped);
    RUN(garbage_is_not_held_against_string_rep);
    unlink(keep_path);
    unlink(rep_path);
    unlink(canary_path);
    rmdir(rule_dir);
    return TEST_EXIT();
}

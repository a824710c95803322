/* A scan keeps its results in logs, not in memory, and reading them back
 * gives exactly what a scan held in memory gives: the same results in the
 * same order, serial or parallel; changes saved through the reader stay. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "test.h"
#include "engine/results.h"
#include "engine/scan.h"
#include "results_count.h"

struct copy {
    size_t n;
    char **lines;           /* one line per result, every field */
};

static struct ts_engine *scan_brief(int keep_log, unsigned jobs, int brief)
{
    struct ts_engine *e;
    static const char *const names[] = {"demo-123456789012.json",
                                        "govcloud-111122223333.json",
                                        "org-member-444455556666.json"};
    struct ts_scan_plan plan;
    struct ts_problems problems;
    struct ts_strlist files;
    const char *src = getenv("TRAILSCAN_SOURCE");
    char path[4096];

    memset(&plan, 0, sizeof(plan));
    plan.builtin = 1;
    plan.limits = (struct ts_limits){TS_DEFAULT_MEMORY_LIMIT, TS_DEFAULT_INSTRUCTION_LIMIT,
                                     TS_DEFAULT_RESULT_LIMIT, TS_DEFAULT_SECONDS};
    plan.jobs = jobs;
    ts_problems_init(&problems);
    ts_strlist_init(&files);
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof(path), "%s/snapshots/%s", src ? src : ".", names[i]);
        ts_strlist_push(&files, path);
    }
    ASSERT((e = ts_engine_new(&plan.limits)) != NULL);
    /* log_tail 1: every record goes through the file */
    ts_engine_set_opts(e, &(struct ts_engine_opts){.keep_log = keep_log, .log_tail = 1,
                                                   .brief = brief});
    ASSERT(ts_scan_load_rules(e, &plan, &problems) == 0);
    ASSERT(ts_scan_files(e, &plan, &files, &problems) == TS_EXIT_OK);
    ASSERT_EQ_INT(problems.count, 0);
    ts_problems_release(&problems);
    ts_strlist_release(&files);
    return e;
}

static struct ts_engine *scan(int keep_log, unsigned jobs)
{
    return scan_brief(keep_log, jobs, 0);
}

static void read_all(const struct ts_engine *e, struct copy *c)
{
    struct ts_results_iter it;
    const struct ts_result *r;
    char line[16384];

    memset(c, 0, sizeof(*c));
    c->lines = malloc((ts_results_count(e) + 1) * sizeof(char *));
    ts_results_begin(&it, e);
    while ((r = ts_results_next(&it)) && c->n <= ts_results_count(e)) {
        snprintf(line, sizeof(line), "%zu|%zu|%d|%s|%s|%s|%s|%u:%u|%zu|%d|%d", r->rule,
                 r->snapshot, (int)r->verdict, r->resource, r->region ? r->region : "(none)",
                 r->message, r->fix ? r->fix : "(none)", r->line, r->column, r->waiver,
                 r->baseline_state, r->worse);
        c->lines[c->n++] = strdup(line);
    }
    ts_results_end(&it);
    ASSERT_EQ_INT(ts_results_error(e), 0);
}

static void release(struct copy *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->lines[i]);
    free(c->lines);
}

static void assert_same(const struct copy *a, const struct copy *b)
{
    size_t differ = 0;

    ASSERT_EQ_INT(a->n, b->n);
    for (size_t i = 0; i < a->n && i < b->n; i++)
        differ += strcmp(a->lines[i], b->lines[i]) != 0;
    ASSERT_EQ_INT(differ, 0);
}

static void test_logged_scan_reads_back_the_same(void)
{
    struct ts_engine *mem, *serial, *parallel;
    struct copy a, b, c;

    mem = scan(0, 1);
    serial = scan(1, 1);
    /* The workers share one queue: on a busy machine one of them can take
     * every file before the others start, which leaves one log.  Scan again
     * (a few times) until the files are split, so that reading several
     * logs back in order is what gets checked. */
    for (int again = 0;; again++) {
        parallel = scan(1, 3);
        if (ts_engine_nlogs(parallel) >= 2 || again == 20)
            break;
        ts_engine_free(parallel);
    }
    /* Logged: nothing stays in memory. */
    ASSERT(ts_engine_nresults(mem) > 20);
    ASSERT_EQ_INT(ts_engine_nresults(serial), 0);
    ASSERT_EQ_INT(ts_engine_nresults(parallel), 0);
    ASSERT(ts_engine_nlogs(serial) == 1 && ts_engine_log(serial, 0)->file_len > 0);
    if (ts_engine_nlogs(parallel) < 2)
        printf("note: one worker took every file in 21 scans; one log read back\n");
    ASSERT_EQ_INT(ts_results_count(serial), ts_engine_nresults(mem));
    read_all(mem, &a);
    read_all(serial, &b);
    read_all(parallel, &c);
    ASSERT_EQ_INT(a.n, ts_engine_nresults(mem));
    assert_same(&a, &b);
    assert_same(&a, &c);
    release(&a);
    release(&b);
    release(&c);
    ts_engine_free(mem);
    ts_engine_free(serial);
    ts_engine_free(parallel);
}

/* What waivers and baselines set is saved, for logged and in-memory
 * results alike. */
static void test_saved_changes_stay(void)
{
    for (int keep_log = 0; keep_log <= 1; keep_log++) {
        struct ts_engine *e;
        struct ts_results_iter it;
        struct ts_result *r;
        size_t i = 0, wrong = 0;

        e = scan(keep_log, 2);
        ts_results_begin(&it, e);
        while ((r = ts_results_next(&it))) {
            r->waiver = i % 3;
            r->baseline_state = (int)(i % 5);
            r->worse = (int)(i++ % 2);
            ts_results_save(&it);
        }
        ts_results_end(&it);
        i = 0;
        ts_results_begin(&it, e);
        while ((r = ts_results_next(&it))) {
            wrong += r->waiver != i % 3 || r->baseline_state != (int)(i % 5)
                     || r->worse != (int)(i % 2);
            i++;
        }
        ts_results_end(&it);
        ASSERT(i > 20);
        ASSERT_EQ_INT(wrong, 0);
        ts_engine_free(e);
    }
}

/* Brief results (what an organisation's text summary needs): a walk
 * counts as many of each rule, account and verdict as a full scan's, and
 * meets the error-level failures whole; far fewer are kept. */
static void tally(const struct ts_engine *e, size_t counts[][3], size_t naccounts,
                  struct copy *errors)
{
    struct ts_results_iter it;
    const struct ts_result *r;
    char line[16384];

    memset(errors, 0, sizeof(*errors));
    errors->lines = malloc((ts_results_count(e) + 1) * sizeof(char *));
    ts_results_begin(&it, e);
    while ((r = ts_results_next(&it))) {
        if (r->snapshot < naccounts)
            counts[r->rule * naccounts + r->snapshot][r->verdict]++;
        if (r->verdict == TS_FAIL
            && ts_severity_level(ts_engine_rule(e, r->rule)->severity) == TS_LEVEL_ERROR) {
            snprintf(line, sizeof(line), "%zu|%zu|%s|%s|%s|%u:%u", r->rule, r->snapshot,
                     r->resource, r->message, r->fix ? r->fix : "(none)", r->line, r->column);
            errors->lines[errors->n++] = strdup(line);
        }
    }
    ts_results_end(&it);
    ASSERT_EQ_INT(ts_results_error(e), 0);
}

static void test_brief_counts_the_same(void)
{
    struct ts_engine *full = scan(0, 1);
    size_t nrules = ts_engine_nrules(full), naccounts = ts_engine_naccounts(full);
    size_t (*want)[3] = calloc(nrules * naccounts, sizeof(*want));
    struct copy want_errors;

    tally(full, want, naccounts, &want_errors);
    ASSERT(want_errors.n > 0);
    for (int keep_log = 0; keep_log <= 1; keep_log++)
        for (unsigned jobs = 1; jobs <= 2; jobs++) {
            struct ts_engine *brief = scan_brief(keep_log, jobs, 1);
            size_t (*got)[3] = calloc(nrules * naccounts, sizeof(*got));
            struct copy errors;

            ASSERT_EQ_INT(ts_engine_nrules(brief), nrules);
            ASSERT_EQ_INT(ts_engine_naccounts(brief), naccounts);
            tally(brief, got, naccounts, &errors);
            ASSERT(memcmp(got, want, nrules * naccounts * sizeof(*got)) == 0);
            assert_same(&errors, &want_errors);
            if (!keep_log)
                ASSERT(ts_engine_nresults(brief) < ts_engine_nresults(full));
            release(&errors);
            free(got);
            ts_engine_free(brief);
        }
    release(&want_errors);
    free(want);
    ts_engine_free(full);
}

int main(void)
{
    RUN(test_brief_counts_the_same);
    RUN(test_logged_scan_reads_back_the_same);
    RUN(test_saved_changes_stay);
    return TEST_EXIT();
}

/* engine/scan.c: a scan with several workers holds exactly what a serial
 * one does -- accounts, results, rule failures and input problems, in file
 * order -- whether its results stay in memory or go to logs, and when the
 * engine already holds accounts of an earlier scan (the caller's engine is
 * one of the workers). */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "test.h"
#include "engine/results.h"
#include "engine/scan.h"

static char dir[] = "/tmp/ts_scan_jobs_XXXXXX";

/* A rule of its own, next to the built-in ones: fails with an error on
 * the member accounts (a rule failure there, its results elsewhere kept),
 * works a while on each account (so that every worker gets some), and
 * reports what the organisation's index says of a bucket (read before any
 * rule runs, in every worker). */
static const char rule[] =
    "return {\n"
    "  id = 'test-jobs', name = 'TestJobs', title = 'A test rule', severity = 'low',\n"
    "  description = 'Fails on some accounts.', remediation = {cli = 'none'},\n"
    "  references = {'https://example.com/'},\n"
    "  compliance = {['test-standard'] = {'T-1'}},\n"
    "  check = function(snapshot)\n"
    "    local id, n = snapshot.account_id, 0\n"
    "    if id:sub(1, 8) == '44445555' then error('a member') end\n"
    "    for i = 1, 300000 do n = n + i % 7 end\n"
    "    review({resource = 'AWS::::Account:' .. id, message = 'Account ' .. id .. ' read '\n"
    "            .. n .. '; bucket of 111122223333: '\n"
    "            .. tostring(trailscan.org.bucket_owner('gov-cloudtrail-logs-111122223333'))})\n"
    "  end,\n"
    "}\n";

static void put(const char *name, const char *text)
{
    char path[512];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "w");
    ASSERT(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* A copy of the example snapshot from, its account id (every place it
 * appears) made id. */
static void copy(const char *from, const char *old_id, const char *id, const char *name)
{
    char path[4096], *text, *out, *o;
    const char *src = getenv("TRAILSCAN_SOURCE"), *p, *q;
    FILE *f;
    long n;

    snprintf(path, sizeof(path), "%s/snapshots/%s", src ? src : ".", from);
    f = fopen(path, "rb");
    ASSERT(f != NULL);
    if (!f)
        return;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    text = calloc((size_t)n + 1, 1);
    o = out = calloc((size_t)n + 1, 1);
    ASSERT(fread(text, 1, (size_t)n, f) == (size_t)n);
    fclose(f);
    for (p = text; (q = strstr(p, old_id)); p = q + strlen(old_id)) {
        memcpy(o, p, (size_t)(q - p));
        o += q - p;
        memcpy(o, id, strlen(id)); /* the same length */
        o += strlen(id);
    }
    strcpy(o, p);
    put(name, out);
    free(text);
    free(out);
}

static const struct {
    const char *file, *id, *stem;
} examples[] = {
    {"demo-123456789012.json", "123456789012", "1234567890"},
    {"govcloud-111122223333.json", "111122223333", "1111222233"},
    {"org-member-444455556666.json", "444455556666", "4444555566"},
};

/* The scans' inputs: accounts k of examples[k % 3], a file that is not
 * JSON and one that is not there, an account of the first scan again in
 * the second (not a duplicate there) and one twice in the second. */
static struct ts_strlist first, second;

static void make_inputs(void)
{
    char name[64], id[16], path[512];

    ts_strlist_init(&first);
    ts_strlist_init(&second);
    for (int k = 0; k < 24; k++) {
        snprintf(name, sizeof(name), "a%02d.json", k);
        snprintf(id, sizeof(id), "%s%02d", examples[k % 3].stem, k);
        copy(examples[k % 3].file, examples[k % 3].id, id, name);
        snprintf(path, sizeof(path), "%s/%s", dir, name);
        ts_strlist_push(k < 10 ? &first : &second, path);
        if (k == 5 || k == 15) { /* after these */
            snprintf(path, sizeof(path), "%s/%s", dir, k == 5 ? "bad.json" : "missing.json");
            ts_strlist_push(k == 5 ? &first : &second, path);
        }
    }
    put("bad.json", "{\"account_id\": ");
    copy(examples[1].file, examples[1].id, examples[1].id, "govcloud.json");
    copy(examples[0].file, examples[0].id, "123456789003", "again.json");
    copy(examples[2].file, examples[2].id, "444455556614", "twice.json");
    snprintf(path, sizeof(path), "%s/govcloud.json", dir);
    ts_strlist_push(&second, path);
    snprintf(path, sizeof(path), "%s/again.json", dir);
    ts_strlist_push(&second, path);
    snprintf(path, sizeof(path), "%s/twice.json", dir);
    ts_strlist_push(&second, path);
}

static void remove_inputs(void)
{
    char path[512];

    for (size_t i = 0; i < first.count; i++)
        unlink(first.items[i]);
    for (size_t i = 0; i < second.count; i++)
        unlink(second.items[i]);
    snprintf(path, sizeof(path), "%s/rules/test_jobs.lua", dir);
    unlink(path);
    snprintf(path, sizeof(path), "%s/rules", dir);
    rmdir(path);
    rmdir(dir);
    ts_strlist_release(&first);
    ts_strlist_release(&second);
}

/* What a report would show of e, one line each, with the scans' input
 * problems and exit statuses. */
static char *dump(struct ts_engine *e, const struct ts_problems *problems, const char *status)
{
    size_t cap = 1 << 20, n = 0;
    char *out = malloc(cap);
    struct ts_results_iter it;
    const struct ts_result *r;

#define OUT(...) (n += (size_t)snprintf(out + n, n < cap ? cap - n : 0, __VA_ARGS__))
    OUT("status %s\n", status);
    for (size_t i = 0; i < problems->count; i++)
        OUT("problem %s\n", problems->items[i]);
    for (size_t i = 0; i < ts_engine_naccounts(e); i++)
        OUT("account %zu %s %s\n", i, ts_engine_account(e, i)->file,
            ts_engine_account(e, i)->account_id);
    for (size_t i = 0; i < ts_engine_nfailures(e); i++) {
        const struct ts_failure *f = ts_engine_failure(e, i);
        OUT("failure %s %zu %d %s\n", f->rule_id, f->snapshot, (int)f->cause, f->message);
    }
    OUT("dropped %zu\n", ts_engine_dropped_passes(e));
    ts_results_begin(&it, e);
    while ((r = ts_results_next(&it)))
        OUT("result %zu %zu %d %s %s %s %u:%u\n", r->rule, r->snapshot, (int)r->verdict,
            r->resource, r->region ? r->region : "-", r->message, r->line, r->column);
    ts_results_end(&it);
#undef OUT
    ASSERT(n < cap);
    return out;
}

/* A worker whose engine cannot be prepared does not run: refuses every
 * worker, or every other one, and leaves the engine refused one rule
 * (were it run, its results would name the wrong rules). */
static atomic_int prepared;

static int refuse(struct ts_engine *e, void *every)
{
    struct ts_problems ignored;

    if (atomic_fetch_add(&prepared, 1) % *(const int *)every != 0)
        return 0;
    ts_problems_init(&ignored);
    ts_engine_select(e, "test-jobs", NULL, &ignored);
    ts_problems_release(&ignored);
    return -1;
}

/* Two scans into one engine, the first with jobs1 workers started before
 * the engine loads its rules (as the scan command does), the second with
 * jobs2 started by the scan; with refusing (1 or 2), workers are refused
 * as above.  The rules run are chosen (only) after the start. */
static char *scan_twice(int keep_log, unsigned jobs1, unsigned jobs2, int refusing,
                        const char *only)
{
    char rules[512], status[64], *out;
    const char *dirs[1] = {rules};
    struct ts_scan_plan plan;
    struct ts_problems problems;
    struct ts_engine *e;

    snprintf(rules, sizeof(rules), "%s/rules", dir);
    memset(&plan, 0, sizeof(plan));
    plan.builtin = 1;
    plan.rule_dirs = dirs;
    plan.nrule_dirs = 1;
    plan.limits = (struct ts_limits){TS_DEFAULT_MEMORY_LIMIT, TS_DEFAULT_INSTRUCTION_LIMIT,
                                     TS_DEFAULT_RESULT_LIMIT, TS_DEFAULT_SECONDS};
    if (refusing) {
        plan.prepare = refuse;
        plan.prepare_ctx = &refusing;
    }
    ts_problems_init(&problems);
    e = ts_engine_new(&plan.limits);
    ASSERT(e != NULL);
    if (!e)
        return strdup("");
    ts_engine_set_opts(e, &(struct ts_engine_opts){.keep_log = keep_log, .log_tail = 1});
    plan.jobs = jobs1;
    plan.early = ts_scan_start(&plan, &first);
    ASSERT((plan.early != NULL) == (jobs1 > 1));
    plan.only = only;
    ASSERT(ts_scan_load_rules(e, &plan, &problems) == 0);
    snprintf(status, sizeof(status), "%d", (int)ts_scan_files(e, &plan, &first, &problems));
    plan.jobs = jobs2;
    snprintf(status + strlen(status), sizeof(status) - strlen(status), " %d",
             (int)ts_scan_files(e, &plan, &second, &problems));
    out = dump(e, &problems, status);
    ts_scan_early_free(plan.early);
    ts_engine_free(e);
    ts_problems_release(&problems);
    return out;
}

static void same_as_serial(void)
{
    static const unsigned jobs[][2] = {{1, 2}, {2, 2}, {3, 3}, {2, 8}, {8, 1}};

    for (int keep_log = 0; keep_log <= 1; keep_log++) {
        char *serial = scan_twice(keep_log, 1, 1, 0, NULL);
        /* Every kind of line is there to compare. */
        ASSERT_CONTAINS(serial, "status 2 2\n");
        ASSERT_CONTAINS(serial, "problem ");
        ASSERT_CONTAINS(serial, "failure test-jobs 2 1 ");
        ASSERT_CONTAINS(serial, "failure test-jobs 23 1 ");
        ASSERT_CONTAINS(serial, "account 25 ");
        ASSERT(strstr(serial, "account 26 ") == NULL);
        ASSERT_CONTAINS(serial, "bucket of 111122223333: nil");
        ASSERT_CONTAINS(serial, "Account 111122223333 read 899998; bucket of 111122223333: 111122223333");
        for (size_t j = 0; j < sizeof(jobs) / sizeof(jobs[0]); j++) {
            char *parallel = scan_twice(keep_log, jobs[j][0], jobs[j][1], 0, NULL);
            if (strcmp(serial, parallel) != 0) {
                size_t k = 0;
                while (serial[k] && serial[k] == parallel[k])
                    k++;
                fprintf(stderr, "keep_log %d, --jobs %u then %u: differs at byte %zu:\n"
                        "  serial:   %.160s\n  parallel: %.160s\n", keep_log, jobs[j][0],
                        jobs[j][1], k, serial + k, parallel + k);
            }
            ASSERT(strcmp(serial, parallel) == 0);
            free(parallel);
        }
        free(serial);
    }
}

/* Workers that fail to start leave their files to the others (the main
 * engine among them): the scan is still whole and the same. */
static void refused_workers(void)
{
    char *serial = scan_twice(1, 1, 1, 0, NULL);

    for (int every = 1; every <= 2; every++) {
        char *parallel = scan_twice(1, 3, 4, every, NULL);
        ASSERT(strcmp(serial, parallel) == 0);
        free(parallel);
    }
    ASSERT(atomic_load(&prepared) >= 10);
    free(serial);
}

/* The workers run the rules chosen after they started; a start not
 * followed by a scan stops them (nothing is left running or held). */
static void chosen_after_start(void)
{
    const char *only = "test-jobs,cloudtrail-kms-encryption";
    char *serial = scan_twice(0, 1, 1, 0, only), *parallel = scan_twice(0, 4, 3, 0, only);
    struct ts_scan_plan plan;
    struct ts_scan_early *x;

    ASSERT_CONTAINS(serial, "failure test-jobs 23 1 ");
    ASSERT(strcmp(serial, parallel) == 0);
    free(serial);
    free(parallel);
    memset(&plan, 0, sizeof(plan));
    plan.builtin = 1;
    plan.limits = (struct ts_limits){TS_DEFAULT_MEMORY_LIMIT, TS_DEFAULT_INSTRUCTION_LIMIT,
                                     TS_DEFAULT_RESULT_LIMIT, TS_DEFAULT_SECONDS};
    plan.jobs = 3;
    x = ts_scan_start(&plan, &second);
    ASSERT(x != NULL);
    ts_scan_early_free(x);
    plan.jobs = 1;
    ASSERT(ts_scan_start(&plan, &second) == NULL);
}

int main(void)
{
    char path[512];

    if (!mkdtemp(dir)) {
        ASSERT(!"mkdtemp");
        return TEST_EXIT();
    }
    snprintf(path, sizeof(path), "%s/rules", dir);
    ASSERT(mkdir(path, 0700) == 0);
    put("rules/test_jobs.lua", rule);
    make_inputs();
    RUN(same_as_serial);
    RUN(refused_workers);
    RUN(chosen_after_start);
    remove_inputs();
    return TEST_EXIT();
}

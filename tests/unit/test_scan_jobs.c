/* engine/scan.c: a scan with several workers holds exactly what a serial
 * one does -- accounts, results, rule failures and input problems, in file
 * order -- whether its results stay in memory or go to logs, and when the
 * engine already holds accounts of an earlier scan (the caller's engine is
 * one of the workers). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "test.h"
#include "engine/results.h"
#include "engine/scan.h"

static char dir[] = "/tmp/ts_scan_jobs_XXXXXX";

/* A rule of its own: fails with an error on one account (a rule failure
 * there, its results on the others kept), and reports one result per
 * account and trail otherwise. */
static const char rule[] =
    "return {\n"
    "  id = 'test-jobs', name = 'TestJobs', title = 'A test rule', severity = 'low',\n"
    "  description = 'Fails on one account.', remediation = {cli = 'none'},\n"
    "  references = {'https://example.com/'},\n"
    "  compliance = {['test-standard'] = {'T-1'}},\n"
    "  check = function(snapshot)\n"
    "    if snapshot.account_id == '444455556666' then error('this account') end\n"
    "    review({resource = 'AWS::::Account:' .. snapshot.account_id,\n"
    "            message = 'Account ' .. snapshot.account_id .. ' was read.'})\n"
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

static void copy(const char *from, const char *name)
{
    char path[4096], *text;
    const char *src = getenv("TRAILSCAN_SOURCE");
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
    ASSERT(fread(text, 1, (size_t)n, f) == (size_t)n);
    fclose(f);
    put(name, text);
    free(text);
}

static void files_of(struct ts_strlist *files, const char *const *names)
{
    char path[512];

    ts_strlist_init(files);
    for (size_t i = 0; names[i]; i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        ts_strlist_push(files, path);
    }
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

/* Two scans into one engine, the first with jobs1 workers, the second
 * with jobs2. */
static char *scan_twice(int keep_log, unsigned jobs1, unsigned jobs2)
{
    static const char *const first[] = {"demo.json", "member.json", "bad.json", NULL};
    static const char *const second[] = {"govcloud.json", "again-demo.json", "member-2.json",
                                         "demo-2.json", "missing.json", "govcloud-2.json", NULL};
    char rules[512], status[64], *out;
    const char *dirs[1] = {rules};
    struct ts_scan_plan plan;
    struct ts_problems problems;
    struct ts_strlist a, b;
    struct ts_engine *e;

    snprintf(rules, sizeof(rules), "%s/rules", dir);
    memset(&plan, 0, sizeof(plan));
    plan.builtin = 1;
    plan.rule_dirs = dirs;
    plan.nrule_dirs = 1;
    plan.limits = (struct ts_limits){TS_DEFAULT_MEMORY_LIMIT, TS_DEFAULT_INSTRUCTION_LIMIT,
                                     TS_DEFAULT_RESULT_LIMIT, TS_DEFAULT_SECONDS};
    ts_problems_init(&problems);
    files_of(&a, first);
    files_of(&b, second);
    e = ts_engine_new(&plan.limits);
    ASSERT(e != NULL);
    if (!e)
        return strdup("");
    ts_engine_set_opts(e, &(struct ts_engine_opts){.keep_log = keep_log, .log_tail = 1});
    ASSERT(ts_scan_load_rules(e, &plan, &problems) == 0);
    plan.jobs = jobs1;
    snprintf(status, sizeof(status), "%d", (int)ts_scan_files(e, &plan, &a, &problems));
    plan.jobs = jobs2;
    snprintf(status + strlen(status), sizeof(status) - strlen(status), " %d",
             (int)ts_scan_files(e, &plan, &b, &problems));
    out = dump(e, &problems, status);
    ts_engine_free(e);
    ts_problems_release(&problems);
    ts_strlist_release(&a);
    ts_strlist_release(&b);
    return out;
}

static void same_as_serial(void)
{
    static const unsigned jobs[][2] = {{1, 2}, {2, 2}, {3, 3}, {2, 8}, {8, 1}};

    for (int keep_log = 0; keep_log <= 1; keep_log++) {
        char *serial = scan_twice(keep_log, 1, 1);
        /* Every kind of line is there to compare. */
        ASSERT_CONTAINS(serial, "status 2 2\n");
        ASSERT_CONTAINS(serial, "problem ");
        ASSERT_CONTAINS(serial, "failure test-jobs 1 ");
        ASSERT_CONTAINS(serial, "failure test-jobs 4 ");
        ASSERT_CONTAINS(serial, "account 4 ");
        ASSERT(strstr(serial, "account 5 ") == NULL);
        ASSERT_CONTAINS(serial, "Account 111122223333 was read.");
        for (size_t j = 0; j < sizeof(jobs) / sizeof(jobs[0]); j++) {
            char *parallel = scan_twice(keep_log, jobs[j][0], jobs[j][1]);
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

int main(void)
{
    static const char *const names[] = {"rules/test_jobs.lua", "demo.json", "demo-2.json",
                                        "again-demo.json", "govcloud.json", "govcloud-2.json",
                                        "member.json", "member-2.json", "bad.json"};
    char path[512];

    if (!mkdtemp(dir)) {
        ASSERT(!"mkdtemp");
        return TEST_EXIT();
    }
    snprintf(path, sizeof(path), "%s/rules", dir);
    ASSERT(mkdir(path, 0700) == 0);
    put("rules/test_jobs.lua", rule);
    copy("demo-123456789012.json", "demo.json");
    copy("demo-123456789012.json", "demo-2.json");
    copy("demo-123456789012.json", "again-demo.json");
    copy("govcloud-111122223333.json", "govcloud.json");
    copy("govcloud-111122223333.json", "govcloud-2.json");
    copy("org-member-444455556666.json", "member.json");
    copy("org-member-444455556666.json", "member-2.json");
    put("bad.json", "{\"account_id\": ");
    RUN(same_as_serial);
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        unlink(path);
    }
    snprintf(path, sizeof(path), "%s/rules", dir);
    rmdir(path);
    rmdir(dir);
    return TEST_EXIT();
}

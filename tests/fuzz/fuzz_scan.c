/* Fuzz target: a whole scan.  Every input the loader accepts is judged by
 * all the built-in rules, and the four reports are written.  Beyond "no
 * crash, no leak, no undefined behaviour" it checks what a user would see
 * go wrong: a built-in rule never fails on a snapshot `validate` accepts
 * (odd or missing data is a review, not a Lua error), and every account
 * gets at least one result.  The rules' Lua lines feed libFuzzer's extra
 * counters (the interpreter itself is not instrumented), so inputs that
 * take a rule down a new path are kept. */
#include <string.h>
#include "engine/engine.h"
#include "fuzz_target.h"
#include "report/report.h"
#include "engine/results.h"
#include "snapshot/snapshot_load.h"
#include "results_count.h"

#define FUZZ_PATH "fuzz.json"
/* Inputs judged by one engine, whose reports are then written: the rules
 * compile once a batch, and the results it keeps stay bounded. */
#define BATCH 8

#define COVERAGE_SLOTS 16384

/* libFuzzer treats every byte of this section as a coverage counter. */
__attribute__((section("__libfuzzer_extra_counters"), used))
static uint8_t lua_coverage[COVERAGE_SLOTS];

/* Counts line-to-line edges, the file told apart by its name (rules are
 * reloaded every batch, so their addresses change). */
static void line_hook(lua_State *L, lua_Debug *ar)
{
    static uint32_t prev;
    uint32_t h = 2166136261u, slot;

    if (!lua_getinfo(L, "S", ar))
        return;
    for (const char *c = ar->source; *c; c++)
        h = (h ^ (unsigned char)*c) * 16777619u;
    h ^= (uint32_t)ar->currentline * 2654435761u;
    slot = (h ^ prev) % COVERAGE_SLOTS;
    if (lua_coverage[slot] != 255)
        lua_coverage[slot]++;
    prev = h >> 1;
}

static struct ts_engine *engine;
static int engine_open;
static size_t batch;

static void open_engine(void)
{
    struct ts_limits limits = {TS_DEFAULT_MEMORY_LIMIT, TS_DEFAULT_INSTRUCTION_LIMIT,
                               TS_DEFAULT_RESULT_LIMIT, 0 /* libFuzzer -timeout */};
    struct ts_problems problems;

    ts_problems_init(&problems);
    FUZZ_CHECK((engine = ts_engine_new(&limits)) != NULL, "engine init");
    FUZZ_CHECK(ts_engine_load_dir(engine, ts_engine_builtin_dir(), &problems) == 0
               && problems.count == 0 && ts_engine_nfailures(engine) == 0,
               "loading the built-in rules: %s",
               problems.count ? problems.items[0] : "a rule failed");
    ts_problems_release(&problems);
    /* As a scan does: results through a log, small enough that the
     * batch's reach the file. */
    ts_engine_set_opts(engine, &(struct ts_engine_opts){.want_hashes = 1, .keep_log = 1,
                                                        .log_tail = 4096});
    engine_open = 1;
}

/* Writes every report of the batch (to /dev/null: only crashes count). */
static void write_reports(void)
{
    static char arg0[] = "trailscan", arg1[] = "scan", arg2[] = FUZZ_PATH;
    static char *argv[] = {arg0, arg1, arg2, NULL};
    int (*const writers[])(FILE *, const struct ts_engine *, const struct ts_report_opts *) = {
        ts_report_text, ts_report_sarif, ts_report_json, ts_report_markdown};
    struct ts_report_opts o;

    memset(&o, 0, sizeof(o));
    o.argc = 3;
    o.argv = argv;
    for (size_t i = 0; i < sizeof(writers) / sizeof(writers[0]); i++) {
        FILE *f = fopen("/dev/null", "w");

        FUZZ_CHECK(f != NULL, "cannot open /dev/null");
        FUZZ_CHECK(writers[i](f, engine, &o) == 0, "report %zu failed", i);
        fclose(f);
    }
}

static void close_engine(void)
{
    ts_engine_free(engine);
    engine_open = 0;
    batch = 0;
}

/* At exit, an unfinished batch is only released: OpenSSL's own exit
 * handler, which the reports' SHA-256 needs, may have run already. */
static void at_exit(void)
{
    if (engine_open)
        close_engine();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ts_sandbox_observe_lines(line_hook);
    atexit(at_exit);
    return 0;
}

static void judge(const struct ts_snapshot *s)
{
    size_t failures = ts_engine_nfailures(engine), results = ts_results_count(engine);

    ts_engine_run(engine, s);
    for (size_t i = failures; i < ts_engine_nfailures(engine); i++) {
        const struct ts_failure *f = ts_engine_failure(engine, i);
        fprintf(stderr, "rule %s failed (%s): %s\n", f->rule_id, ts_cause_name(f->cause),
                f->message);
    }
    FUZZ_CHECK(ts_engine_nfailures(engine) == failures,
               "a built-in rule failed on a valid snapshot");
    FUZZ_CHECK(ts_results_count(engine) > results, "no rule judged this account");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ts_problems problems;
    struct ts_snapshot s;

    ts_problems_init(&problems);
    ts_snapshot_init(&s);
    if (ts_snapshot_load_text(&s, FUZZ_PATH, (const char *)data, size, &problems) == 0) {
        if (!engine_open)
            open_engine();
        judge(&s);
        if (++batch == BATCH) {
            write_reports();
            close_engine();
        }
    }
    ts_snapshot_release(&s);
    ts_problems_release(&problems);
    return 0;
}

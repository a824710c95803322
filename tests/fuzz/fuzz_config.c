/* Fuzz target: the --config file (core/triage/config.h): shape checks, then the
 * checks against the built-in rules, parameters applied, and waivers
 * (globs, dates) applied to the results of a real scan of the example
 * snapshots, as `trailscan scan --config` does.  Beyond "no crash, leak or
 * hang" it checks what a user would notice: every problem names the file,
 * a loaded waiver's date reads back as the same day, and a result is
 * waived only by a waiver that covers it. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "triage/config.h"
#include "fuzz_target.h"
#include "triage/waiver.h"
#include "report/report_words.h"
#include "util/timestamp.h"
#include "snapshot/snapshot_load.h"

static struct ts_engine *engine;
static char config_path[64];
static int config_fd = -1;

static void scan_example(const char *name)
{
    struct ts_problems problems;
    struct ts_snapshot s;
    char path[4096];

    snprintf(path, sizeof(path), "%s/../../snapshots/%s", TS_FUZZ_DIR, name);
    ts_problems_init(&problems);
    ts_snapshot_init(&s);
    FUZZ_CHECK(ts_snapshot_load(&s, path, &problems) == 0, "%s", problems.items[0]);
    ts_engine_run(engine, &s);
    ts_snapshot_release(&s);
    ts_problems_release(&problems);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    struct ts_limits limits = {TS_DEFAULT_MEMORY_LIMIT, TS_DEFAULT_INSTRUCTION_LIMIT,
                               TS_DEFAULT_RESULT_LIMIT, 0 /* libFuzzer -timeout */};
    struct ts_problems problems;
    const char *tmp = getenv("TMPDIR");

    (void)argc;
    (void)argv;
    snprintf(config_path, sizeof(config_path), "%s/fuzz-config-XXXXXX",
             tmp && strlen(tmp) < 32 ? tmp : "/tmp");
    config_fd = mkstemp(config_path);
    FUZZ_CHECK(config_fd >= 0, "cannot create %s", config_path);
    ts_problems_init(&problems);
    FUZZ_CHECK((engine = ts_engine_new(&limits)) != NULL, "engine init");
    FUZZ_CHECK(ts_engine_load_dir(engine, ts_engine_builtin_dir(), &problems) == 0,
               "built-in rules: %s", problems.count ? problems.items[0] : "?");
    ts_problems_release(&problems);
    scan_example("demo-123456789012.json");
    scan_example("org-member-444455556666.json");
    return 0;
}

static void write_config(const uint8_t *data, size_t size)
{
    FUZZ_CHECK(ftruncate(config_fd, 0) == 0 && pwrite(config_fd, data, size, 0) == (ssize_t)size,
               "cannot write %s", config_path);
}

static void check_waivers(struct ts_config *c)
{
    char text[512];
    long day;

    for (size_t i = 0; i < c->nwaivers; i++) {
        const struct ts_waiver *w = &c->waivers[i];
        FUZZ_CHECK(w->expires && ts_day_parse(w->expires, &day) == 0
                   && day == w->expires_day, "waiver %zu: expires '%s' reads as another day",
                   i, w->expires ? w->expires : "(none)");
        ts_word_waiver(TS_LANG_EN, w, 1, text, sizeof(text));
        ts_word_waiver(TS_LANG_JA, w, 1, text, sizeof(text));
    }
    ts_waivers_apply(c, engine, 20782); /* 2026-11-25 */
    for (size_t r = 0; r < ts_engine_nresults(engine); r++) {
        const struct ts_result *res = ts_engine_result(engine, r);
        const struct ts_waiver *w = ts_waiver_of(c, res);
        FUZZ_CHECK(!w || (ts_waiver_covers(w, engine, res) && !w->expired
                          && res->verdict != TS_PASS), "result %zu waived by a waiver"
                   " that does not apply", r);
        ts_waiver_expired_of(c, engine, res);
    }
    for (size_t i = 0; i < c->nwaivers; i++)
        ts_waiver_is_stale(&c->waivers[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ts_problems problems;
    struct ts_config c;
    size_t plen = strlen(config_path);

    write_config(data, size);
    ts_problems_init(&problems);
    ts_config_init(&c);
    if (ts_config_load(&c, config_path, &problems) == 0
        && ts_config_check_rules(&c, engine, &problems) == 0) {
        if (ts_config_has_params(&c))
            ts_config_apply_params(&c, engine, &problems);
        check_waivers(&c);
    }
    for (size_t i = 0; i < problems.count; i++)
        FUZZ_CHECK(strncmp(problems.items[i], config_path, plen) == 0
                   && (problems.items[i][plen] == ':'), "problem does not name the file: %s",
                   problems.items[i]);
    ts_config_release(&c);
    ts_problems_release(&problems);
    return 0;
}

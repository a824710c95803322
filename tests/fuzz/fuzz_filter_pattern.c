/* Fuzz target: CloudWatch Logs filter patterns (rules/lib/filter_pattern.lua).
 * The input is one pattern's text.  Two runs per input:
 *  1. guided: filter_pattern.lua and the contract checks
 *     (rules/lib/fp_contract.lua) in a plain Lua state with a line hook
 *     that feeds libFuzzer's extra counters, since the Lua interpreter
 *     itself is not instrumented and the fuzzer would otherwise be blind
 *     to which parts of the parser an input reaches;
 *  2. through the engine, as a user meets it: the pattern is the metric
 *     filter of an otherwise compliant snapshot (filter_pattern_snapshot.json),
 *     scanned in the sandbox by the built-in root-usage alarm rule and by a
 *     rule running the same contract checks.  Any rule failure (a raised
 *     error, a sandbox limit) is a crash. */
#include <string.h>
#include <lauxlib.h>
#include <lualib.h>
#include "engine/engine.h"
#include "util/file_read.h"
#include "fuzz_target.h"
#include "json/json_pos.h"
#include "snapshot/snapshot_load.h"

#define COVERAGE_SLOTS 8192

/* libFuzzer treats every byte of this section as a coverage counter. */
__attribute__((section("__libfuzzer_extra_counters"), used))
static uint8_t lua_coverage[COVERAGE_SLOTS];

static cJSON *template_root, *template_pattern;
static char *builtin_rule;

static void line_hook(lua_State *L, lua_Debug *ar)
{
    static unsigned prev;
    unsigned cur = (unsigned)ar->currentline;
    unsigned slot = (cur * 2654435761u ^ prev) % COVERAGE_SLOTS;

    (void)L;
    if (lua_coverage[slot] != 255)
        lua_coverage[slot]++;
    prev = cur >> 1;  /* edges, as SanitizerCoverage counts them */
}

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 1;
    char *s = ts_xmalloc(n);

    snprintf(s, n, "%s%s", a, b);
    return s;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    struct ts_error err;
    char *path = join(TS_FUZZ_DIR, "/filter_pattern_snapshot.json"), *text;
    size_t len;
    cJSON *region, *filters;

    (void)argc;
    (void)argv;
    FUZZ_CHECK(ts_file_read(path, 1 << 20, &text, &len, &err) == 0, "%s", err.msg);
    template_root = cJSON_Parse(text);
    free(text);
    free(path);
    region = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(template_root, "regions"), "us-east-1");
    filters = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(region, "logs"), "DescribeMetricFilters"),
        "metricFilters");
    template_pattern = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(filters, 0),
                                                        "filterPattern");
    FUZZ_CHECK(cJSON_IsString(template_pattern), "template has no filterPattern");
    builtin_rule = join(ts_engine_builtin_dir(), "/monitoring/cloudwatch_1_root_usage.lua");
    return 0;
}

/* Loads a Lua file and calls it; leaves its result on the stack. */
static void run_file(lua_State *L, const char *dir, const char *name)
{
    char *path = join(dir, name);
    int ok = luaL_loadfile(L, path) == LUA_OK && lua_pcall(L, 0, 1, 0) == LUA_OK;

    FUZZ_CHECK(ok, "%s: %s", path, lua_tostring(L, -1));
    free(path);
}

static void guided_run(const uint8_t *data, size_t size)
{
    lua_State *L = luaL_newstate();

    FUZZ_CHECK(L != NULL, "no Lua state");
    luaL_openlibs(L);
    run_file(L, ts_engine_builtin_dir(), "/lib/filter_pattern.lua");
    run_file(L, TS_FUZZ_DIR, "/rules/lib/fp_contract.lua");
    lua_getfield(L, -1, "check");
    lua_pushvalue(L, -3);
    lua_pushlstring(L, (const char *)data, size);
    lua_sethook(L, line_hook, LUA_MASKLINE, 0);
    FUZZ_CHECK(lua_pcall(L, 2, 0, 0) == LUA_OK, "%s", lua_tostring(L, -1));
    lua_close(L);
}

/* Snapshots hold UTF-8 text without NUL: anything else never reaches a rule. */
static int snapshot_text_ok(const uint8_t *data, size_t size)
{
    for (size_t i = 0, n; i < size; i += n) {
        n = data[i] ? ts_utf8_seq_len(data + i, size - i) : 0;
        if (n == 0)
            return 0;
    }
    return 1;
}

static void engine_run(const uint8_t *data, size_t size)
{
    struct ts_limits limits = {TS_DEFAULT_MEMORY_LIMIT, TS_DEFAULT_INSTRUCTION_LIMIT,
                               TS_DEFAULT_RESULT_LIMIT, 0 /* libFuzzer -timeout */};
    struct ts_problems problems;
    struct ts_snapshot s;
    struct ts_engine *e;
    char *pattern = ts_xmalloc(size + 1), *text;

    memcpy(pattern, data, size);
    pattern[size] = '\0';
    FUZZ_CHECK(cJSON_SetValuestring(template_pattern, pattern) != NULL, "out of memory");
    free(pattern);
    text = cJSON_PrintUnformatted(template_root);
    ts_problems_init(&problems);
    ts_snapshot_init(&s);
    FUZZ_CHECK(ts_snapshot_load_text(&s, "fuzz.json", text, strlen(text), &problems) == 0,
               "template snapshot: %s", problems.items[0]);
    FUZZ_CHECK((e = ts_engine_new(&limits)) != NULL, "engine init");
    FUZZ_CHECK(ts_engine_load_dir(e, TS_FUZZ_DIR "/rules", &problems) == 0
               && ts_engine_load_file(e, builtin_rule, ts_engine_builtin_dir(), &problems) >= 0
               && problems.count == 0 && ts_engine_nfailures(e) == 0 && ts_engine_nrules(e) == 2,
               "loading rules: %s", problems.count ? problems.items[0] : "a rule failed");
    ts_engine_run(e, &s);
    for (size_t i = 0; i < ts_engine_nfailures(e); i++) {
        const struct ts_failure *f = ts_engine_failure(e, i);
        fprintf(stderr, "rule %s failed (%s): %s\n", f->rule_id, ts_cause_name(f->cause),
                f->message);
    }
    FUZZ_CHECK(ts_engine_nfailures(e) == 0, "a rule failed on this pattern");
    FUZZ_CHECK(ts_engine_nresults(e) >= 2, "a rule judged nothing (%zu results)",
               ts_engine_nresults(e));
    ts_engine_free(e);
    ts_snapshot_release(&s);
    ts_problems_release(&problems);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    guided_run(data, size);
    if (snapshot_text_ok(data, size))
        engine_run(data, size);
    return 0;
}

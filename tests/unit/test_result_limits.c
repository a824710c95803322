/* Results keep texts made from snapshot data whatever their length: a rule
 * never fails because an ARN, a region or a name in the data is long.  A
 * resource is cut to 2,048 bytes, a region to 64, a message to 4,096; a
 * fix over 4,096 bytes is left out (a cut command could do harm). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "test.h"
#include "engine/engine.h"
#include "snapshot/snapshot_load.h"

static const char snapshot_text[] =
    "{\"format\": \"trailscan-snapshot/1\", \"account_id\": \"123456789012\","
    " \"partition\": \"aws\", \"collected_at\": \"2026-11-25T12:00:00Z\","
    " \"regions\": {}, \"global\": {}, \"errors\": []}";

/* One result with every text too long, one with a fix of exactly 4,096
 * bytes and control characters in its message, one with UTF-8 (kept), a
 * NUL (a space), a byte no UTF-8 has and a sequence cut short (each byte
 * '?'). */
static const char long_rule[] =
    "return {id = \"T-LONG\", name = \"Long\", title = \"t\", severity = \"low\",\n"
    "  description = \"d\", remediation = \"r\",\n"
    "  check = function(snapshot)\n"
    "    fail{resource = string.rep(\"a\", 3000), region = string.rep(\"r\", 100),\n"
    "         message = string.rep(\"m\", 5000), fix = string.rep(\"f\", 5000)}\n"
    "    fail{resource = \"b\", message = \"x\\1y\", fix = string.rep(\"g\", 4096)}\n"
    "    fail{resource = \"c\", region = \"\xe6\x97\xa5\xe6\x9c\xac\",\n"
    "         message = \"\xe3\x83\xad\xe3\x82\xb0 group\\0x\\255y in \xe6\x97\xa5\",\n"
    "         fix = \"cmd \\xe3\\x81\"}\n"
    "  end}\n";

/* Texts of 1 to 47 bytes of ASCII with one NUL or one byte no UTF-8 has
 * at each place: cleaned wherever the byte falls in or after the 16- and
 * 8-byte steps the check takes. */
static const char odd_byte_rule[] =
    "return {id = \"T-ODD\", name = \"Odd\", title = \"t\", severity = \"low\",\n"
    "  description = \"d\", remediation = \"r\",\n"
    "  check = function(snapshot)\n"
    "    for n = 1, 47 do\n"
    "      for at = 1, n do\n"
    "        for k, b in ipairs{\"\\0\", \"\\255\"} do\n"
    "          fail{resource = n .. \" \" .. at .. \" \" .. k,\n"
    "               message = string.rep(\"a\", at - 1) .. b\n"
    "                                          .. string.rep(\"z\", n - at)}\n"
    "        end\n"
    "      end\n"
    "    end\n"
    "  end}\n";

/* Result tables with a wrong field, each reported through pcall: what
 * report() says of each, as a result's message in the same order. */
static const char wrong_rule[] =
    "return {id = \"T-WRONG\", name = \"Wrong\", title = \"t\", severity = \"low\",\n"
    "  description = \"d\", remediation = \"r\",\n"
    "  check = function(snapshot)\n"
    "    local cases = {\n"
    "      {message = \"m\"},\n"
    "      {resource = 5, message = \"m\"},\n"
    "      {resource = \"r\", message = {}},\n"
    "      {resource = \"r\", message = \"m\", region = true},\n"
    "      {resource = \"r\", message = \"m\", fix = 1.5},\n"
    "      {resource = \"r\", message = \"m\", node = \"n\"},\n"
    "      {resource = {}, message = 3},\n"
    "      {resource = \"r\", mesage = \"m\"},\n"
    "      {resource = \"r\"},\n"
    "    }\n"
    "    for i, t in ipairs(cases) do\n"
    "      local ok, err = pcall(fail, t)\n"
    "      fail{resource = string.format(\"%02d\", i), message = tostring(err)}\n"
    "    end\n"
    "  end}\n";

static char rule_dir[] = "/tmp/trailscan-result-limits-XXXXXX";
static char odd_dir[] = "/tmp/trailscan-result-odd-XXXXXX";
static char wrong_dir[] = "/tmp/trailscan-result-wrong-XXXXXX";
static char rule_path[4096], odd_path[4096], wrong_path[4096];

/* A fresh engine that has run the rule file at path (its folder dir) on
 * snapshot_text, loaded into s; problems collects what loading said. */
static struct ts_engine *run_rule_file(const char *path, const char *dir, struct ts_snapshot *s,
                                       struct ts_problems *problems)
{
    struct ts_limits limits = {TS_DEFAULT_MEMORY_LIMIT, TS_DEFAULT_INSTRUCTION_LIMIT,
                               TS_DEFAULT_RESULT_LIMIT, TS_DEFAULT_SECONDS};
    struct ts_engine *e;

    ts_problems_init(problems);
    ts_snapshot_init(s);
    ASSERT((e = ts_engine_new(&limits)) != NULL);
    ASSERT(ts_engine_load_file(e, path, dir, problems) == 0);
    ASSERT(ts_snapshot_load_text(s, "t.json", snapshot_text, sizeof(snapshot_text) - 1,
                                 problems) == 0);
    ts_engine_run(e, s);
    return e;
}

static void long_texts_are_kept_within_limits(void)
{
    struct ts_problems problems;
    struct ts_snapshot s;
    struct ts_engine *e;

    e = run_rule_file(rule_path, rule_dir, &s, &problems);
    for (size_t i = 0; i < ts_engine_nfailures(e); i++)
        fprintf(stderr, "rule failed: %s\n", ts_engine_failure(e, i)->message);
    ASSERT_EQ_INT(ts_engine_nfailures(e), 0);
    ASSERT_EQ_INT(ts_engine_nresults(e), 3);
    if (ts_engine_nresults(e) == 3) {
        ASSERT_EQ_INT(strlen(ts_engine_result(e, 0)->resource), 2048);
        ASSERT_EQ_INT(strlen(ts_engine_result(e, 0)->region), 64);
        ASSERT_EQ_INT(strlen(ts_engine_result(e, 0)->message), 4096);
        ASSERT(ts_engine_result(e, 0)->fix == NULL);
        ASSERT(ts_engine_result(e, 1)->fix != NULL && strlen(ts_engine_result(e, 1)->fix) == 4096);
        /* Control characters are kept: every writer shows them as escapes. */
        ASSERT(strcmp(ts_engine_result(e, 1)->message, "x\001y") == 0);
        ASSERT(ts_engine_result(e, 1)->region == NULL);
        ASSERT(strcmp(ts_engine_result(e, 2)->region, "\xe6\x97\xa5\xe6\x9c\xac") == 0);
        ASSERT(strcmp(ts_engine_result(e, 2)->message,
                      "\xe3\x83\xad\xe3\x82\xb0 group x?y in \xe6\x97\xa5") == 0);
        ASSERT(strcmp(ts_engine_result(e, 2)->fix, "cmd ??") == 0);
    }
    ts_engine_free(e);
    ts_snapshot_release(&s);
    ts_problems_release(&problems);
}

static void odd_bytes_are_cleaned_anywhere(void)
{
    struct ts_problems problems;
    struct ts_snapshot s;
    struct ts_engine *e;
    size_t wrong = 0;

    e = run_rule_file(odd_path, odd_dir, &s, &problems);
    ASSERT_EQ_INT(ts_engine_nfailures(e), 0);
    ASSERT_EQ_INT(ts_engine_nresults(e), 47 * 48);
    for (size_t i = 0; i < ts_engine_nresults(e); i++) {
        const struct ts_result *r = ts_engine_result(e, i);
        int n = 0, at = 0, k = 0;
        char want[48] = "";
        if (sscanf(r->resource, "%d %d %d", &n, &at, &k) == 3 && at >= 1 && at <= n
            && n <= 47) {
            memset(want, 'a', (size_t)at - 1);
            want[at - 1] = k == 2 ? '?' : ' ';
            memset(want + at, 'z', (size_t)(n - at));
            want[n] = '\0';
        }
        if (strcmp(r->message, want) != 0 && wrong++ < 3)
            fprintf(stderr, "    %s: '%s', not '%s'\n", r->resource, r->message, want);
    }
    ASSERT_EQ_INT(wrong, 0);
    ts_engine_free(e);
    ts_snapshot_release(&s);
    ts_problems_release(&problems);
}

static void wrong_fields_are_named(void)
{
    static const char *const said[] = {
        "result needs 'resource' (a string)",
        "result field 'resource' must be a string, not number",
        "result field 'message' must be a string, not table",
        "result field 'region' must be a string, not boolean",
        "result field 'fix' must be a string, not number",
        "result field 'node' must be a table from this snapshot",
        "result field 'resource' must be a string, not table",
        "result field 'mesage' is unknown (did you mean 'message'?)",
        "result needs 'message' (a string)",
    };
    enum { N = sizeof(said) / sizeof(said[0]) };
    struct ts_problems problems;
    struct ts_snapshot s;
    struct ts_engine *e;

    e = run_rule_file(wrong_path, wrong_dir, &s, &problems);
    ASSERT_EQ_INT(ts_engine_nfailures(e), 0);
    ASSERT_EQ_INT(ts_engine_nresults(e), N);
    for (size_t i = 0; i < N && i < ts_engine_nresults(e); i++) {
        char id[8];
        snprintf(id, sizeof(id), "%02zu", i + 1);
        ASSERT(strcmp(ts_engine_result(e, i)->resource, id) == 0);
        ASSERT_CONTAINS(ts_engine_result(e, i)->message, said[i]);
    }
    ts_engine_free(e);
    ts_snapshot_release(&s);
    ts_problems_release(&problems);
}

int main(void)
{
    test_write_temp_file(rule_dir, "long.lua", long_rule, rule_path, sizeof(rule_path));
    test_write_temp_file(odd_dir, "odd.lua", odd_byte_rule, odd_path, sizeof(odd_path));
    RUN(long_texts_are_kept_within_limits);
    RUN(odd_bytes_are_cleaned_anywhere);
    test_write_temp_file(wrong_dir, "wrong.lua", wrong_rule, wrong_path, sizeof(wrong_path));
    RUN(wrong_fields_are_named);
    unlink(wrong_path);
    rmdir(wrong_dir);
    unlink(rule_path);
    unlink(odd_path);
    rmdir(odd_dir);
    rmdir(rule_dir);
    return TEST_EXIT();
}

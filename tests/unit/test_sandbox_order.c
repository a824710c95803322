/* What rules see is the same on every run and in every worker: pairs over
 * a rule's own tables and read-only views visits numbers (ascending), then
 * strings (by bytes), then booleans; keys removed during the loop are
 * skipped; table.sort is stable; tostring and string.format name objects
 * "table: N", N counted from 1 in every call of check. */
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

static const char rule[] =
    "local function keys(t)\n"
    "  local out = {}\n"
    "  for k in pairs(t) do out[#out + 1] = tostring(k) end\n"
    "  return table.concat(out, \" \")\n"
    "end\n"
    "return {id = \"T-ORDER\", name = \"Order\", title = \"t\", severity = \"low\",\n"
    "  description = \"d\", remediation = \"r\",\n"
    "  params = {zulu = {default = 1}, alpha = {default = 2}, mike = {default = 3}},\n"
    "  check = function(snapshot, params)\n"
    "    local t = {b = 1, a = 2, ab = 3, [3] = 4, [1] = 5, [2.5] = 6, [-1] = 7,\n"
    "               [math.maxinteger] = 8, [1e300] = 9, [true] = 10, [false] = 11}\n"
    "    fail{resource = \"mixed\", message = keys(t)}\n"
    "    fail{resource = \"params\", message = keys(params)}\n"
    "    local seen, d = {}, {a = 1, b = 2, c = 3, d = 4}\n"
    "    for k in pairs(d) do seen[#seen + 1] = k; if k == \"a\" then d.b = nil end end\n"
    "    fail{resource = \"removed\", message = table.concat(seen, \" \")}\n"
    "    local r = {}\n"
    "    for i = 1, 500 do r[i] = {i = i, g = i % 2} end\n"
    "    table.sort(r, function(x, y) return x.g < y.g end)\n"
    "    local first = {}\n"
    "    for i = 1, 5 do first[i] = r[i].i end\n"
    "    local n = {5, 3, 9, 1}\n"
    "    table.sort(n)\n"
    "    fail{resource = \"sort\", message = table.concat(first, \" \") .. \" / \"\n"
    "         .. table.concat(n, \" \")}\n"
    "    local x, y = {}, {}\n"
    "    fail{resource = \"names\", message = tostring(x) .. \" \" .. tostring(y) .. \" \"\n"
    "         .. tostring(x) .. \" \" .. string.format(\"%s %p %-9p|\", y, x, 1)}\n"
    "  end}\n";

static char rule_dir[] = "/tmp/trailscan-sandbox-order-XXXXXX";
static char rule_path[4096];

static const char *message_of(const struct ts_engine *e, size_t from, const char *resource)
{
    for (size_t i = from; i < ts_engine_nresults(e); i++)
        if (!strcmp(ts_engine_result(e, i)->resource, resource))
            return ts_engine_result(e, i)->message;
    return NULL;
}

static void same_order_every_time(void)
{
    struct ts_limits limits = {TS_DEFAULT_MEMORY_LIMIT, TS_DEFAULT_INSTRUCTION_LIMIT,
                               TS_DEFAULT_RESULT_LIMIT, TS_DEFAULT_SECONDS};
    struct ts_problems problems;
    struct ts_engine *e;

    ts_problems_init(&problems);
    ASSERT((e = ts_engine_new(&limits)) != NULL);
    ASSERT(ts_engine_load_file(e, rule_path, rule_dir, &problems) == 0);
    for (int run = 0; run < 2; run++) {
        struct ts_snapshot s;
        size_t from = ts_engine_nresults(e);
        ts_snapshot_init(&s);
        ASSERT(ts_snapshot_load_text(&s, "t.json", snapshot_text, sizeof(snapshot_text) - 1,
                                     &problems) == 0);
        ts_engine_run(e, &s);
        ts_snapshot_release(&s);
        for (size_t i = 0; i < ts_engine_nfailures(e); i++)
            fprintf(stderr, "rule failed: %s\n", ts_engine_failure(e, i)->message);
        ASSERT_EQ_INT(ts_engine_nfailures(e), 0);
        ASSERT_CONTAINS(message_of(e, from, "mixed"),
                        "-1 1 2.5 3 9223372036854775807 1e+300 a ab b false true");
        ASSERT_CONTAINS(message_of(e, from, "params"), "alpha mike zulu");
        ASSERT_CONTAINS(message_of(e, from, "removed"), "a c d");
        ASSERT_CONTAINS(message_of(e, from, "sort"), "2 4 6 8 10 / 1 3 5 9");
        /* Numbered afresh in each call: the second account says the same. */
        ASSERT_CONTAINS(message_of(e, from, "names"),
                        "table: 1 table: 2 table: 1 table: 2 table: 1 (null)   |");
    }
    ts_engine_free(e);
    ts_problems_release(&problems);
}

int main(void)
{
    test_write_temp_file(rule_dir, "order.lua", rule, rule_path, sizeof(rule_path));
    RUN(same_order_every_time);
    unlink(rule_path);
    rmdir(rule_dir);
    return TEST_EXIT();
}

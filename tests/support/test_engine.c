#include "test_engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util/error.h"

static int load_rule(struct ts_engine *e, const char *dir, const char *id)
{
    struct ts_problems problems;
    char path[4096];
    FILE *f;
    int ret;

    snprintf(path, sizeof(path), "%s/%s.lua", dir, id);
    if (!(f = fopen(path, "w")))
        return -1;
    fprintf(f, "return {id = \"%s\", name = \"Rule\", title = \"t\", severity = \"high\",\n"
               "  description = \"d\", remediation = \"r\", check = function() end}\n", id);
    if (fclose(f) != 0)
        return -1;
    ts_problems_init(&problems);
    ret = ts_engine_load_file(e, path, dir, &problems);
    for (size_t i = 0; i < problems.count; i++)
        fprintf(stderr, "test_engine: %s\n", problems.items[i]);
    ts_problems_release(&problems);
    unlink(path);
    return ret;
}

struct ts_engine *ts_test_engine(const char *const *rule_ids, const char *const *account_ids)
{
    struct ts_limits limits = {TS_DEFAULT_MEMORY_LIMIT, TS_DEFAULT_INSTRUCTION_LIMIT,
                               TS_DEFAULT_RESULT_LIMIT, TS_DEFAULT_SECONDS};
    char dir[] = "/tmp/trailscan-test-engine-XXXXXX";
    struct ts_engine *e;
    int ok = 1;

    if (!mkdtemp(dir) || !(e = ts_engine_new(&limits))) {
        fprintf(stderr, "test_engine: cannot make an engine\n");
        return NULL;
    }
    for (size_t i = 0; ok && rule_ids[i]; i++)
        ok = load_rule(e, dir, rule_ids[i]) == 0;
    rmdir(dir);
    for (size_t i = 0; ok && account_ids[i]; i++) {
        struct ts_account a;
        memset(&a, 0, sizeof(a));
        a.file = ts_xstrdup("test.json");
        a.account_id = ts_xstrdup(account_ids[i]);
        a.partition = ts_xstrdup("aws");
        ts_engine_take_account(e, &a);
    }
    if (!ok) {
        fprintf(stderr, "test_engine: cannot load the rules\n");
        ts_engine_free(e);
        return NULL;
    }
    return e;
}

void ts_test_engine_result(struct ts_engine *e, const struct ts_result *r)
{
    struct ts_result c = *r;

    ts_result_set_texts(&c, r->resource, r->region, r->message, r->fix);
    ts_engine_add_result(e, &c);
}

#include "cli/cli_rules_builtin.h"

#include <stdint.h>
#include <sys/stat.h>
#include "engine/rule_meta_where.h"
#include "lua/sandbox_limits.h"
#include "engine/scan.h"

/* The built-in rules are a folder's own when it is (a part of) the built-in
 * folder: the same file is no clash. */
static int same_file(const char *a, const char *b)
{
    struct stat sa, sb;

    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev
           && sa.st_ino == sb.st_ino;
}

size_t cli_rules_builtin_clashes(const struct ts_engine *e, struct ts_problems *problems)
{
    struct ts_limits limits = {TS_DEFAULT_MEMORY_LIMIT, TS_DEFAULT_INSTRUCTION_LIMIT,
                               TS_DEFAULT_RESULT_LIMIT, TS_DEFAULT_SECONDS};
    struct ts_scan_plan plan = {.builtin = 1};
    struct ts_problems ignored;
    struct ts_engine *b;
    size_t n = 0;

    if (!ts_engine_nrules(e) || !ts_engine_builtin_dir() || !(b = ts_engine_new(&limits)))
        return 0;
    /* The built-ins' own problems are rules test's to report, not this. */
    ts_problems_init(&ignored);
    ts_scan_load_all(b, &plan, &ignored);
    ts_problems_release(&ignored);
    for (size_t i = 0; i < ts_engine_nrules(e); i++) {
        const struct ts_rule *r = ts_engine_rule(e, i);
        size_t k = ts_engine_find_rule(b, r->id);
        unsigned line = 0, col = 0;
        if (k == SIZE_MAX || same_file(r->file, ts_engine_rule(b, k)->file))
            continue;
        if (ts_rule_key_where(r->file, "id", 0, &line, &col) < 0)
            line = col = 0;
        ts_problems_add_at(problems, r->file, line, col,
                           "rule id '%s' is a built-in rule's (%s): 'scan --rules' stops on"
                           " the duplicate; rename it, or scan with --no-builtin", r->id,
                           ts_engine_rule(b, k)->file);
        n++;
    }
    ts_engine_free(b);
    return n;
}

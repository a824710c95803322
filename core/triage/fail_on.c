#include "triage/fail_on.h"

#include <string.h>
#include "engine/results.h"
#include "triage/baseline.h"

int ts_fail_on_parse(const char *v, enum ts_level *level, int *never)
{
    static const char *const names[] = {"never", "note", "warning", "error"};

    for (int i = 0; i < 4; i++)
        if (!strcmp(v, names[i])) {
            *never = i == 0;
            *level = (enum ts_level)i;
            return 0;
        }
    return -1;
}

int ts_fail_on_reached(const struct ts_engine *e, enum ts_level level, int never,
                       int only_new)
{
    struct ts_results_iter it;
    const struct ts_result *r;
    int reached = 0;

    if (never)
        return 0;
    ts_results_begin(&it, e);
    while (!reached && (r = ts_results_next(&it))) {
        enum ts_level l = ts_result_level(ts_engine_rule(e, r->rule), r);
        if (r->waiver || (only_new && !ts_baseline_counts_as_new(r)))
            continue;
        if (l != TS_LEVEL_NONE && l >= level)
            reached = 1;
    }
    ts_results_end(&it);
    return reached;
}

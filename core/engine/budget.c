#include "engine/budget.h"

#include <limits.h>

long long ts_budget_instructions(long long base, size_t bytes)
{
    unsigned long long extra;

    if ((unsigned long long)bytes > (unsigned long long)LLONG_MAX / TS_BUDGET_INSTRUCTIONS_PER_BYTE)
        return LLONG_MAX;
    extra = (unsigned long long)bytes * TS_BUDGET_INSTRUCTIONS_PER_BYTE;
    if (base < 0)
        base = 0;
    if (extra > (unsigned long long)(LLONG_MAX - base))
        return LLONG_MAX;
    return base + (long long)extra;
}

double ts_budget_seconds(double base, size_t bytes)
{
    if (base <= 0)
        return base;
    return base + TS_BUDGET_SECONDS_PER_MIB * ((double)bytes / (1024.0 * 1024.0));
}

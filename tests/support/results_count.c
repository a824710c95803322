#include "results_count.h"

size_t ts_results_count(const struct ts_engine *e)
{
    size_t n = ts_engine_nresults(e);

    for (size_t a = 0; a < ts_engine_naccounts(e); a++)
        n += ts_engine_account(e, a)->nlogged;
    return n;
}

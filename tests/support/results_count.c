#include "results_count.h"

size_t ts_results_count(const struct ts_engine *e)
{
    size_t n = e->nresults;

    for (size_t a = 0; a < e->naccounts; a++)
        n += e->accounts[a].nlogged;
    return n;
}

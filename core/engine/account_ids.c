#include "engine/account_ids.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "engine/engine.h"
#include "util/error.h"

struct ts_account_id {
    char *id;
    size_t index;
};

static int by_id(const void *pa, const void *pb)
{
    const struct ts_account_id *a = pa, *b = pb;
    int c = strcmp(a->id, b->id);

    return c ? c : (a->index > b->index) - (a->index < b->index);
}

void ts_account_ids_build(struct ts_account_ids *ids, const struct ts_engine *e)
{
    ids->n = ts_engine_naccounts(e);
    ids->v = ts_xmalloc((ids->n + 1) * sizeof(*ids->v));
    /* Copies: an account read back is only lent (engine.h). */
    for (size_t i = 0; i < ids->n; i++) {
        ids->v[i].id = ts_xstrdup(ts_engine_account(e, i)->account_id);
        ids->v[i].index = i;
    }
    if (ids->n > 0)
        qsort(ids->v, ids->n, sizeof(*ids->v), by_id);
}

void ts_account_ids_release(struct ts_account_ids *ids)
{
    for (size_t i = 0; i < ids->n; i++)
        free(ids->v[i].id);
    free(ids->v);
    memset(ids, 0, sizeof(*ids));
}

size_t ts_account_ids_find(const struct ts_account_ids *ids, const char *id)
{
    size_t lo = 0, hi = ids->n; /* the first entry not before id */

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(ids->v[mid].id, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < ids->n && !strcmp(ids->v[lo].id, id) ? ids->v[lo].index : SIZE_MAX;
}

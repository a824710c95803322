#include "util/name_index.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "util/error.h"

struct ts_name_entry {
    char *name;
    size_t place;
};

void ts_name_index_init(struct ts_name_index *ix, size_t n)
{
    ix->n = n;
    ix->v = ts_xmalloc((n + 1) * sizeof(*ix->v));
    memset(ix->v, 0, (n + 1) * sizeof(*ix->v));
}

void ts_name_index_set(struct ts_name_index *ix, size_t i, const char *name)
{
    free(ix->v[i].name);
    ix->v[i].name = ts_xstrdup(name);
    ix->v[i].place = i;
}

static int by_name(const void *pa, const void *pb)
{
    const struct ts_name_entry *a = pa, *b = pb;
    int c = strcmp(a->name, b->name);

    return c ? c : (a->place > b->place) - (a->place < b->place);
}

void ts_name_index_sort(struct ts_name_index *ix)
{
    if (ix->n > 0)
        qsort(ix->v, ix->n, sizeof(*ix->v), by_name);
}

void ts_name_index_release(struct ts_name_index *ix)
{
    for (size_t i = 0; i < ix->n; i++)
        free(ix->v[i].name);
    free(ix->v);
    memset(ix, 0, sizeof(*ix));
}

size_t ts_name_index_find(const struct ts_name_index *ix, const char *name)
{
    size_t lo = 0, hi = ix->n; /* the first entry not before name */

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(ix->v[mid].name, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < ix->n && !strcmp(ix->v[lo].name, name) ? ix->v[lo].place : SIZE_MAX;
}

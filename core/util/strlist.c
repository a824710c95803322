#include "util/strlist.h"

#include <stdlib.h>
#include <string.h>
#include "util/error.h"

void ts_strlist_init(struct ts_strlist *l)
{
    l->items = NULL;
    l->count = l->alloc = 0;
}

void ts_strlist_push(struct ts_strlist *l, const char *s)
{
    if (l->count == l->alloc) {
        l->alloc = l->alloc ? l->alloc * 2 : 16;
        l->items = ts_xrealloc(l->items, l->alloc * sizeof(*l->items));
    }
    l->items[l->count++] = ts_xstrdup(s);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void ts_strlist_sort(struct ts_strlist *l)
{
    if (l->count > 1)
        qsort(l->items, l->count, sizeof(*l->items), cmp_str);
}

void ts_strlist_release(struct ts_strlist *l)
{
    for (size_t i = 0; i < l->count; i++)
        free(l->items[i]);
    free(l->items);
    ts_strlist_init(l);
}

#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ts_error_set(struct ts_error *err, const char *fmt, ...)
{
    va_list ap;

    if (!err)
        return -1;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    return -1;
}

void ts_problems_init(struct ts_problems *p)
{
    p->items = NULL;
    p->count = p->alloc = 0;
}

void ts_problems_add(struct ts_problems *p, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (p->count == p->alloc) {
        p->alloc = p->alloc ? p->alloc * 2 : 8;
        p->items = ts_xrealloc(p->items, p->alloc * sizeof(*p->items));
    }
    p->items[p->count++] = ts_xstrdup(buf);
}

void ts_problems_release(struct ts_problems *p)
{
    for (size_t i = 0; i < p->count; i++)
        free(p->items[i]);
    free(p->items);
    ts_problems_init(p);
}

static void out_of_memory(void)
{
    fputs("trailscan: out of memory\n", stderr);
    exit(2);
}

void *ts_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *ts_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        out_of_memory();
    return q;
}

char *ts_xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(ts_xmalloc(n), s, n);
}

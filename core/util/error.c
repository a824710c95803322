#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Writes "FILE:LINE:COL: ", "FILE: " or "LINE:COL: " and then the message
 * into out (cut to n bytes, as one snprintf of the whole would be); returns
 * where the message starts. */
static TS_PRINTF(6, 0) size_t format_at(char *out, size_t n, const char *file, unsigned line,
                                         unsigned column, const char *fmt, va_list ap)
{
    int k = 0;

    if (file && line)
        k = snprintf(out, n, "%s:%u:%u: ", file, line, column);
    else if (file)
        k = snprintf(out, n, "%s: ", file);
    else if (line)
        k = snprintf(out, n, "%u:%u: ", line, column);
    else
        out[0] = '\0';
    if (k < 0)
        k = 0;
    if ((size_t)k >= n)
        return n - 1;
    vsnprintf(out + k, n - (size_t)k, fmt, ap);
    return (size_t)k;
}

int ts_error_set(struct ts_error *err, const char *fmt, ...)
{
    va_list ap;

    if (!err)
        return -1;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    err->line = err->column = 0;
    err->what = 0;
    return -1;
}

int ts_error_set_at(struct ts_error *err, const char *file, unsigned line, unsigned column,
                    const char *fmt, ...)
{
    va_list ap;

    if (!err)
        return -1;
    va_start(ap, fmt);
    err->what = format_at(err->msg, sizeof(err->msg), file, line, column, fmt, ap);
    va_end(ap);
    err->line = line;
    err->column = column;
    return -1;
}

void ts_problems_init(struct ts_problems *p)
{
    p->items = NULL;
    p->where = NULL;
    p->count = p->alloc = 0;
}

static void push(struct ts_problems *p, const char *text, const char *file, unsigned line,
                 unsigned column, size_t what)
{
    if (p->count == p->alloc) {
        p->alloc = p->alloc ? p->alloc * 2 : 8;
        p->items = ts_xrealloc(p->items, p->alloc * sizeof(*p->items));
        p->where = ts_xrealloc(p->where, p->alloc * sizeof(*p->where));
    }
    p->items[p->count] = ts_xstrdup(text);
    p->where[p->count].file = file ? ts_xstrdup(file) : NULL;
    p->where[p->count].line = file ? line : 0;
    p->where[p->count].column = file ? column : 0;
    p->where[p->count].what = what;
    p->count++;
}

void ts_problems_add(struct ts_problems *p, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    push(p, buf, NULL, 0, 0, 0);
}

void ts_problems_add_at(struct ts_problems *p, const char *file, unsigned line,
                        unsigned column, const char *fmt, ...)
{
    char buf[1024];
    size_t what;
    va_list ap;

    va_start(ap, fmt);
    what = format_at(buf, sizeof(buf), file, line, column, fmt, ap);
    va_end(ap);
    push(p, buf, file, line, column, what);
}

void ts_problems_add_error(struct ts_problems *p, const char *file, const struct ts_error *err)
{
    ts_problems_add_at(p, file, err->line, err->column, "%s", err->msg + err->what);
}

void ts_problems_add_copy(struct ts_problems *p, const struct ts_problems *from, size_t i)
{
    const struct ts_problem_where *w = &from->where[i];

    push(p, from->items[i], w->file, w->line, w->column, w->what);
}

void ts_problems_release(struct ts_problems *p)
{
    for (size_t i = 0; i < p->count; i++) {
        free(p->items[i]);
        free(p->where[i].file);
    }
    free(p->items);
    free(p->where);
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

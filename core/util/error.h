/* A library function reports failure by returning -1 and filling a
 * ts_error; only main and the cli_ files print it. */
#ifndef TS_ERROR_H
#define TS_ERROR_H

#include <stddef.h>

struct ts_error {
    char msg[1024];
};

#if defined(__GNUC__)
#define TS_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define TS_PRINTF(f, a)
#endif

/* Sets the message; always returns -1 so callers can `return ts_error_set(...)`. */
int ts_error_set(struct ts_error *err, const char *fmt, ...) TS_PRINTF(2, 3);

/* A growable list of problems, for checks that report everything they find. */
struct ts_problems {
    char **items;
    size_t count, alloc;
};

void ts_problems_init(struct ts_problems *p);
void ts_problems_add(struct ts_problems *p, const char *fmt, ...) TS_PRINTF(2, 3);
void ts_problems_release(struct ts_problems *p);

/* malloc that exits on failure: for the small bookkeeping allocations
 * where there is nothing better to do than stop. */
void *ts_xmalloc(size_t n);
void *ts_xrealloc(void *p, size_t n);
char *ts_xstrdup(const char *s);

#endif

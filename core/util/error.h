/* A library function reports failure by returning -1 and filling a
 * ts_error; only main and the cli_ files print it. */
#ifndef TS_ERROR_H
#define TS_ERROR_H

#include <stddef.h>

struct ts_error {
    char msg[1024];
    /* Set by ts_error_set_at (else 0): the place the message starts with,
     * and where the message proper starts in msg, after it. */
    unsigned line, column;
    size_t what;
};

#if defined(__GNUC__)
#define TS_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define TS_PRINTF(f, a)
#endif

/* Sets the message; always returns -1 so callers can `return ts_error_set(...)`. */
int ts_error_set(struct ts_error *err, const char *fmt, ...) TS_PRINTF(2, 3);
/* Same, for a message about a place: "FILE:LINE:COL: what", "FILE: what"
 * (line 0) or "LINE:COL: what" (file NULL), the place kept apart too. */
int ts_error_set_at(struct ts_error *err, const char *file, unsigned line, unsigned column,
                    const char *fmt, ...) TS_PRINTF(5, 6);

/* Where a problem is: the file it is about (or NULL), the line and column
 * in it (or 0), and the offset in its text of the message after them. */
struct ts_problem_where {
    char *file;
    unsigned line, column;
    size_t what;
};

/* A growable list of problems, for checks that report everything they
 * find: each one's text as printed, and where it is (so no reader parses
 * the text back apart). */
struct ts_problems {
    char **items;
    struct ts_problem_where *where;
    size_t count, alloc;
};

void ts_problems_init(struct ts_problems *p);
/* A problem about no file in particular (or one its text names itself). */
void ts_problems_add(struct ts_problems *p, const char *fmt, ...) TS_PRINTF(2, 3);
/* A problem about file (NULL: none) at line:column (0: the whole file),
 * its text worded as ts_error_set_at's. */
void ts_problems_add_at(struct ts_problems *p, const char *file, unsigned line,
                        unsigned column, const char *fmt, ...) TS_PRINTF(5, 6);
/* err's message as a problem about file: err was set by ts_error_set_at
 * about file (or about a place in it, file NULL). */
void ts_problems_add_error(struct ts_problems *p, const char *file, const struct ts_error *err);
/* A copy of problem i of from, with where it is. */
void ts_problems_add_copy(struct ts_problems *p, const struct ts_problems *from, size_t i);
void ts_problems_release(struct ts_problems *p);

/* malloc that exits on failure: for the small bookkeeping allocations
 * where there is nothing better to do than stop. */
void *ts_xmalloc(size_t n);
void *ts_xrealloc(void *p, size_t n);
char *ts_xstrdup(const char *s);

#endif

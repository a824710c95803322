/* A growable list of owned strings. */
#ifndef TS_STRLIST_H
#define TS_STRLIST_H

#include <stddef.h>

struct ts_strlist {
    char **items;
    size_t count, alloc;
};

void ts_strlist_init(struct ts_strlist *l);
void ts_strlist_push(struct ts_strlist *l, const char *s); /* copies s */
void ts_strlist_sort(struct ts_strlist *l);
void ts_strlist_release(struct ts_strlist *l);

#endif

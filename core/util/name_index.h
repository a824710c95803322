/* Names to the first of their places in a list, for a caller that looks
 * many up: a sorted copy, searched in O(log n). */
#ifndef TS_NAME_INDEX_H
#define TS_NAME_INDEX_H

#include <stddef.h>

struct ts_name_entry;

struct ts_name_index {
    struct ts_name_entry *v; /* sorted by name, then place */
    size_t n;
};

/* Room for n names; set each place with ts_name_index_set, then sort. */
void ts_name_index_init(struct ts_name_index *ix, size_t n);
/* Place i's name (copied). */
void ts_name_index_set(struct ts_name_index *ix, size_t i, const char *name);
void ts_name_index_sort(struct ts_name_index *ix);
void ts_name_index_release(struct ts_name_index *ix);

/* The first place whose name is name, or SIZE_MAX. */
size_t ts_name_index_find(const struct ts_name_index *ix, const char *name);

#endif

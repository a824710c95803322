/* "Did you mean": the known word nearest a mistyped one, for messages
 * about unknown keys and values. */
#ifndef TS_SUGGEST_H
#define TS_SUGGEST_H

#include <stddef.h>

/* The word of known (n words; NULL-terminated when n is 0) nearest word,
 * by edit distance ignoring case, if it is close enough to be the one
 * meant (at most a third of its length plus one edits); else NULL. */
const char *ts_suggest(const char *word, const char *const *known, size_t n);

/* Up to max words of known (NULL-terminated) at the least edit distance
 * from word, however far, in known's order, into out; returns how many. */
size_t ts_suggest_nearest(const char *word, const char *const *known, const char **out,
                          size_t max);

#endif

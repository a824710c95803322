/* Where a table key is written in a rule's source, for messages about
 * keys Lua keeps no position of (an unknown metadata field, an unknown
 * result field).  Read only when there is a problem to report. */
#ifndef TS_RULE_META_WHERE_H
#define TS_RULE_META_WHERE_H

#include <stddef.h>

/* Line and column (1-based) of `key =` or `["key"] =` in the Lua text of
 * len bytes, outside comments and strings: the last one on or before line
 * `before`, `x.key =` too (a result's field set before the call); 0: the
 * first anywhere, not `x.key =` (a rule table's field).  -1 if there is
 * none. */
int ts_rule_key_find(const char *text, size_t len, const char *key, unsigned before,
                     unsigned *line, unsigned *column);

/* The same, reading the file at path (a rule file: at most its size
 * limit).  -1 if it cannot be read or the key is not there. */
int ts_rule_key_where(const char *path, const char *key, unsigned before, unsigned *line,
                      unsigned *column);

#endif

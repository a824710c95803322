/* Positions in JSON text.  cJSON keeps no positions, so one linear pass over
 * the bytes records where every object and array begins; because cJSON builds
 * its tree in the same document order, the n-th container of a pre-order walk
 * of the tree is the n-th opening bracket in the text.  The same pass checks
 * what cJSON does not: UTF-8 validity, NUL bytes and nesting depth. */
#ifndef TS_JSON_POS_H
#define TS_JSON_POS_H

#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "util/error.h"
#include "util/utf8.h" /* ts_utf8_seq_len, which users of positions need too */

/* Deepest nesting accepted: cJSON's own limit, reported by us with a position. */
#define TS_JSON_MAX_DEPTH CJSON_NESTING_LIMIT

/* Line and column are 1-based; the column counts UTF-16 code units, which
 * is SARIF's default columnKind. */
struct ts_json_mark {
    size_t offset;
    uint32_t line, column;
};

struct ts_json_pos {
    struct ts_json_mark *marks; /* containers in document order */
    size_t count;
    int unclosed;               /* the text ended inside a string or container */
    const cJSON **keys;         /* open-addressing map: node -> mark index */
    uint32_t *vals;
    size_t cap;
};

void ts_json_pos_init(struct ts_json_pos *pos);
void ts_json_pos_release(struct ts_json_pos *pos);

/* Scans text (len bytes, BOM already skipped).  On a problem fills err with
 * "line:column: what" (no file name) and returns -1. */
int ts_json_pos_scan(struct ts_json_pos *pos, const char *text, size_t len,
                     struct ts_error *err);

/* The same scan one byte at a time, without the 64-byte blocks that
 * ts_json_pos_scan takes where it can: for tests that compare the two. */
int ts_json_pos_scan_bytes(struct ts_json_pos *pos, const char *text, size_t len,
                           struct ts_error *err);
/* The same scan in blocks of 16-byte lanes only, where ts_json_pos_scan
 * takes wider ones if the CPU has them: for tests that compare them. */
int ts_json_pos_scan_lanes(struct ts_json_pos *pos, const char *text, size_t len,
                           struct ts_error *err);

/* Binds the scanned marks to the tree cJSON parsed from the same text.
 * Returns -1 if the two disagree (which would be a bug). */
int ts_json_pos_bind(struct ts_json_pos *pos, const cJSON *root);

/* The same map from the container of each mark, nodes[i] for marks[i]
 * (a parser that records both as it goes: ts_json_parse).  -1: no memory. */
int ts_json_pos_index(struct ts_json_pos *pos, const cJSON *const *nodes);

/* The mark of a container node bound above, or NULL. */
const struct ts_json_mark *ts_json_pos_of(const struct ts_json_pos *pos,
                                          const cJSON *node);

/* Line and column of a byte offset, by a fresh pass up to it. */
void ts_json_line_col(const char *text, size_t len, size_t offset,
                      uint32_t *line, uint32_t *column);
/* The same, counting from a known position at or before offset (a
 * container's mark): a problem deep in a large file costs its distance
 * from there, not from the start. */
void ts_json_line_col_from(const char *text, size_t len, const struct ts_json_mark *from,
                           size_t offset, uint32_t *line, uint32_t *column);

/* Offset in t of `"key"` as a member name of the object whose `{` is at
 * off (depth 1 only), or (size_t)-1: the position of a member for messages,
 * which cJSON does not keep. */
size_t ts_json_find_member(const char *t, size_t len, size_t off, const char *key);

/* Line and column of member `key` of object obj (key NULL: of obj itself),
 * falling back to obj's own position; -1 if obj has no position.  The one
 * position lookup behind ts_json_doc_where and ts_snapshot_member_position:
 * it counts from obj's mark, so a problem deep in a large file costs its
 * distance from its object, not from the start. */
int ts_json_pos_where(const struct ts_json_pos *pos, const char *json, size_t jlen,
                      const cJSON *obj, const char *key, unsigned *line, unsigned *column);

#endif

/* One pass over valid JSON text: the tree cJSON 1.7.15 would parse and the
 * positions ts_json_pos_scan + ts_json_pos_bind would record, built
 * together.  The loader's slow path walks the text three times (position
 * scan, cJSON, bind) and hands every number to strtod; this is the path
 * for the files that are valid, which is nearly all of them.
 *
 * It is only sure of a subset of what the slow path accepts: RFC 8259
 * JSON with space, tab, LF and CR between tokens, valid UTF-8, no control
 * characters in strings, the escapes cJSON decodes (no \u0000, surrogates
 * in pairs), at most TS_JSON_MAX_DEPTH levels, numbers of at most 63
 * characters.  Anything else makes it give up, and the caller then takes
 * the slow path from scratch, so every message stays what it was. */
#ifndef TS_JSON_PARSE_H
#define TS_JSON_PARSE_H

#include <stddef.h>
#include <cjson/cJSON.h>
#include "json/json_pos.h"

/* Where the tree's memory comes from (the snapshot arena's). */
struct ts_json_parse_mem {
    /* A new block of at least min bytes, 8-byte aligned, its size in
     * *size; NULL when out of memory.  The caller keeps the blocks (and
     * frees them, whether or not the parse gave up). */
    void *(*block)(void *ctx, size_t min, size_t *size);
    /* The copy of member name s (len bytes and a NUL, the parser's latest
     * allocation) the tree is to point at: s itself, or an equal name
     * kept before, in which case the parser takes s's bytes back. */
    const char *(*name)(void *ctx, const char *s, size_t len);
    void *ctx;
};

/* Parses text (len bytes, BOM already skipped, text[len] == '\0') into a
 * tree of nodes and strings from mem, and fills pos (released first) as
 * the scan and bind would.  Returns the root, or NULL when it gives up:
 * pos is then released. */
cJSON *ts_json_parse(const char *text, size_t len, const struct ts_json_parse_mem *mem,
                     struct ts_json_pos *pos);

#endif

/* cJSON_Print's formatted text, written into a reusable buffer.  A report
 * prints tens of thousands of small trees (SARIF results); cJSON_Print
 * allocates, grows and measures its buffer for every one, and its text
 * then had to be copied and re-indented to where the tree sits.  This
 * prints the same bytes (cJSON 1.7's formatting: tabs, ":\t", ", " between
 * array items) straight at a given depth, into a buffer the caller keeps. */
#ifndef TS_JSON_PRINT_H
#define TS_JSON_PRINT_H

#include <stddef.h>
#include <cjson/cJSON.h>

struct ts_json_buf {
    char *text;  /* NUL-terminated after a print; free() it */
    size_t len;
    size_t cap;
};

/* Appends item as cJSON_Print would print it, each of its lines after the
 * first indented depth more tabs (as if it sat depth levels deep).
 * Returns 0, or -1 for an item cJSON cannot print (an invalid type, a raw
 * item without text); b then holds part of it. */
int ts_json_print(struct ts_json_buf *b, const cJSON *item, size_t depth);

#endif

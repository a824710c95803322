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

/* Writing the same text value by value, without building a tree: a
 * SARIF result written this way costs a fraction of making, printing and
 * freeing its cJSON tree.  Calls nest as the JSON does: an object's
 * members are ts_json_w_key then one value each; an array's items are
 * values.  The bytes are those of ts_json_print of the tree the calls
 * describe (so, cJSON_Print's). */
#define TS_JSON_W_NEST 32
struct ts_json_w {
    struct ts_json_buf *b;
    size_t depth;                      /* as ts_json_print's */
    unsigned level;                    /* containers open */
    unsigned char first[TS_JSON_W_NEST]; /* no member or item written yet */
    unsigned char array[TS_JSON_W_NEST]; /* an array, not an object */
    int failed;                        /* nested too deep, or a tree refused */
};

/* A writer appending to b, as if its value sat depth levels deep. */
void ts_json_w_start(struct ts_json_w *w, struct ts_json_buf *b, size_t depth);
void ts_json_w_object(struct ts_json_w *w);
void ts_json_w_array(struct ts_json_w *w);
void ts_json_w_end(struct ts_json_w *w);            /* the innermost object or array */
void ts_json_w_key(struct ts_json_w *w, const char *key);
void ts_json_w_string(struct ts_json_w *w, const char *s); /* NULL: "" as cJSON prints it */
void ts_json_w_number(struct ts_json_w *w, double d);
void ts_json_w_null(struct ts_json_w *w);
void ts_json_w_tree(struct ts_json_w *w, const cJSON *item);
/* Members as cJSON_AddStringToObject and cJSON_AddNumberToObject add them:
 * a NULL text adds no member at all. */
void ts_json_w_text_member(struct ts_json_w *w, const char *key, const char *s);
void ts_json_w_number_member(struct ts_json_w *w, const char *key, double d);
/* 0 when every call was written, else -1. */
int ts_json_w_finish(struct ts_json_w *w);

#endif

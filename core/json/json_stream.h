/* Printing a large JSON report without holding it whole.  A report of an
 * organisation has tens of thousands of results; as one cJSON tree plus
 * its printed text it took over 200 MB.  Here the document is built
 * without its big array, and that array's items are made, printed and
 * freed one at a time.  The bytes are exactly cJSON_Print's for the whole
 * document, so reports do not change shape. */
#ifndef TS_JSON_STREAM_H
#define TS_JSON_STREAM_H

#include <stddef.h>
#include <stdio.h>
#include <cjson/cJSON.h>
#include "json/json_print.h"

/* Makes item i of the streamed array; the printer owns and frees it.
 * NULL means out of memory. */
typedef cJSON *(*ts_json_item_fn)(void *ctx, size_t i);

/* Writes cJSON_Print(doc) and a newline to out, where slot (an array in
 * doc, empty) stands for the n items item(ctx, 0..n-1).  slot is left
 * empty again.  When gz_size is not NULL it receives the size of the
 * output gzipped (zlib level 6, without gzip's 18 bytes of framing) when
 * it passes TS_GZIP_LIMIT, else a figure at most that
 * (ts_gzip_count_start_file).  Returns 0, or -1 on a write or memory
 * error. */
int ts_json_stream_print(FILE *out, cJSON *doc, cJSON *slot, size_t n, ts_json_item_fn item,
                         void *ctx, size_t *gz_size);

/* The same, item i written by write(ctx, i, w) through the writer w
 * (json_print.h) instead of made as a tree: -1 from it stops the print. */
typedef int (*ts_json_write_fn)(void *ctx, size_t i, struct ts_json_w *w);
int ts_json_stream_write(FILE *out, cJSON *doc, cJSON *slot, size_t n, ts_json_write_fn write,
                         void *ctx, size_t *gz_size);

#endif

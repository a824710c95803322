/* gzip (RFC 1952) of a buffer in memory, with a cap on the result: what
 * GitHub's code scanning upload wants, refused early when too large. */
#ifndef TS_GZIP_H
#define TS_GZIP_H

#include <stddef.h>
#include "util/error.h"

/* Compresses len bytes at in.  On success *out (caller frees) holds *out_len
 * bytes.  Stops and returns -1 as soon as the result would pass max_out
 * bytes, setting *too_large (so the caller can tell that apart from a zlib
 * failure); *out is then NULL. */
int ts_gzip(const void *in, size_t len, size_t max_out, unsigned char **out,
            size_t *out_len, int *too_large, struct ts_error *err);

#endif

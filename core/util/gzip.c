#include "util/gzip.h"

#include <stdint.h>
#include <stdlib.h>
#include <zlib.h>

/* windowBits 15 + 16 asks zlib for the gzip wrapper instead of zlib's own. */
#define GZIP_WINDOW_BITS (15 + 16)
/* zlib counts in uInt: feed and drain it in pieces no larger than this. */
#define CHUNK ((size_t)1 << 20)

static int grow(unsigned char **buf, size_t *cap, size_t need)
{
    size_t n = *cap ? *cap : CHUNK;
    unsigned char *p;

    while (n < need) {
        if (n > SIZE_MAX / 2)
            return -1;
        n *= 2;
    }
    if (n == *cap)
        return 0;
    p = realloc(*buf, n);
    if (!p)
        return -1;
    *buf = p;
    *cap = n;
    return 0;
}

int ts_gzip(const void *in, size_t len, size_t max_out, unsigned char **out,
            size_t *out_len, int *too_large, struct ts_error *err)
{
    z_stream z = {0};
    unsigned char *buf = NULL;
    size_t cap = 0, used = 0, fed = 0;
    int zr = Z_OK, ret = -1;

    *out = NULL;
    *too_large = 0;
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, GZIP_WINDOW_BITS, 8,
                     Z_DEFAULT_STRATEGY) != Z_OK)
        return ts_error_set(err, "gzip: cannot start zlib (out of memory?)");
    while (zr != Z_STREAM_END) {
        size_t piece = len - fed < CHUNK ? len - fed : CHUNK;
        if (z.avail_in == 0 && piece) {
            z.next_in = (Bytef *)((const unsigned char *)in + fed);
            z.avail_in = (uInt)piece;
            fed += piece;
        }
        if (grow(&buf, &cap, used + CHUNK) < 0) {
            ts_error_set(err, "gzip: out of memory");
            goto out;
        }
        z.next_out = buf + used;
        z.avail_out = (uInt)CHUNK;
        zr = deflate(&z, fed == len && z.avail_in == 0 ? Z_FINISH : Z_NO_FLUSH);
        if (zr != Z_OK && zr != Z_STREAM_END && zr != Z_BUF_ERROR) {
            ts_error_set(err, "gzip: zlib error %d", zr);
            goto out;
        }
        used += CHUNK - z.avail_out;
        if (used > max_out) {
            *too_large = 1;
            ts_error_set(err, "gzip: the compressed data passes %zu bytes", max_out);
            goto out;
        }
    }
    *out = buf;
    *out_len = used;
    buf = NULL;
    ret = 0;
out:
    deflateEnd(&z);
    free(buf);
    return ret;
}

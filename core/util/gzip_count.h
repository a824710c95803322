/* The size of a byte stream once compressed, worked out on a second
 * thread while the stream is written: a large SARIF report is warned
 * about when GitHub would refuse it (10 MB gzipped), and compressing 30 MB
 * took a fifth of such a scan when done in line. */
#ifndef TS_GZIP_COUNT_H
#define TS_GZIP_COUNT_H

#include <stddef.h>
#include <stdio.h>

/* What GitHub code scanning accepts, gzipped. */
#define TS_GZIP_LIMIT ((size_t)10 * 1000 * 1000)

struct ts_gzip_count;

/* Starts a count (zlib, level 6).  NULL when out of memory. */
struct ts_gzip_count *ts_gzip_count_start(void);

/* Starts a count of what is written to out from now on.  Compressing costs
 * more than writing, so when out is a regular file this process can read
 * back (a report's temporary file), nothing is compressed as the bytes go:
 * at the end, a stream whose raw size cannot compress to more than
 * TS_GZIP_LIMIT is not compressed at all, and a larger one is read back
 * and compressed at zlib's fastest level, then at level 6 only if the
 * fastest leaves it above the limit.  So ts_gzip_count_finish's figure is
 * level 6's when above TS_GZIP_LIMIT, and otherwise a bound at most
 * TS_GZIP_LIMIT.  Other outputs are counted as ts_gzip_count_start's. */
struct ts_gzip_count *ts_gzip_count_start_file(FILE *out);

/* Adds n bytes at p to the stream (copied: p may change after). */
void ts_gzip_count_put(struct ts_gzip_count *g, const char *p, size_t n);

/* Ends the stream, frees g and returns the compressed size: zlib's, which
 * is gzip's less its 18 bytes of framing (see ts_gzip_count_start_file
 * for its bounds).  0 when compression failed. */
size_t ts_gzip_count_finish(struct ts_gzip_count *g);

#endif

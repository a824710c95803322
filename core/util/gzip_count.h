/* The size of a byte stream once compressed, worked out on a second
 * thread while the stream is written: a large SARIF report is warned
 * about when GitHub would refuse it (10 MB gzipped), and compressing 30 MB
 * took a fifth of such a scan when done in line. */
#ifndef TS_GZIP_COUNT_H
#define TS_GZIP_COUNT_H

#include <stddef.h>

struct ts_gzip_count;

/* Starts a count (zlib, level 6).  NULL when out of memory. */
struct ts_gzip_count *ts_gzip_count_start(void);

/* Adds n bytes at p to the stream (copied: p may change after). */
void ts_gzip_count_put(struct ts_gzip_count *g, const char *p, size_t n);

/* Ends the stream, frees g and returns the compressed size: zlib's, which
 * is gzip's less its 18 bytes of framing.  0 when compression failed. */
size_t ts_gzip_count_finish(struct ts_gzip_count *g);

#endif

/* Base64 (RFC 4648, standard alphabet, padded, no line breaks). */
#ifndef TS_BASE64_H
#define TS_BASE64_H

#include <stddef.h>

/* Encodes len bytes; returns a NUL-terminated string the caller frees, or
 * NULL if the length would overflow or memory runs out. */
char *ts_base64_encode(const unsigned char *in, size_t len, size_t *out_len);

#endif

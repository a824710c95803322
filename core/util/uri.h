/* Percent-encoding (RFC 3986), the one encoder of SigV4's canonical
 * requests, AWS query parameters and SARIF artifact URIs. */
#ifndef TS_URI_H
#define TS_URI_H

#include <stddef.h>

/* Encodes the n bytes of s (NUL bytes included) into out, which holds cap
 * bytes with the terminating NUL: the unreserved characters A-Z a-z 0-9
 * - . _ ~ and those listed in keep (e.g. "/" for a path) stay as they are,
 * every other byte becomes %XX in upper-case hex, as SigV4 demands.  3n+1
 * bytes always suffice.  Returns 0 with the length in *len (if len), or -1
 * if it does not fit (out then holds a terminated prefix). */
int ts_uri_encode(char *out, size_t cap, const char *s, size_t n, const char *keep,
                  size_t *len);

#endif

/* SHA-256, for SARIF artifact hashes and result fingerprints. */
#ifndef TS_DIGEST_H
#define TS_DIGEST_H

#include <stddef.h>

/* Writes the lowercase hex SHA-256 of data into out (65 bytes with NUL). */
void ts_sha256_hex(const void *data, size_t len, char out[65]);

#endif

#include "util/digest.h"

#include <openssl/sha.h>

/* SHA256(), not EVP_Digest(EVP_sha256()): OpenSSL 3 looks the algorithm
 * up again in every EVP_Digest call, which cost more than hashing a
 * result's fingerprint (a SARIF report hashes one per result). */
void ts_sha256_hex(const void *data, size_t len, char out[65])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char md[SHA256_DIGEST_LENGTH];

    if (!SHA256(data, len, md)) {
        out[0] = '\0';
        return;
    }
    for (int i = 0; i < SHA256_DIGEST_LENGTH; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[64] = '\0';
}

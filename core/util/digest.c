#include "util/digest.h"

#include <pthread.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

/* OpenSSL 3 looks SHA-256 up again in every SHA256() or EVP_Digest() call
 * (EVP_Q_digest fetches it), which costs about as much as hashing a
 * result's fingerprint: a SARIF report hashes one per result.  So it is
 * fetched once, for the process (the fetched method is thread-safe). */
static EVP_MD *sha256;
static pthread_once_t sha256_once = PTHREAD_ONCE_INIT;

static void fetch_sha256(void)
{
    sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
}

static int digest(const void *data, size_t len, unsigned char md[SHA256_DIGEST_LENGTH])
{
    EVP_MD_CTX *ctx;
    int ok;

    pthread_once(&sha256_once, fetch_sha256);
    if (!sha256)
        return SHA256(data, len, md) != NULL;
    ctx = EVP_MD_CTX_new();
    ok = ctx && EVP_DigestInit_ex2(ctx, sha256, NULL) && EVP_DigestUpdate(ctx, data, len)
         && EVP_DigestFinal_ex(ctx, md, NULL);
    EVP_MD_CTX_free(ctx);
    return ok;
}

void ts_sha256_hex(const void *data, size_t len, char out[65])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char md[SHA256_DIGEST_LENGTH];

    if (!digest(data, len, md)) {
        out[0] = '\0';
        return;
    }
    for (int i = 0; i < SHA256_DIGEST_LENGTH; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[64] = '\0';
}

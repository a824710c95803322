#include "util/base64.h"

#include <stdint.h>
#include <stdlib.h>
#include <openssl/evp.h>

/* EVP_EncodeBlock takes an int length: longer input goes in pieces of a
 * multiple of 3 bytes, which encode without padding and join seamlessly. */
#define BASE64_PIECE ((size_t)3 << 28)

char *ts_base64_encode(const unsigned char *in, size_t len, size_t *out_len)
{
    size_t groups = len / 3 + (len % 3 != 0), o = 0;
    char *out;

    if (groups > (SIZE_MAX - 1) / 4)
        return NULL;
    out = malloc(groups * 4 + 1);
    if (!out)
        return NULL;
    out[0] = '\0'; /* EVP_EncodeBlock writes nothing for no input */
    for (size_t i = 0; i < len; i += BASE64_PIECE) {
        size_t n = len - i < BASE64_PIECE ? len - i : BASE64_PIECE;
        o += (size_t)EVP_EncodeBlock((unsigned char *)out + o, in + i, (int)n);
    }
    if (out_len)
        *out_len = o;
    return out;
}

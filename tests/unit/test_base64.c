/* util/base64.c (OpenSSL's EVP_EncodeBlock): RFC 4648, padded, one line. */
#include "util/base64.h"

#include <stdint.h>
#include "test.h"

/* RFC 4648 section 4 written out bit by bit, as the reference. */
static void reference(const unsigned char *in, size_t len, char *out)
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t o = 0;

    for (size_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16;
        if (i + 1 < len)
            v |= (uint32_t)in[i + 1] << 8;
        if (i + 2 < len)
            v |= in[i + 2];
        out[o++] = abc[v >> 18];
        out[o++] = abc[(v >> 12) & 63];
        out[o++] = i + 1 < len ? abc[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < len ? abc[v & 63] : '=';
    }
    out[o] = '\0';
}

static void rfc4648_vectors(void)
{
    static const char *const in[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    static const char *const out[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=",
                                      "Zm9vYmFy"};

    for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
        size_t n = 99;
        char *s = ts_base64_encode((const unsigned char *)in[i], strlen(in[i]), &n);
        ASSERT(s && !strcmp(s, out[i]));
        ASSERT_EQ_INT(n, strlen(out[i]));
        free(s);
    }
}

/* Every byte value, every length up to 300 (all three paddings), and one
 * long input: the same as the reference, with no line breaks (EVP's
 * streaming encoder would add one every 64 characters). */
static void same_as_reference_at_every_length(void)
{
    enum { LONG = 100000 };
    unsigned char *in = malloc(LONG);
    char *want = malloc(LONG / 3 * 4 + 8);

    ASSERT(in && want);
    if (!in || !want)
        goto out;
    for (size_t i = 0; i < LONG; i++)
        in[i] = (unsigned char)(i * 7 + (i >> 8));
    for (size_t len = 0; len <= 300; len++) {
        size_t n = 0;
        char *s = ts_base64_encode(in + len % 256, len, &n);
        reference(in + len % 256, len, want);
        ASSERT(s && !strcmp(s, want) && n == strlen(want));
        free(s);
    }
    {
        size_t n = 0;
        char *s = ts_base64_encode(in, LONG, &n);
        reference(in, LONG, want);
        ASSERT(s && !strchr(s, '\n') && !strcmp(s, want) && n == strlen(want));
        free(s);
    }
out:
    free(in);
    free(want);
}

static void refuses_impossible_lengths(void)
{
    ASSERT(ts_base64_encode((const unsigned char *)"", SIZE_MAX, NULL) == NULL);
}

int main(void)
{
    RUN(rfc4648_vectors);
    RUN(same_as_reference_at_every_length);
    RUN(refuses_impossible_lengths);
    return TEST_EXIT();
}

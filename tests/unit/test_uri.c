/* util/uri.c: the one percent-encoder (SigV4, AWS query, SARIF URIs). */
#include "util/uri.h"

#include "test.h"

static const char *enc(const char *s, size_t n, const char *keep)
{
    static char out[256];
    size_t len = 99;

    ASSERT(ts_uri_encode(out, sizeof(out), s, n, keep, &len) == 0);
    ASSERT_EQ_INT(len, strlen(out));
    return out;
}

static void unreserved_stay_the_rest_is_upper_hex(void)
{
    const char *s = "AZaz09-._~ !\"#$%&'()*+,/:;=?@[]^`{|}\x7f\xc3\xa9";

    ASSERT(!strcmp(enc(s, strlen(s), ""),
                   "AZaz09-._~%20%21%22%23%24%25%26%27%28%29%2A%2B%2C%2F%3A%3B%3D%3F%40"
                   "%5B%5D%5E%60%7B%7C%7D%7F%C3%A9"));
}

static void keep_set_is_extra(void)
{
    ASSERT(!strcmp(enc("a b/c/d~e", 9, "/"), "a%20b/c/d~e"));
    ASSERT(!strcmp(enc("a b/c", 5, ""), "a%20b%2Fc"));
}

static void nul_bytes_are_encoded_never_kept(void)
{
    ASSERT(!strcmp(enc("a\0b", 3, "/"), "a%00b"));
    ASSERT(!strcmp(enc("", 0, ""), ""));
}

static void refuses_what_does_not_fit(void)
{
    char out[6];

    ASSERT(ts_uri_encode(out, sizeof(out), "abcde", 5, "", NULL) == 0);
    ASSERT(!strcmp(out, "abcde"));
    ASSERT(ts_uri_encode(out, sizeof(out), "abcdef", 6, "", NULL) == -1);
    ASSERT(!strcmp(out, "abcde"));
    /* An escape is never cut in half. */
    ASSERT(ts_uri_encode(out, sizeof(out), "abc d", 5, "", NULL) == -1);
    ASSERT(!strcmp(out, "abc"));
    ASSERT(ts_uri_encode(out, 0, "a", 1, "", NULL) == -1);
}

int main(void)
{
    RUN(unreserved_stay_the_rest_is_upper_hex);
    RUN(keep_set_is_extra);
    RUN(nul_bytes_are_encoded_never_kept);
    RUN(refuses_what_does_not_fit);
    return TEST_EXIT();
}

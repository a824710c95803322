/* The pieces of `trailscan upload` that need no server: base64, gzip with
 * its cap, the checks of --repo/--commit/--ref/--api-url, and cutting the
 * token out of anything printed. */
#include <stdint.h>
#include <stdlib.h>
#include <zlib.h>
#include "test.h"
#include "util/base64.h"
#include "util/gzip.h"
#include "github/upload_check.h"
#include "github/upload_explain.h"

static void base64_rfc4648_vectors(void)
{
    static const char *const in[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    static const char *const out[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=",
                                      "Zm9vYmFy"};

    for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
        size_t n = 0;
        char *s = ts_base64_encode((const unsigned char *)in[i], strlen(in[i]), &n);
        ASSERT(s && !strcmp(s, out[i]));
        ASSERT_EQ_INT(n, strlen(out[i]));
        free(s);
    }
}

static void base64_all_bytes(void)
{
    unsigned char b[3] = {0xFF, 0xFE, 0x00};
    char *s = ts_base64_encode(b, 3, NULL);

    ASSERT(s && !strcmp(s, "//4A"));
    free(s);
}

/* gunzip with zlib itself, to show the output is real gzip. */
static int gunzip(const unsigned char *in, size_t len, unsigned char *out, size_t *out_len)
{
    z_stream z = {0};
    int r;

    if (inflateInit2(&z, 15 + 16) != Z_OK)
        return -1;
    z.next_in = (Bytef *)in;
    z.avail_in = (uInt)len;
    z.next_out = out;
    z.avail_out = (uInt)*out_len;
    r = inflate(&z, Z_FINISH);
    *out_len = z.total_out;
    inflateEnd(&z);
    return r == Z_STREAM_END ? 0 : -1;
}

static void gzip_round_trip(void)
{
    const char *text = "{\"version\": \"2.1.0\", \"runs\": []}\n";
    unsigned char *gz = NULL, back[128];
    size_t n = 0, m = sizeof(back);
    int too_large = 1;
    struct ts_error err;

    ASSERT_EQ_INT(ts_gzip(text, strlen(text), 1024, &gz, &n, &too_large, &err), 0);
    ASSERT_EQ_INT(too_large, 0);
    ASSERT(n > 10 && gz[0] == 0x1F && gz[1] == 0x8B);
    ASSERT_EQ_INT(gunzip(gz, n, back, &m), 0);
    ASSERT(m == strlen(text) && !memcmp(back, text, m));
    free(gz);
}

/* Incompressible input past the cap: refused, and told apart from failure. */
static void gzip_cap(void)
{
    size_t len = 3 << 20;
    unsigned char *noise = malloc(len), *gz = (unsigned char *)"untouched";
    uint32_t x = 2463534242u;
    size_t n = 0;
    int too_large = 0;
    struct ts_error err;

    for (size_t i = 0; i < len; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        noise[i] = (unsigned char)x;
    }
    ASSERT_EQ_INT(ts_gzip(noise, len, 1 << 20, &gz, &n, &too_large, &err), -1);
    ASSERT_EQ_INT(too_large, 1);
    ASSERT(gz == NULL);
    ASSERT_EQ_INT(ts_gzip(noise, len, 4 << 20, &gz, &n, &too_large, &err), 0);
    ASSERT(n > len && n < (4u << 20));
    free(gz);
    free(noise);
}

static void repo_shapes(void)
{
    struct ts_error e;

    ASSERT_EQ_INT(ts_upload_check_repo("octo-org/trail.repo_2", &e), 0);
    ASSERT_EQ_INT(ts_upload_check_repo("octo", &e), -1);
    ASSERT_EQ_INT(ts_upload_check_repo("/repo", &e), -1);
    ASSERT_EQ_INT(ts_upload_check_repo("octo/", &e), -1);
    ASSERT_EQ_INT(ts_upload_check_repo("octo/..", &e), -1);
    ASSERT_EQ_INT(ts_upload_check_repo("a/b/c", &e), -1);
    ASSERT_EQ_INT(ts_upload_check_repo("o_o/r", &e), -1);
    ASSERT_EQ_INT(ts_upload_check_repo("o/r%2F..", &e), -1);
    ASSERT_CONTAINS(e.msg, "is not OWNER/NAME");
}

static void commit_and_ref_shapes(void)
{
    struct ts_error e;

    ASSERT_EQ_INT(ts_upload_check_commit("0123456789abcdefABCDEF0123456789abcdef01", &e), 0);
    ASSERT_EQ_INT(ts_upload_check_commit("0123456789abcdef0123456789abcdef0123456", &e), -1);
    ASSERT_EQ_INT(ts_upload_check_commit("g123456789abcdef0123456789abcdef01234567", &e), -1);
    ASSERT_EQ_INT(ts_upload_check_ref("refs/heads/feature/x-1", &e), 0);
    ASSERT_EQ_INT(ts_upload_check_ref("refs/tags/v1.0", &e), 0);
    ASSERT_EQ_INT(ts_upload_check_ref("refs/pull/42/merge", &e), 0);
    ASSERT_EQ_INT(ts_upload_check_ref("refs/pull/42/head", &e), 0);
    ASSERT_EQ_INT(ts_upload_check_ref("refs/pull/42", &e), -1);
    ASSERT_EQ_INT(ts_upload_check_ref("refs/pull//merge", &e), -1);
    ASSERT_EQ_INT(ts_upload_check_ref("refs/heads/", &e), -1);
    ASSERT_EQ_INT(ts_upload_check_ref("refs/heads/a..b", &e), -1);
    ASSERT_EQ_INT(ts_upload_check_ref("refs/heads/a b", &e), -1);
    ASSERT_EQ_INT(ts_upload_check_ref("heads/main", &e), -1);
}

static void api_urls(void)
{
    struct ts_error e;
    char out[256];

    ASSERT_EQ_INT(ts_upload_check_api_url("https://api.github.com/", out, sizeof(out), &e), 0);
    ASSERT(!strcmp(out, "https://api.github.com"));
    ASSERT_EQ_INT(ts_upload_check_api_url("https://ghe.example.com/api/v3", out, sizeof(out),
                                          &e), 0);
    ASSERT_EQ_INT(ts_upload_check_api_url("http://127.0.0.1:8080", out, sizeof(out), &e), 0);
    ASSERT_EQ_INT(ts_upload_check_api_url("http://localhost/", out, sizeof(out), &e), 0);
    ASSERT_EQ_INT(ts_upload_check_api_url("http://[::1]:9/", out, sizeof(out), &e), 0);
    ASSERT_EQ_INT(ts_upload_check_api_url("http://localhost.evil.example", out, sizeof(out),
                                          &e), -1);
    ASSERT_EQ_INT(ts_upload_check_api_url("http://127.0.0.1.evil.example", out, sizeof(out),
                                          &e), -1);
    ASSERT_EQ_INT(ts_upload_check_api_url("ftp://h/", out, sizeof(out), &e), -1);
    ASSERT_EQ_INT(ts_upload_check_api_url("https://u:p@h/", out, sizeof(out), &e), -1);
    ASSERT_EQ_INT(ts_upload_check_api_url("https://h/?q", out, sizeof(out), &e), -1);
    ASSERT_EQ_INT(ts_upload_check_api_url("https:///x", out, sizeof(out), &e), -1);
}

static void token_cut_out(void)
{
    const char *tok = "ghs_secret123";
    const char *text = "a ghs_secret123 b\n\nghs_secret123ghs_secret123";
    char *s = ts_upload_printable(text, strlen(text), 600, tok);

    ASSERT(!strcmp(s, "a [token] b [token][token]"));
    free(s);
    s = ts_upload_printable("x\x01y", 3, 600, "t");
    ASSERT(!strcmp(s, "x y"));
    free(s);
    s = ts_upload_printable("abcdefghij", 10, 8, NULL);
    ASSERT(!strcmp(s, "abcde..."));
    free(s);
}

int main(void)
{
    RUN(base64_rfc4648_vectors);
    RUN(base64_all_bytes);
    RUN(gzip_round_trip);
    RUN(gzip_cap);
    RUN(repo_shapes);
    RUN(commit_and_ref_shapes);
    RUN(api_urls);
    RUN(token_cut_out);
    return TEST_EXIT();
}

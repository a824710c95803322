/* Fuzz target: the SigV4 canonicaliser (core/aws/sigv4.h) on arbitrary raw
 * HTTP requests (tests/support/sigv4_raw.h, the aws4_testsuite's format), then
 * the whole signing with fixed test credentials.  The first byte picks the
 * service (S3 signs paths as they are; the others normalise them).  Beyond
 * "no crash, leak or hang" it checks what a caller relies on: a canonical
 * request has its signed-headers line, signing the same request twice gives
 * the same headers, and no error message ever holds the secret. */
#define _GNU_SOURCE /* memmem */
#include <string.h>
#include "aws/sigv4.h"
#include "sigv4_raw.h"
#include "fuzz_target.h"

#define SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define TOKEN "FwoGZXIvYXdzEXAMPLESESSIONTOKEN"

static const char *const services[] = {"s3", "sts", "sns", "ec2", "cloudtrail", "service"};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

static void check_secret_free(const struct ts_error *err)
{
    FUZZ_CHECK(!strstr(err->msg, SECRET) && !strstr(err->msg, TOKEN),
               "an error message shows a credential");
}

/* Whether the credentials show in the input itself (then any output may
 * quote them honestly). */
static int input_has_credential(const uint8_t *data, size_t size)
{
    return memmem(data, size, SECRET, strlen(SECRET)) || memmem(data, size, TOKEN, strlen(TOKEN));
}

static void sign_twice(const struct sigv4_request *req, const char *service, int quoted)
{
    static char id[] = "AKIDEXAMPLE", secret[] = SECRET, token[] = TOKEN;
    struct aws_credentials cred = {id, secret, token};
    struct sigv4_signed a, b;
    struct ts_error err;
    int ra, rb;

    memset(&a, 0, sizeof(a));
    memset(&b, 0, sizeof(b));
    ra = sigv4_sign_detailed(req, &cred, "us-east-1", service, 1440938160, &a, &err);
    if (ra < 0 && !quoted)
        check_secret_free(&err);
    rb = sigv4_sign_detailed(req, &cred, "us-east-1", service, 1440938160, &b, &err);
    FUZZ_CHECK(ra == rb, "signing the same request twice: %d then %d", ra, rb);
    if (ra == 0) {
        FUZZ_CHECK(!strcmp(a.authorization, b.authorization), "two signatures differ");
        FUZZ_CHECK(quoted || !strstr(a.canonical_request, SECRET),
                   "the canonical request has the secret");
    }
    sigv4_signed_release(&a);
    sigv4_signed_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct sigv4_raw raw;
    struct ts_error err;
    const char *service;
    char *creq = NULL, *signed_headers;

    if (size < 1)
        return 0;
    service = services[data[0] % (sizeof(services) / sizeof(services[0]))];
    sigv4_raw_init(&raw);
    if (sigv4_raw_parse((const char *)data + 1, size - 1, &raw, &err) < 0) {
        sigv4_raw_release(&raw);
        return 0;
    }
    if (sigv4_canonical_request(&raw.req, service, &creq, &err) == 0) {
        signed_headers = sigv4_signed_headers_of(creq);
        FUZZ_CHECK(signed_headers != NULL, "a canonical request without signed headers");
        free(signed_headers);
        free(creq);
        sign_twice(&raw.req, service, input_has_credential(data, size));
    }
    sigv4_raw_release(&raw);
    return 0;
}

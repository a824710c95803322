/* Test driver for sigv4_botocore.py: signs one raw HTTP request read from
 * standard input (the aws4_testsuite .req format: request line, headers
 * with Host, empty line, body) and prints the headers sigv4_sign() adds,
 * one "Name: value" per line.
 *
 *   sigv4_sign_tool [-v] REGION SERVICE EPOCH_SECONDS < request
 *
 * Credentials come from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
 * AWS_SESSION_TOKEN (optional), so no secret is on a command line.  -v also
 * prints the canonical request and string to sign on standard error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/sigv4.h"
#include "sigv4_raw.h"

static char *read_stdin(size_t *len)
{
    size_t cap = 4096, n = 0, got;
    char *buf = malloc(cap);

    while (buf && (got = fread(buf + n, 1, cap - n, stdin)) > 0) {
        n += got;
        if (n == cap) {
            char *bigger = cap < ((size_t)1 << 24) ? realloc(buf, cap *= 2) : NULL;
            if (!bigger) {
                free(buf);
                return NULL;
            }
            buf = bigger;
        }
    }
    *len = n;
    return buf;
}

static char *env_copy(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? strdup(v) : NULL;
}

int main(int argc, char **argv)
{
    int verbose = argc > 1 && !strcmp(argv[1], "-v"), rc = 1;
    struct aws_credentials cred = {env_copy("AWS_ACCESS_KEY_ID"),
                                   env_copy("AWS_SECRET_ACCESS_KEY"),
                                   env_copy("AWS_SESSION_TOKEN")};
    struct sigv4_signed s = {0};
    struct sigv4_raw raw;
    struct ts_error err;
    size_t len = 0;
    char *text;

    argv += verbose;
    argc -= verbose;
    if (argc != 4) {
        fputs("usage: sigv4_sign_tool [-v] REGION SERVICE EPOCH_SECONDS < request\n", stderr);
        return 2;
    }
    text = read_stdin(&len);
    if (!text || sigv4_raw_parse(text, len, &raw, &err)) {
        fprintf(stderr, "sigv4_sign_tool: bad request: %s\n", text ? err.msg : "cannot read");
    } else if (sigv4_sign_detailed(&raw.req, &cred, argv[1], argv[2],
                                   (time_t)strtoll(argv[3], NULL, 10), &s, &err)) {
        fprintf(stderr, "sigv4_sign_tool: %s\n", err.msg);
    } else {
        if (verbose)
            fprintf(stderr, "%s\n----\n%s\n", s.canonical_request, s.string_to_sign);
        for (char **h = s.headers; *h; h++)
            printf("%s\n", *h);
        rc = 0;
    }
    if (text)
        sigv4_raw_release(&raw);
    sigv4_signed_release(&s);
    free(text);
    free(cred.access_key_id);
    free(cred.secret_access_key);
    free(cred.session_token);
    return rc;
}

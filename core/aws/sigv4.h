/* AWS Signature Version 4: the headers that authenticate one HTTP request
 * to an AWS API (canonical request, string to sign, signing key,
 * Authorization), checked against the official aws4_testsuite and botocore.
 *
 * Fuzzing: sigv4_raw_parse() (tests/support/sigv4_raw.h) followed by
 * sigv4_canonical_request() accepts arbitrary bytes; so does
 * sigv4_canonical_request() alone on any request whose strings are
 * NUL-terminated.  Neither allocates without bound nor reads past a string. */
#ifndef TS_SIGV4_H
#define TS_SIGV4_H

#include <stddef.h>
#include <time.h>
#include "util/error.h"

struct sigv4_header {
    const char *name;
    const char *value;
};

struct sigv4_request {
    const char *method; /* "GET", "POST": as sent */
    /* The Host header as sent ("sts.amazonaws.com", "127.0.0.1:5000"),
     * signed as "host".  Send exactly this string (set the Host header
     * yourself rather than let the HTTP library choose one).  NULL: the
     * host is among headers instead. */
    const char *host;
    /* As sent on the wire, already percent-encoded ("/", "/my-bucket").
     * Non-S3 services: normalised (dot segments, doubled slashes) and
     * encoded once more, as AWS does; S3: signed as is. */
    const char *path;
    /* As sent, without '?'; NULL or "" when none.  Already percent-encoded:
     * escapes are decoded and each name and value re-encoded with the
     * RFC 3986 unreserved set, so "%2b" and "%2B" sign alike.  A literal
     * '+' is a plus sign, not a space: encode a space as "%20". */
    const char *query;
    /* Other headers sent and signed (Content-Type, X-Amz-Target, ...).
     * Every header listed here is signed; names must be HTTP tokens. */
    const struct sigv4_header *headers;
    size_t header_count;
    const void *body;
    size_t body_len;
};

struct aws_credentials {
    char *access_key_id;
    char *secret_access_key;
    char *session_token; /* NULL for long-term keys */
};

/* What one signing produced, for callers that want the intermediate steps
 * (the test suite, debugging).  Everything is owned by the struct. */
struct sigv4_signed {
    char *canonical_request;
    char *string_to_sign;
    char *authorization; /* the header's value, without "Authorization: " */
    char **headers;      /* as sigv4_sign() returns them */
};

/* Signs req for region/service at time `now` (UTC).  Appends to *headers
 * every header that must be added to the request, as "Name: value"
 * strings: X-Amz-Date, X-Amz-Security-Token when there is a session token,
 * X-Amz-Content-Sha256 when service is "s3" (S3 requires it), all signed,
 * and Authorization.  *headers is a NULL-terminated malloc'd array (NULL to
 * start a new one); the caller frees it with sigv4_headers_free().
 * Headers in req with those names (any case) are left out of the
 * signature: the new values replace them.  Returns 0, or -1 with err
 * filled (never containing the secret or the session token). */
int sigv4_sign(const struct sigv4_request *req, const struct aws_credentials *cred,
               const char *region, const char *service, time_t now,
               char ***headers, struct ts_error *err);
void sigv4_headers_free(char **headers);

/* sigv4_sign(), keeping the intermediate steps.  out is filled on success
 * and left empty on failure; release it with sigv4_signed_release(). */
int sigv4_sign_detailed(const struct sigv4_request *req,
                        const struct aws_credentials *cred, const char *region,
                        const char *service, time_t now, struct sigv4_signed *out,
                        struct ts_error *err);
void sigv4_signed_release(struct sigv4_signed *s);

/* The canonical request of req exactly as given: host (when not NULL) and
 * every header in req->headers are signed; nothing is added.  service
 * decides the path rules ("s3": no normalisation).  *out is malloc'd.
 * Returns 0, or -1 with err filled (an invalid header name, Host given
 * twice, a request too large).  The fuzzing entry point. */
int sigv4_canonical_request(const struct sigv4_request *req, const char *service,
                            char **out, struct ts_error *err);

/* "AWS4-HMAC-SHA256\n<amz_date>\n<scope>\n<hex sha256 of creq>".
 * amz_date is "YYYYMMDDTHHMMSSZ".  *out is malloc'd. */
int sigv4_string_to_sign(const char *canonical_request, const char *amz_date,
                         const char *region, const char *service, char **out,
                         struct ts_error *err);

/* The Authorization value for a string to sign:
 * "AWS4-HMAC-SHA256 Credential=<id>/<scope>, SignedHeaders=<list>, Signature=<hex>".
 * *out is malloc'd. */
int sigv4_authorization(const struct aws_credentials *cred, const char *amz_date,
                        const char *region, const char *service,
                        const char *signed_headers, const char *string_to_sign,
                        char **out, struct ts_error *err);

/* The signed-headers line (the canonical request's next-to-last line),
 * copied into a malloc'd string; NULL when creq has no such line. */
char *sigv4_signed_headers_of(const char *canonical_request);

/* "YYYYMMDDTHHMMSSZ" for now; returns 0, or -1 for a time outside years
 * 0-9999 or one gmtime cannot represent. */
int sigv4_amz_date(time_t now, char out[17]);

#endif

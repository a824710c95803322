/* One HTTP request to GitHub's REST API with libcurl's easy interface:
 * the headers GitHub documents, TLS verification on, http/https only, no
 * redirects (the token must never follow one), timeouts, and the answer
 * read into a buffer with a hard cap.  No retries here (see upload.c). */
#ifndef TS_UPLOAD_HTTP_H
#define TS_UPLOAD_HTTP_H

#include <stddef.h>
#include "util/error.h"

/* GitHub's answers here are a few hundred bytes; a larger one is not. */
#define TS_UPLOAD_HTTP_MAX_ANSWER ((size_t)1 << 20)
/* A request with no tighter bound ends after this long, answered or not. */
#define TS_UPLOAD_HTTP_TIMEOUT_MS 600000UL

struct ts_upload_http_request {
    const char *method;   /* "GET" or "POST" */
    const char *url;
    const char *token;    /* sent as "Authorization: Bearer"; never logged */
    const char *body;     /* JSON for POST, else NULL */
    size_t body_len;
    unsigned long timeout_ms; /* the whole exchange, connecting included;
                                 0: TS_UPLOAD_HTTP_TIMEOUT_MS */
};

struct ts_upload_http_answer {
    long status;              /* HTTP status, 0 when none came */
    char *body;               /* NUL-terminated, owned */
    size_t len;
    long retry_after;         /* seconds from Retry-After, or -1 */
    int rate_limited;         /* X-RateLimit-Remaining was 0 */
    long long rate_reset;     /* X-RateLimit-Reset (epoch seconds), or 0 */
    int transient;            /* a transport failure a later try may not meet */
    int timed_out;            /* the request's time limit ran out */
    int maybe_received;       /* the whole request went out, so the server may
                                 have acted on it although no answer came */
};

/* Curl's global state: once per process, before any request. */
int ts_upload_http_global_init(struct ts_error *err);
void ts_upload_http_global_cleanup(void);

/* Sends the request.  Returns 0 when an HTTP answer arrived (whatever its
 * status), -1 on a transport failure (err says what; a->transient tells
 * whether trying again may help).  Release a in both cases. */
int ts_upload_http_send(const struct ts_upload_http_request *r,
                        struct ts_upload_http_answer *a, struct ts_error *err);
void ts_upload_http_answer_release(struct ts_upload_http_answer *a);

#endif

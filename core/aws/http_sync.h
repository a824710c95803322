/* One HTTP request, start to answer, before anything else can go on: what
 * credential sources need (instance metadata, container credentials, the
 * IAM Identity Center portal).  Built on the pool (aws/http.h), so the same
 * transport rules hold: no redirects, no proxy for plain http, TLS verified. */
#ifndef TS_HTTP_SYNC_H
#define TS_HTTP_SYNC_H

#include <stddef.h>

#include "aws/http.h"

struct http_sync_request {
    const char *method;             /* "GET", "PUT", "POST" */
    const char *url;
    const char *const *headers;     /* "Name: value" lines, NULL-terminated; or NULL */
    const char *body;               /* or NULL */
    size_t body_len;
    long timeout_ms;                /* the whole request, connecting included */
    size_t body_limit;              /* larger answers fail (CURLE_FILESIZE_EXCEEDED) */
};

/* Sends req once (no retry: the caller knows whether one makes sense).
 * Fills resp (release it with http_sync_release); returns 0 when an
 * HTTP answer came, whatever its status, else -1 with resp->curl_code and
 * resp->curl_error saying why. */
int http_sync(const struct http_sync_request *req, struct http_response *resp);

/* Wipes (answers here hold credentials) and frees resp's body. */
void http_sync_release(struct http_response *resp);

#endif

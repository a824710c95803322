#include "aws/http_sync.h"

#include <stdio.h>
#include <string.h>
#include <openssl/crypto.h>

#include "util/text.h"

struct sync_job {
    struct http_job job;            /* first: the pool hands it back */
    const struct http_sync_request *req;
    struct http_response *resp;
};

static int prepare(struct http_job *job, struct http_request *req, struct ts_error *err)
{
    const struct http_sync_request *r = ((struct sync_job *)job)->req;

    (void)err;
    req->method = r->method;
    req->url = ts_xstrdup(r->url);
    for (const char *const *h = r->headers; h && *h; h++)
        req->headers = curl_slist_append(req->headers, *h);
    if (r->body) {
        req->body = ts_xmalloc(r->body_len + 1);
        memcpy(req->body, r->body, r->body_len);
        req->body[r->body_len] = '\0';
        req->body_len = r->body_len;
    }
    return 0;
}

/* The pool frees its copy of the answer after this: keep the body, and
 * wipe the pool's copy, since answers here carry credentials. */
static void done(struct http_job *job, const struct http_response *resp)
{
    struct sync_job *s = (struct sync_job *)job;

    *s->resp = *resp;
    s->resp->body.data = NULL;
    s->resp->body.cap = 0;
    if (resp->body.data) {
        s->resp->body.data = ts_xmalloc(resp->body.len + 1);
        memcpy(s->resp->body.data, resp->body.data, resp->body.len + 1);
        s->resp->body.cap = resp->body.len + 1;
        OPENSSL_cleanse(resp->body.data, resp->body.len);
    }
}

void http_sync_release(struct http_response *resp)
{
    if (resp->body.data)
        OPENSSL_cleanse(resp->body.data, resp->body.len);
    http_buf_release(&resp->body);
}

int http_sync(const struct http_sync_request *req, struct http_response *resp)
{
    struct http_pool_opts po = {1, req->timeout_ms, req->body_limit};
    struct sync_job s;
    struct http_pool *pool;
    struct ts_error err;

    memset(resp, 0, sizeof(*resp));
    memset(&s, 0, sizeof(s));
    s.job.prepare = prepare;
    s.job.done = done;
    s.req = req;
    s.resp = resp;
    pool = http_pool_new(&po);
    if (!pool) {
        resp->curl_code = CURLE_OUT_OF_MEMORY;
        snprintf(resp->curl_error, sizeof(resp->curl_error), "cannot start curl");
        return -1;
    }
    http_pool_add(pool, &s.job, 0);
    if (http_pool_run(pool, &err) < 0) {
        resp->curl_code = CURLE_FAILED_INIT;
        snprintf(resp->curl_error, sizeof(resp->curl_error), "%.200s", err.msg);
    }
    http_pool_free(pool);
    return resp->curl_code == CURLE_OK ? 0 : -1;
}

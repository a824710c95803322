/* A bounded set of HTTP requests in flight over libcurl's multi interface:
 * one thread, connections reused, a deadline per request, and requests that
 * wait (a retry's backoff) until their time comes.  What a request means and
 * whether to retry it is the caller's business (core/aws/aws_client.c). */
#ifndef TS_HTTP_H
#define TS_HTTP_H

#include <stddef.h>
#include <stdint.h>
#include <curl/curl.h>

#include "util/error.h"

struct http_gate;

/* A growable buffer with a hard cap (network bodies). */
struct http_buf {
    char *data;             /* NUL-terminated when non-NULL */
    size_t len, cap;
};

/* One attempt's request.  prepare() fills it; the pool frees it after the
 * attempt: url, body (malloc'd) and headers (curl_slist_free_all). */
struct http_request {
    const char *method;     /* static string: "GET", "POST" */
    char *url;
    struct curl_slist *headers;
    char *body;
    size_t body_len;
};

struct http_response {
    long status;            /* 0 when no HTTP answer came */
    CURLcode curl_code;     /* CURLE_OK, or why the transfer failed */
    char curl_error[CURL_ERROR_SIZE];
    struct http_buf body;
    char bucket_region[64]; /* x-amz-bucket-region, when S3 sent one */
    /* Other x-amz-* headers (REST answers put members there), lowercased
     * names; those that do not fit are dropped. */
    struct http_header { char name[64], value[192]; } amz[8];
    unsigned namz;
};

struct http_job;
/* Fills req for the next attempt (signing happens here, so a retry is
 * signed afresh).  Returns 0, or -1 with err: the job then completes with
 * curl_code CURLE_ABORTED_BY_CALLBACK and err's text in curl_error. */
typedef int (*http_prepare_fn)(struct http_job *job, struct http_request *req,
                               struct ts_error *err);
/* Called once per attempt with the answer.  It may add this job again
 * (a retry) or other jobs; otherwise the job is the caller's to free. */
typedef void (*http_done_fn)(struct http_job *job, const struct http_response *resp);

struct http_job {
    http_prepare_fn prepare;
    http_done_fn done;
    /* The pool's: */
    CURL *easy;
    struct http_request req;
    struct http_response resp;
    uint64_t due_ms;
    size_t body_limit;
    int over_limit;
    struct http_job *next;
};

struct http_pool_opts {
    unsigned max_parallel;  /* requests in flight at once */
    long timeout_ms;        /* per attempt, connecting included */
    size_t body_limit;      /* larger answers fail with CURLE_FILESIZE_EXCEEDED */
};

struct http_pool;

/* NULL when curl cannot start (out of memory). */
struct http_pool *http_pool_new(const struct http_pool_opts *opts);
void http_pool_free(struct http_pool *pool);

/* Puts pool under gate, a cap on requests in flight shared with other
 * pools (aws/http_gate.h), besides its own max_parallel.  Before the first
 * request; gate outlives the pool. */
void http_pool_share(struct http_pool *pool, struct http_gate *gate);

/* Queues job to start after delay_ms. */
void http_pool_add(struct http_pool *pool, struct http_job *job, unsigned delay_ms);

/* Runs until every job has completed and none was added again.
 * Returns 0, or -1 with err if curl's multi interface itself fails. */
int http_pool_run(struct http_pool *pool, struct ts_error *err);

/* Milliseconds on a monotonic clock. */
uint64_t http_now_ms(void);

void http_buf_release(struct http_buf *b);

#endif

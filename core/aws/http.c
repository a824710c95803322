/* HTTP requests over libcurl's multi interface: at most max_parallel in
 * flight, the rest waiting in arrival order (or until their backoff ends).
 * One thread drives everything, so callbacks need no locks. */
#include "aws/http.h"
#include "aws/http_gate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <openssl/crypto.h>

struct http_pool {
    CURLM *multi;
    struct http_pool_opts o;
    struct http_job *waiting, *waiting_tail;  /* FIFO; each has a due time */
    unsigned running;
    struct http_gate *gate;                   /* a shared cap, or NULL */
    struct http_gate_waiter waiter;           /* in gate's list while it is full */
    int gated;                                /* a due job waits for gate */
};

uint64_t http_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

void http_buf_release(struct http_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

struct http_pool *http_pool_new(const struct http_pool_opts *opts)
{
    static int curl_ready;
    struct http_pool *pool;

    /* curl_global_init is not thread-safe; collect runs on one thread. */
    if (!curl_ready) {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
            return NULL;
        curl_ready = 1;
    }
    pool = calloc(1, sizeof(*pool));
    if (!pool)
        return NULL;
    pool->o = *opts;
    if (pool->o.max_parallel == 0)
        pool->o.max_parallel = 1;
    pool->multi = curl_multi_init();
    if (!pool->multi) {
        free(pool);
        return NULL;
    }
    pool->waiter.multi = pool->multi;
    /* Connections to one host are reused rather than multiplied. */
    curl_multi_setopt(pool->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)pool->o.max_parallel);
    curl_multi_setopt(pool->multi, CURLMOPT_MAXCONNECTS, (long)pool->o.max_parallel * 2);
    return pool;
}

void http_pool_free(struct http_pool *pool)
{
    if (!pool)
        return;
    if (pool->gate)
        http_gate_forget(pool->gate, &pool->waiter);
    curl_multi_cleanup(pool->multi);
    free(pool);
}

void http_pool_share(struct http_pool *pool, struct http_gate *gate)
{
    pool->gate = gate;
}

void http_pool_add(struct http_pool *pool, struct http_job *job, unsigned delay_ms)
{
    job->due_ms = http_now_ms() + delay_ms;
    job->next = NULL;
    if (pool->waiting_tail)
        pool->waiting_tail->next = job;
    else
        pool->waiting = job;
    pool->waiting_tail = job;
}

static size_t on_body(char *data, size_t size, size_t n, void *userp)
{
    struct http_job *job = userp;
    struct http_buf *b = &job->resp.body;
    size_t len = size * n;  /* curl guarantees size == 1 */

    if (len > job->body_limit - b->len) {
        job->over_limit = 1;
        return 0;  /* curl fails the transfer with CURLE_WRITE_ERROR */
    }
    if (b->len + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        char *p;
        while (cap < b->len + len + 1)
            cap *= 2;
        p = realloc(b->data, cap);
        if (!p)
            return 0;
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return len;
}

/* One header line's name and trimmed value, or -1 if it is not a header. */
static int split_header(const char *line, size_t len, size_t *nlen, const char **v,
                        size_t *vlen)
{
    const char *colon = memchr(line, ':', len);

    if (!colon)
        return -1;
    *nlen = (size_t)(colon - line);
    *v = colon + 1;
    *vlen = len - *nlen - 1;
    while (*vlen && (**v == ' ' || **v == '\t'))
        (*v)++, (*vlen)--;
    while (*vlen && strchr("\r\n \t", (*v)[*vlen - 1]))
        (*vlen)--;
    return 0;
}

/* Keeps x-amz-* and x-amzn-* headers: S3 names a bucket's region in one (also on a
 * redirect), and REST answers carry some members in them. */
static size_t on_header(char *line, size_t size, size_t n, void *userp)
{
    struct http_job *job = userp;
    struct http_response *r = &job->resp;
    size_t len = size * n, nlen, vlen;
    const char *v;

    if (!strncasecmp(line, "HTTP/", 5))
        r->namz = 0, r->bucket_region[0] = '\0';  /* a new response (after 100) */
    if (split_header(line, len, &nlen, &v, &vlen) < 0 || nlen < 6 ||
        (strncasecmp(line, "x-amz-", 6) && strncasecmp(line, "x-amzn-", 7)))
        return len;
    if (nlen == 19 && !strncasecmp(line, "x-amz-bucket-region", 19) &&
        vlen < sizeof(r->bucket_region)) {
        memcpy(r->bucket_region, v, vlen);
        r->bucket_region[vlen] = '\0';
    }
    if (r->namz < sizeof(r->amz) / sizeof(r->amz[0]) && nlen < sizeof(r->amz[0].name) &&
        vlen < sizeof(r->amz[0].value)) {
        struct http_header *h = &r->amz[r->namz++];
        for (size_t i = 0; i < nlen; i++)
            h->name[i] = (char)(line[i] >= 'A' && line[i] <= 'Z' ? line[i] + 32 : line[i]);
        h->name[nlen] = '\0';
        memcpy(h->value, v, vlen);
        h->value[vlen] = '\0';
    }
    return len;
}

static void request_release(struct http_request *req)
{
    /* The headers hold the session token: wipe before freeing. */
    for (struct curl_slist *h = req->headers; h; h = h->next)
        OPENSSL_cleanse(h->data, strlen(h->data));
    free(req->url);
    free(req->body);
    curl_slist_free_all(req->headers);
    memset(req, 0, sizeof(*req));
}

/* Hands the attempt's answer to the owner, who may add the job again. */
static void complete(struct http_job *job)
{
    struct http_response resp = job->resp;

    memset(&job->resp, 0, sizeof(job->resp));
    request_release(&job->req);
    job->done(job, &resp);
    http_buf_release(&resp.body);
}

static CURL *easy_for(struct http_pool *pool, struct http_job *job)
{
    CURL *c = curl_easy_init();
    struct http_request *req = &job->req;

    if (!c)
        return NULL;
    /* "Expect: 100-continue" would cost a round trip on larger bodies. */
    req->headers = curl_slist_append(req->headers, "Expect:");
    curl_easy_setopt(c, CURLOPT_URL, req->url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    /* Plain http goes only to this machine (aws/endpoint.h), never through
     * a proxy that would read the credentials on the way. */
    if (!strncmp(req->url, "http://", 7))
        curl_easy_setopt(c, CURLOPT_PROXY, "");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, pool->o.timeout_ms);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, pool->o.timeout_ms);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, req->headers);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, job);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, job);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, job->resp.curl_error);
    curl_easy_setopt(c, CURLOPT_PRIVATE, job);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "trailscan/" TRAILSCAN_VERSION);
    if (!strcmp(req->method, "POST")) {
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)req->body_len);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, req->body ? req->body : "");
    } else if (strcmp(req->method, "GET")) {
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, req->method);
    }
    return c;
}

/* Returns 1 if job is in flight, 0 if it completed at once (not sent). */
static int start(struct http_pool *pool, struct http_job *job)
{
    struct ts_error err;

    memset(&job->req, 0, sizeof(job->req));
    memset(&job->resp, 0, sizeof(job->resp));
    job->body_limit = pool->o.body_limit;
    job->over_limit = 0;
    if (job->prepare(job, &job->req, &err) < 0) {
        job->resp.curl_code = CURLE_ABORTED_BY_CALLBACK;
        snprintf(job->resp.curl_error, sizeof(job->resp.curl_error), "%.250s", err.msg);
        complete(job);
        return 0;
    }
    job->easy = easy_for(pool, job);
    if (!job->easy || curl_multi_add_handle(pool->multi, job->easy) != CURLM_OK) {
        curl_easy_cleanup(job->easy);
        job->easy = NULL;
        job->resp.curl_code = CURLE_OUT_OF_MEMORY;
        snprintf(job->resp.curl_error, sizeof(job->resp.curl_error), "out of memory");
        complete(job);
        return 0;
    }
    pool->running++;
    return 1;
}

/* Starts waiting jobs that are due, in order, while there is room. */
static void start_due(struct http_pool *pool)
{
    uint64_t now = http_now_ms();
    struct http_job **link = &pool->waiting, *prev = NULL;

    pool->gated = 0;
    while (*link && pool->running < pool->o.max_parallel) {
        struct http_job *job = *link;
        if (job->due_ms <= now) {
            if (pool->gate && !http_gate_try(pool->gate, &pool->waiter)) {
                pool->gated = 1;  /* woken when another pool gives a slot back */
                return;
            }
            *link = job->next;
            if (pool->waiting_tail == job)
                pool->waiting_tail = prev;
            if (!start(pool, job) && pool->gate)  /* may add jobs at the tail */
                http_gate_give(pool->gate);
            continue;
        }
        prev = job;
        link = &job->next;
    }
}

/* Milliseconds until a waiting job could start: 0 if one is due and there
 * is room, up to cap otherwise. */
static long next_wait(const struct http_pool *pool, long cap)
{
    uint64_t now = http_now_ms();
    long wait = cap;

    if (pool->running >= pool->o.max_parallel || pool->gated)
        return cap;
    for (const struct http_job *j = pool->waiting; j; j = j->next) {
        long w = j->due_ms <= now ? 0 : (long)(j->due_ms - now);
        if (w < wait)
            wait = w;
    }
    return wait;
}

static void finish_done(struct http_pool *pool)
{
    CURLMsg *msg;
    int left;

    while ((msg = curl_multi_info_read(pool->multi, &left))) {
        struct http_job *job = NULL;
        if (msg->msg != CURLMSG_DONE)
            continue;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&job);
        job->resp.curl_code = msg->data.result;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &job->resp.status);
        if (job->over_limit) {
            job->resp.curl_code = CURLE_FILESIZE_EXCEEDED;
            snprintf(job->resp.curl_error, sizeof(job->resp.curl_error),
                     "answer larger than %zu bytes", job->body_limit);
        } else if (job->resp.curl_code != CURLE_OK && !job->resp.curl_error[0]) {
            snprintf(job->resp.curl_error, sizeof(job->resp.curl_error), "%s",
                     curl_easy_strerror(job->resp.curl_code));
        }
        curl_multi_remove_handle(pool->multi, msg->easy_handle);
        curl_easy_cleanup(msg->easy_handle);
        job->easy = NULL;
        pool->running--;
        if (pool->gate)
            http_gate_give(pool->gate);
        complete(job);
    }
}

int http_pool_run(struct http_pool *pool, struct ts_error *err)
{
    while (pool->running || pool->waiting) {
        long wait_ms;
        int still;

        start_due(pool);
        if (!pool->running) {
            /* Nothing in flight: sleep until the next backoff ends, or (the
             * shared cap full) until another pool gives a slot back. */
            wait_ms = next_wait(pool, 1000);
            struct timespec ts = {wait_ms / 1000, (wait_ms % 1000) * 1000000L};
            if (pool->gated) {
                if (curl_multi_poll(pool->multi, NULL, 0, (int)wait_ms, NULL) != CURLM_OK)
                    return ts_error_set(err, "curl multi interface failed");
            } else if (wait_ms > 0) {
                nanosleep(&ts, NULL);
            }
            continue;
        }
        if (curl_multi_perform(pool->multi, &still) != CURLM_OK)
            return ts_error_set(err, "curl multi interface failed");
        finish_done(pool);
        wait_ms = next_wait(pool, 1000);
        if (pool->running && wait_ms > 0 &&
            curl_multi_poll(pool->multi, NULL, 0, (int)wait_ms, NULL) != CURLM_OK)
            return ts_error_set(err, "curl multi interface failed");
    }
    return 0;
}

#include "github/upload_http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>

#define CONNECT_TIMEOUT_MS 30000UL
/* A transfer slower than 1 byte/s for this long is dead. */
#define STALL_S 60L

struct sink {
    struct ts_upload_http_answer *a;
    size_t cap;
    int overflow;
};

static size_t on_data(char *data, size_t size, size_t n, void *userp)
{
    struct sink *s = userp;
    size_t add = size * n, need;
    char *p;

    if (s->a->len + add > TS_UPLOAD_HTTP_MAX_ANSWER) {
        s->overflow = 1;
        return 0; /* makes curl stop with CURLE_WRITE_ERROR */
    }
    need = s->a->len + add + 1;
    if (need > s->cap) {
        size_t cap = s->cap ? s->cap : 1024;
        while (cap < need)
            cap *= 2;
        if (!(p = realloc(s->a->body, cap)))
            return 0;
        s->a->body = p;
        s->cap = cap;
    }
    memcpy(s->a->body + s->a->len, data, add);
    s->a->len += add;
    s->a->body[s->a->len] = '\0';
    return add;
}

int ts_upload_http_global_init(struct ts_error *err)
{
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return ts_error_set(err, "cannot initialise libcurl");
    return 0;
}

void ts_upload_http_global_cleanup(void)
{
    curl_global_cleanup();
}

/* Overwrites memory that held the token, in a way the compiler keeps. */
static void wipe(char *p, size_t n)
{
    volatile char *v = p;

    while (n--)
        *v++ = 0;
}

static struct curl_slist *headers_for(const struct ts_upload_http_request *r, char **auth)
{
    static const char *const fixed[] = {
        "Accept: application/vnd.github+json",
        "X-GitHub-Api-Version: 2022-11-28",
        "Expect:", /* no 100-continue round trip before the body */
    };
    struct curl_slist *h = NULL, *t;
    size_t n = strlen("Authorization: Bearer ") + strlen(r->token) + 1;

    *auth = ts_xmalloc(n);
    snprintf(*auth, n, "Authorization: Bearer %s", r->token);
    if (!(h = curl_slist_append(NULL, *auth)))
        return NULL;
    for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
        if (!(t = curl_slist_append(h, fixed[i])))
            goto fail;
        h = t;
    }
    if (r->body) {
        if (!(t = curl_slist_append(h, "Content-Type: application/json")))
            goto fail;
        h = t;
    }
    return h;
fail:
    curl_slist_free_all(h);
    return NULL;
}

static void configure(CURL *c, const struct ts_upload_http_request *r, struct curl_slist *h,
                      struct sink *s, char *errbuf)
{
    unsigned long total = r->timeout_ms ? r->timeout_ms : TS_UPLOAD_HTTP_TIMEOUT_MS;

    curl_easy_setopt(c, CURLOPT_URL, r->url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    /* The caller's bound covers connecting, sending and the answer alike. */
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                     (long)(total < CONNECT_TIMEOUT_MS ? total : CONNECT_TIMEOUT_MS));
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)total);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, STALL_S);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "trailscan/" TRAILSCAN_VERSION);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, s);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    if (r->body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, r->body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)r->body_len);
    } else {
        curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    }
}

static const char *header(CURL *c, const char *name)
{
    struct curl_header *h;

    if (curl_easy_header(c, name, 0, CURLH_HEADER, -1, &h) != CURLHE_OK)
        return NULL;
    return h->value;
}

static void read_headers(CURL *c, struct ts_upload_http_answer *a)
{
    const char *v;

    if ((v = header(c, "Retry-After")) && *v >= '0' && *v <= '9')
        a->retry_after = strtol(v, NULL, 10);
    if ((v = header(c, "X-RateLimit-Remaining")) && !strcmp(v, "0"))
        a->rate_limited = 1;
    if ((v = header(c, "X-RateLimit-Reset")))
        a->rate_reset = strtoll(v, NULL, 10);
}

/* Failures of the path to the server, which a later try may not meet. */
static int transient(CURLcode rc)
{
    switch (rc) {
    case CURLE_COULDNT_CONNECT: case CURLE_OPERATION_TIMEDOUT: case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR: case CURLE_GOT_NOTHING: case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2: case CURLE_HTTP2_STREAM: case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_SSL_CONNECT_ERROR:
        return 1;
    default:
        return 0;
    }
}

/* Whether the server can have the whole request: the request line and
 * headers went out and so did every byte of the body.  A request cut short
 * (no connection, no TLS, part of the body) cannot have been acted on. */
static int whole_request_sent(CURL *c, const struct ts_upload_http_request *r)
{
    long head = 0;
    curl_off_t body = 0;

    if (curl_easy_getinfo(c, CURLINFO_REQUEST_SIZE, &head) != CURLE_OK
        || curl_easy_getinfo(c, CURLINFO_SIZE_UPLOAD_T, &body) != CURLE_OK)
        return 1; /* unknown: assume the worst */
    return head > 0 && body >= (curl_off_t)r->body_len;
}

int ts_upload_http_send(const struct ts_upload_http_request *r,
                        struct ts_upload_http_answer *a, struct ts_error *err)
{
    char errbuf[CURL_ERROR_SIZE] = "", *auth = NULL;
    struct sink s = {a, 0, 0};
    struct curl_slist *h = NULL;
    CURL *c = NULL;
    CURLcode rc;
    int ret = -1;

    memset(a, 0, sizeof(*a));
    a->retry_after = -1;
    if (!(c = curl_easy_init()) || !(h = headers_for(r, &auth))) {
        ts_error_set(err, "cannot set up the request (out of memory?)");
        goto out;
    }
    configure(c, r, h, &s, errbuf);
    rc = curl_easy_perform(c);
    if (rc != CURLE_OK && s.overflow) {
        ts_error_set(err, "the answer passes %zu KiB; that is not GitHub's API",
                     TS_UPLOAD_HTTP_MAX_ANSWER >> 10);
        goto out;
    }
    if (rc != CURLE_OK) {
        a->transient = transient(rc);
        a->timed_out = rc == CURLE_OPERATION_TIMEDOUT;
        a->maybe_received = whole_request_sent(c, r);
        ts_error_set(err, "%s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
        goto out;
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &a->status);
    read_headers(c, a);
    if (!a->body)
        a->body = ts_xstrdup("");
    ret = 0;
out:
    if (auth)
        wipe(auth, strlen(auth));
    free(auth);
    if (h) /* the first header is curl's copy of the Authorization line */
        wipe(h->data, strlen(h->data));
    curl_slist_free_all(h);
    if (c)
        curl_easy_cleanup(c);
    return ret;
}

void ts_upload_http_answer_release(struct ts_upload_http_answer *a)
{
    free(a->body);
    a->body = NULL;
    a->len = 0;
}

#include "github/upload.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cjson/cJSON.h>
#include "github/upload_explain.h"
#include "github/upload_http.h"
#include "util/backoff.h"

/* A Retry-After longer than this is not waited for: the try counts as failed. */
#define MAX_RETRY_AFTER_S 60

uint64_t ts_upload_clock_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Time before p's deadline; UINT64_MAX without one, 0 once it has passed. */
static uint64_t time_left_ms(const struct ts_upload_policy *p)
{
    uint64_t now;

    if (!p->deadline_ms)
        return UINT64_MAX;
    now = ts_upload_clock_ms();
    return now < p->deadline_ms ? p->deadline_ms - now : 0;
}

static void sleep_ms(uint64_t ms)
{
    struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};

    while (nanosleep(&ts, &ts) != 0)
        ;
}

/* Exponential backoff with jitter: base * 2^(try-1) (at most 2^16 times
 * base), scaled by a random factor in [0.5, 1], so that clients failing
 * together do not come back together.  A server's Retry-After wins when it
 * asks for more. */
static uint64_t backoff_ms(const struct ts_upload_policy *p, unsigned try, long retry_after,
                           uint64_t *rng)
{
    uint64_t d = ts_backoff_delay_ms(try - 1, p->retry_base_ms,
                                     (uint64_t)p->retry_base_ms << 16, TS_JITTER_EQUAL, rng);

    /* worth_retrying() gave up on longer waits; clamp before multiplying. */
    if (retry_after > MAX_RETRY_AFTER_S)
        retry_after = MAX_RETRY_AFTER_S;
    if (retry_after > 0 && (uint64_t)retry_after * 1000u > d)
        d = (uint64_t)retry_after * 1000u;
    return d;
}

static void note(const struct ts_upload_policy *p, const char *fmt, ...) TS_PRINTF(2, 3);

static void note(const struct ts_upload_policy *p, const char *fmt, ...)
{
    char buf[512];
    va_list ap;

    if (!p->note)
        return;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    p->note(p->note_ctx, buf);
}

/* See struct ts_upload_policy: a GET may be repeated; a POST only when
 * GitHub cannot have acted on it. */
static int worth_retrying(const struct ts_upload_http_request *rq, int sent,
                          const struct ts_upload_http_answer *a)
{
    int idempotent = rq->body == NULL;

    if (sent < 0)
        return a->transient && (idempotent || !a->maybe_received);
    /* A server that asks for a long wait (any status) is not waited for. */
    if (a->retry_after > MAX_RETRY_AFTER_S)
        return 0;
    if (idempotent)
        return a->status == 429 || a->status >= 500;
    return a->status == 429 || a->status == 503; /* "not now": nothing was done */
}

/* One request, tried up to p->attempts times, each try and each pause
 * within p's deadline.  Returns 0 with the last answer in a (any status),
 * or -1 when no answer came. */
static int exchange(const struct ts_upload_policy *p, const struct ts_upload_http_request *rq,
                    struct ts_upload_http_answer *a, unsigned *tries, struct ts_error *err)
{
    uint64_t rng = ts_upload_clock_ms() ^ ((uint64_t)getpid() << 32) ^ 0x9E3779B97F4A7C15u;
    struct ts_upload_http_request r = *rq;
    int sent = -1;

    memset(a, 0, sizeof(*a));
    ts_error_set(err, "no time left to send the request");
    a->timed_out = 1;

    for (unsigned t = 1; t <= p->attempts; t++) {
        uint64_t wait, left = time_left_ms(p);
        if (left == 0)
            break;
        r.timeout_ms = left < TS_UPLOAD_HTTP_TIMEOUT_MS ? (unsigned long)left : 0;
        *tries = t;
        sent = ts_upload_http_send(&r, a, err);
        if (t == p->attempts || !worth_retrying(&r, sent, a) || time_left_ms(p) == 0)
            break;
        wait = backoff_ms(p, t, sent < 0 ? -1 : a->retry_after, &rng);
        if (wait >= time_left_ms(p)) {
            note(p, "not trying again: the next try would start after --wait-timeout"
                 " (%u s) has run out", p->wait_timeout_s);
            break;
        }
        if (sent < 0)
            note(p, "%s; trying again in %.1f s (%u of %u)", err->msg, (double)wait / 1000,
                 t + 1, p->attempts);
        else
            note(p, "GitHub answered %ld; trying again in %.1f s (%u of %u)", a->status,
                 (double)wait / 1000, t + 1, p->attempts);
        ts_upload_http_answer_release(a);
        sleep_ms(wait);
    }
    return sent;
}

static char *join(const char *a, const char *b, const char *c)
{
    size_t n = strlen(a) + strlen(b) + strlen(c) + 1;
    char *s = ts_xmalloc(n);

    snprintf(s, n, "%s%s%s", a, b, c);
    return s;
}

/* Says why no answer came: the deadline, a POST that may have arrived
 * (so it was not sent again), or a server out of reach. */
static int no_answer(const struct ts_upload_target *t, const struct ts_upload_policy *p,
                     const struct ts_upload_context *c, const struct ts_upload_http_answer *a,
                     const char *why, struct ts_error *err)
{
    const char *what = c->step == TS_UPLOAD_STEP_SEND ? "the upload" : "the status check";
    char *msg = ts_upload_printable(why, strlen(why), 600, t->token);
    int posted = c->step == TS_UPLOAD_STEP_SEND && a->maybe_received;

    if (a->timed_out && p->deadline_ms && time_left_ms(p) == 0)
        ts_error_set(err, "no answer from %s to %s within --wait-timeout (%u s)%s", t->api_url,
                     what, p->wait_timeout_s, posted ? "; GitHub may have received the"
                     " upload, so it was not sent again: look at the repository's code"
                     " scanning before uploading again" : "");
    else if (posted)
        ts_error_set(err, "sent the upload to %s but no answer came (%s); GitHub may have"
                     " received it, so it was not sent again: look at the repository's code"
                     " scanning before uploading again", t->api_url, msg);
    else
        ts_error_set(err, "cannot reach %s (%u tr%s): %s", t->api_url, c->tries,
                     c->tries == 1 ? "y" : "ies", msg);
    free(msg);
    return -1;
}

/* Sends rq and explains any failure; 0 only for a 2xx answer. */
static int request(const struct ts_upload_target *t, const struct ts_upload_policy *p,
                   enum ts_upload_step step, const struct ts_upload_http_request *rq,
                   struct ts_upload_http_answer *a, struct ts_error *err)
{
    struct ts_upload_context c = {step, t->repo, t->api_url, t->token, 0};
    struct ts_error e;

    if (exchange(p, rq, a, &c.tries, &e) < 0)
        return no_answer(t, p, &c, a, e.msg, err);
    if (a->status < 200 || a->status > 299)
        return ts_upload_explain(&c, a, err);
    return 0;
}

/* GitHub's upload ids are UUIDs; anything else must not reach a URL path. */
static int id_ok(const char *s)
{
    size_t n = strlen(s);

    if (n == 0 || n > 100)
        return 0;
    return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") == n;
}

static int read_receipt(const struct ts_upload_http_answer *a, const char *token,
                        struct ts_upload_receipt *r, struct ts_error *err)
{
    cJSON *root = cJSON_ParseWithLength(a->body, a->len);
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "id");
    const cJSON *url = cJSON_GetObjectItemCaseSensitive(root, "url");
    int ret = -1;

    if (!cJSON_IsString(id) || !id->valuestring || !id_ok(id->valuestring)) {
        ts_error_set(err, "GitHub accepted the upload (status %ld) but its answer has no"
                     " usable upload id", a->status);
        goto out;
    }
    snprintf(r->id, sizeof(r->id), "%s", id->valuestring);
    if (cJSON_IsString(url) && url->valuestring)
        r->url = ts_upload_printable(url->valuestring, strlen(url->valuestring), 2048, token);
    ret = 0;
out:
    cJSON_Delete(root);
    return ret;
}

int ts_upload_send(const struct ts_upload_target *t, const char *body, size_t len,
                   const struct ts_upload_policy *p, struct ts_upload_receipt *r,
                   struct ts_error *err)
{
    char *url = join(t->api_url, "/repos/", t->repo);
    char *full = join(url, "/code-scanning/sarifs", "");
    struct ts_upload_http_request rq = {"POST", full, t->token, body, len, 0};
    struct ts_upload_http_answer a;
    int ret;

    memset(r, 0, sizeof(*r));
    ret = request(t, p, TS_UPLOAD_STEP_SEND, &rq, &a, err);
    if (ret == 0)
        ret = read_receipt(&a, t->token, r, err);
    ts_upload_http_answer_release(&a);
    free(full);
    free(url);
    return ret;
}

void ts_upload_receipt_release(struct ts_upload_receipt *r)
{
    free(r->url);
    r->url = NULL;
}

void ts_upload_status_init(struct ts_upload_status *s)
{
    s->state = TS_UPLOAD_PENDING;
    s->analyses_url = NULL;
    ts_strlist_init(&s->errors);
}

void ts_upload_status_release(struct ts_upload_status *s)
{
    free(s->analyses_url);
    ts_strlist_release(&s->errors);
    ts_upload_status_init(s);
}

/* GitHub lists processing errors as strings; take objects' "message" too. */
static void add_errors(const cJSON *list, const char *token, struct ts_strlist *out)
{
    const cJSON *e;

    cJSON_ArrayForEach(e, list) {
        const cJSON *m = cJSON_IsObject(e) ? cJSON_GetObjectItemCaseSensitive(e, "message") : e;
        char *text;
        if (!cJSON_IsString(m) || !m->valuestring)
            continue;
        text = ts_upload_printable(m->valuestring, strlen(m->valuestring), 1000, token);
        ts_strlist_push(out, text);
        free(text);
    }
}

/* Reads one status answer into s; -1 if it is not one GitHub would send. */
static int read_status(const struct ts_upload_http_answer *a, const char *token,
                       struct ts_upload_status *s, struct ts_error *err)
{
    cJSON *root = cJSON_ParseWithLength(a->body, a->len);
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(root, "processing_status");
    const cJSON *url = cJSON_GetObjectItemCaseSensitive(root, "analyses_url");
    int ret = 0;

    if (!cJSON_IsString(st) || !st->valuestring)
        ret = ts_error_set(err, "GitHub's status answer has no processing_status");
    else if (!strcmp(st->valuestring, "pending"))
        s->state = TS_UPLOAD_PENDING;
    else if (!strcmp(st->valuestring, "complete"))
        s->state = TS_UPLOAD_COMPLETE;
    else if (!strcmp(st->valuestring, "failed"))
        s->state = TS_UPLOAD_FAILED;
    else
        ret = ts_error_set(err, "GitHub's status answer has an unknown processing_status");
    if (ret == 0 && s->state != TS_UPLOAD_PENDING) {
        if (cJSON_IsString(url) && url->valuestring)
            s->analyses_url = ts_upload_printable(url->valuestring, strlen(url->valuestring),
                                                  2048, token);
        add_errors(cJSON_GetObjectItemCaseSensitive(root, "errors"), token, &s->errors);
    }
    cJSON_Delete(root);
    return ret;
}

static int poll_once(const struct ts_upload_target *t, const struct ts_upload_policy *p,
                     const char *url, struct ts_upload_status *s, struct ts_error *err)
{
    struct ts_upload_http_request rq = {"GET", url, t->token, NULL, 0, 0};
    struct ts_upload_http_answer a;
    int ret = request(t, p, TS_UPLOAD_STEP_POLL, &rq, &a, err);

    if (ret == 0)
        ret = read_status(&a, t->token, s, err);
    ts_upload_http_answer_release(&a);
    return ret;
}

int ts_upload_wait(const struct ts_upload_target *t, const char *id,
                   const struct ts_upload_policy *policy, struct ts_upload_status *s,
                   struct ts_error *err)
{
    char *base = join(t->api_url, "/repos/", t->repo);
    char *url = join(base, "/code-scanning/sarifs/", id);
    struct ts_upload_policy pol = *policy, *p = &pol;
    int ret = -1;

    if (!p->deadline_ms)
        p->deadline_ms = ts_upload_clock_ms() + (uint64_t)p->wait_timeout_s * 1000u;
    if (!id_ok(id)) {
        ts_error_set(err, "not an upload id: '%s'", id);
        goto out;
    }
    for (unsigned n = 0;; n++) {
        uint64_t left;
        if (poll_once(t, p, url, s, err) < 0)
            goto out;
        if (s->state != TS_UPLOAD_PENDING)
            break;
        if ((left = time_left_ms(p)) > 0) {
            if (n == 0)
                note(p, "GitHub is processing the upload; waiting up to %u s in all",
                     p->wait_timeout_s);
            sleep_ms(left < p->poll_ms ? left : p->poll_ms);
        }
        if (time_left_ms(p) == 0) {
            ts_error_set(err, "GitHub is still processing upload %s after %u s (see"
                         " --wait-timeout); it may yet finish", id, p->wait_timeout_s);
            goto out;
        }
    }
    ret = 0;
out:
    free(url);
    free(base);
    return ret;
}

/* The exchange with GitHub code scanning: send a prepared upload
 * (upload_payload.h), retry what is worth retrying, poll the processing
 * status, and turn each HTTP failure into a message a user can act on.
 * Prints nothing: progress goes through the policy's note callback. */
#ifndef TS_UPLOAD_H
#define TS_UPLOAD_H

#include <stddef.h>
#include <stdint.h>
#include "util/error.h"
#include "util/strlist.h"

struct ts_upload_target {
    const char *api_url; /* e.g. https://api.github.com, no trailing slash */
    const char *repo;    /* OWNER/NAME, already checked to be URL-safe */
    const char *token;   /* never copied into a message */
};

/* Retries: a request is tried again only when trying cannot do harm.  A GET
 * (a status check) is, after a transport failure, 429 or 5xx.  A POST (the
 * upload) only when GitHub cannot have acted on it: the request never went
 * out whole (no connection, DNS, TLS, part of the body), or the answer says
 * it was not taken (429, 503).  A POST sent whole that then got no answer is
 * not sent again: the error says it may have been received. */
struct ts_upload_policy {
    unsigned attempts;       /* tries per request, when a retry is allowed */
    unsigned retry_base_ms;  /* first backoff delay; doubles each try, with jitter */
    unsigned poll_ms;        /* between processing-status checks */
    unsigned wait_timeout_s; /* bound on the whole wait, for messages */
    uint64_t deadline_ms;    /* ts_upload_clock_ms() by which every request,
                                retry and pause has ended; 0: none (then
                                ts_upload_wait counts wait_timeout_s from
                                its start) */
    void (*note)(void *ctx, const char *msg); /* retries, waiting; may be NULL */
    void *note_ctx;
};

/* What a 202 answer says. */
struct ts_upload_receipt {
    char id[128];
    char *url; /* owned; may be NULL */
};

enum ts_upload_state { TS_UPLOAD_PENDING, TS_UPLOAD_COMPLETE, TS_UPLOAD_FAILED };

struct ts_upload_status {
    enum ts_upload_state state;
    char *analyses_url;       /* owned; may be NULL */
    struct ts_strlist errors; /* GitHub's processing errors, made printable */
};

/* Milliseconds on a clock that only goes forward, for deadline_ms. */
uint64_t ts_upload_clock_ms(void);

/* POSTs body (the JSON of ts_upload_payload) to
 * {api_url}/repos/{repo}/code-scanning/sarifs.  Returns 0 with r filled
 * when GitHub accepted it, -1 with a message for any failure. */
int ts_upload_send(const struct ts_upload_target *t, const char *body, size_t len,
                   const struct ts_upload_policy *p, struct ts_upload_receipt *r,
                   struct ts_error *err);
void ts_upload_receipt_release(struct ts_upload_receipt *r);

/* Polls {api_url}/repos/{repo}/code-scanning/sarifs/{id} until the status is
 * complete or failed (returns 0; s says which) or the wait times out or a
 * request fails (returns -1 with a message). */
int ts_upload_wait(const struct ts_upload_target *t, const char *id,
                   const struct ts_upload_policy *p, struct ts_upload_status *s,
                   struct ts_error *err);
void ts_upload_status_init(struct ts_upload_status *s);
void ts_upload_status_release(struct ts_upload_status *s);

#endif

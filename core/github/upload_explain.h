/* What a failed answer from GitHub code scanning means, in words a user can
 * act on: GitHub's own message (made printable, the token cut out) plus the
 * likely cause for each status. */
#ifndef TS_UPLOAD_EXPLAIN_H
#define TS_UPLOAD_EXPLAIN_H

#include "util/error.h"
#include "github/upload_http.h"

enum ts_upload_step { TS_UPLOAD_STEP_SEND, TS_UPLOAD_STEP_POLL };

struct ts_upload_context {
    enum ts_upload_step step;
    const char *repo, *api_url, *token;
    unsigned tries; /* how many times the request was made */
};

/* Fills err from a non-2xx answer; returns -1. */
int ts_upload_explain(const struct ts_upload_context *c, const struct ts_upload_http_answer *a,
                      struct ts_error *err);

/* Copy of text (len bytes) on one printable line, at most max bytes, with
 * every occurrence of token replaced.  Caller frees. */
char *ts_upload_printable(const char *text, size_t len, size_t max, const char *token);

#endif

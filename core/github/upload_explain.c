#include "github/upload_explain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cjson/cJSON.h>
#include "util/text.h"

/* Enough of GitHub's message to act on, short enough for one line. */
#define MESSAGE_MAX 600

char *ts_upload_printable(const char *text, size_t len, size_t max, const char *token)
{
    static const char mark[] = "[token]";
    size_t tlen = token ? strlen(token) : 0, o = 0;
    char *buf = ts_xmalloc(len + 1), *out;

    /* A server that echoes the request must not get the token printed:
     * cut it out before anything else. */
    for (size_t i = 0; i < len;) {
        if (tlen && len - i >= tlen && memcmp(text + i, token, tlen) == 0) {
            buf = ts_xrealloc(buf, len + 1 + o + sizeof(mark));
            memcpy(buf + o, mark, sizeof(mark) - 1);
            o += sizeof(mark) - 1;
            i += tlen;
        } else if (o > 0 && strchr(" \t\r\n", text[i]) && strchr(" \t\r\n", buf[o - 1])) {
            i++; /* one space for a run of blanks and line breaks */
        } else {
            buf[o++] = text[i++];
        }
    }
    out = ts_clean_line(buf, o);
    free(buf);
    if (max > 3 && strlen(out) > max) {
        size_t k = max - 3;
        while (k > 0 && ((unsigned char)out[k] & 0xC0) == 0x80)
            k--; /* cut on a character boundary */
        strcpy(out + k, "...");
    }
    return out;
}

/* GitHub's "message", else the start of the body, else a placeholder. */
static char *github_message(const struct ts_upload_http_answer *a, const char *token)
{
    cJSON *root = cJSON_ParseWithLength(a->body ? a->body : "", a->len);
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(root, "message");
    char *out;

    if (cJSON_IsString(m) && m->valuestring && m->valuestring[0])
        out = ts_upload_printable(m->valuestring, strlen(m->valuestring), MESSAGE_MAX, token);
    else if (a->len)
        out = ts_upload_printable(a->body, a->len, MESSAGE_MAX / 3, token);
    else
        out = ts_xstrdup("(no message)");
    cJSON_Delete(root);
    return out;
}

static const char *step_name(const struct ts_upload_context *c)
{
    return c->step == TS_UPLOAD_STEP_SEND ? "the upload" : "the status check";
}

static void explain_403(const struct ts_upload_context *c, const struct ts_upload_http_answer *a,
                        const char *msg, struct ts_error *err)
{
    char when[32] = "later";
    time_t reset = (time_t)a->rate_reset;
    struct tm tm;

    if (a->rate_limited) {
        if (reset > 0 && gmtime_r(&reset, &tm))
            strftime(when, sizeof(when), "at %H:%M:%S UTC", &tm);
        ts_error_set(err, "GitHub refused %s (403 Forbidden): the API rate limit is used up;"
                     " it resets %s: %s", step_name(c), when, msg);
        return;
    }
    ts_error_set(err, "GitHub refused %s (403 Forbidden): the token needs the security_events"
                 " write permission (in GitHub Actions: 'permissions: security-events: write'),"
                 " code scanning must be enabled for '%s' (private repositories need GitHub"
                 " Advanced Security), or a rate limit was hit: %s", step_name(c), c->repo, msg);
}

static void explain(const struct ts_upload_context *c, const struct ts_upload_http_answer *a,
                    const char *msg, struct ts_error *err)
{
    long st = a->status;
    const char *what = step_name(c);

    if (st == 400)
        ts_error_set(err, "GitHub rejected %s (400 Bad Request): %s", what, msg);
    else if (st == 401)
        ts_error_set(err, "GitHub did not accept the token (401 Unauthorized): check"
                     " GITHUB_TOKEN: %s", msg);
    else if (st == 403)
        explain_403(c, a, msg, err);
    else if (st == 404 && c->step == TS_UPLOAD_STEP_POLL)
        ts_error_set(err, "GitHub does not know this upload (404 Not Found): %s", msg);
    else if (st == 404)
        ts_error_set(err, "repository '%s' not found at %s (404 Not Found), or the token"
                     " cannot see it: check --repo and the token's access: %s",
                     c->repo, c->api_url, msg);
    else if (st == 413)
        ts_error_set(err, "GitHub refused the upload as too large (413 Payload Too Large):"
                     " the SARIF must stay under 10 MB gzipped; scan fewer accounts per"
                     " file: %s", msg);
    else if (st == 422)
        ts_error_set(err, "GitHub could not accept %s (422 Unprocessable Entity): check that"
                     " --commit and --ref exist in '%s': %s", what, c->repo, msg);
    else if (st >= 500 && st != 503 && c->step == TS_UPLOAD_STEP_SEND)
        ts_error_set(err, "GitHub failed the upload with status %ld; it may have acted on it"
                     " all the same, so it was not sent again: look at the repository's code"
                     " scanning before uploading again: %s", st, msg);
    else if (st == 429 || st >= 500)
        ts_error_set(err, "GitHub failed %s with status %ld, %u time%s in a row; giving up:"
                     " %s", what, st, c->tries, c->tries == 1 ? "" : "s", msg);
    else if (st >= 300 && st < 400)
        ts_error_set(err, "GitHub answered %s with a redirect (%ld), which is not followed so"
                     " that the token goes only to %s: is --api-url right, or was the"
                     " repository renamed?", what, st, c->api_url);
    else
        ts_error_set(err, "unexpected answer from GitHub to %s (status %ld): %s", what, st,
                     msg);
}

int ts_upload_explain(const struct ts_upload_context *c, const struct ts_upload_http_answer *a,
                      struct ts_error *err)
{
    char *msg = github_message(a, c->token);

    explain(c, a, msg, err);
    free(msg);
    return -1;
}

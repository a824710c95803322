/* Web identity credentials (see cred_web_identity.h). */
#include "aws/cred_web_identity.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>

#include "aws/sts.h"
#include "util/file_read.h"

/* OIDC tokens are a few KiB; STS takes at most 20,000 characters. */
#define TOKEN_MAX_BYTES ((size_t)64 * 1024)

struct web_state {
    char *token_file, *role_arn, *session_name, *origin, *endpoint_url;
    char region[32];
    unsigned max_attempts;
    long timeout_ms;
};

static char *dup_or_null(const char *s)
{
    return s ? ts_xstrdup(s) : NULL;
}

/* The token as the file holds it now, trailing white space dropped.
 * NULL with err (which never quotes the token). */
static char *read_token(const struct web_state *s, size_t *cap, struct ts_error *err)
{
    struct ts_error why;
    char *text = NULL;
    size_t len = 0;

    if (ts_file_read(s->token_file, TOKEN_MAX_BYTES, &text, &len, &why) < 0) {
        ts_error_set(err, "Unable to load web identity token file (%.300s, from %.300s): "
                     "%.300s; check that the CI job or the cluster writes it", s->token_file,
                     s->origin, why.msg);
        return NULL;
    }
    *cap = len;
    while (len && (text[len - 1] == '\n' || text[len - 1] == '\r' || text[len - 1] == ' ' ||
                   text[len - 1] == '\t'))
        text[--len] = '\0';
    if (!len || memchr(text, '\0', len)) {
        ts_error_set(err, "web identity token file %.300s (from %.300s) is %s", s->token_file,
                     s->origin, len ? "not text" : "empty");
        OPENSSL_cleanse(text, *cap);
        free(text);
        return NULL;
    }
    return text;
}

static int fetch_web(struct aws_cred_provider *p, struct aws_credentials *out,
                     time_t *expires, struct ts_error *err)
{
    struct web_state *s = p->state;
    struct aws_once_opts o = {NULL, s->endpoint_url, s->max_attempts, s->timeout_ms, 0, 0};
    struct aws_assume_role r = {s->role_arn, s->session_name, NULL, NULL, NULL, 0};
    struct aws_fault fault;
    char msg[sizeof(err->msg)];
    size_t cap = 0;
    char *token = read_token(s, &cap, err);
    int rc;

    if (!token)
        return -1;
    memset(&fault, 0, sizeof(fault));
    rc = aws_sts_assume_role_web_identity(&o, s->region, &r, token, out, expires, &fault, err);
    OPENSSL_cleanse(token, cap);
    free(token);
    if (rc < 0 && (strstr(fault.code, "ExpiredToken") || strstr(fault.code, "InvalidIdentity"))) {
        snprintf(msg, sizeof(msg), "%s", err->msg);
        ts_error_set(err, "%.700s (the token in %.200s is expired or not accepted: check "
                     "that its writer refreshes it and that the role trusts its issuer)", msg,
                     s->token_file);
    }
    return rc;
}

static void destroy_web(struct aws_cred_provider *p)
{
    struct web_state *s = p->state;

    free(s->token_file);
    free(s->role_arn);
    free(s->session_name);
    free(s->origin);
    free(s->endpoint_url);
    free(s);
}

struct aws_cred_provider *aws_cred_web_identity_new(const struct aws_web_identity_opts *o)
{
    struct web_state *s = ts_xmalloc(sizeof(*s));
    char desc[512];

    memset(s, 0, sizeof(*s));
    s->token_file = ts_xstrdup(o->token_file);
    s->role_arn = ts_xstrdup(o->role_arn);
    s->session_name = dup_or_null(o->session_name);
    s->origin = ts_xstrdup(o->origin ? o->origin : "");
    s->endpoint_url = dup_or_null(o->endpoint_url);
    snprintf(s->region, sizeof(s->region), "%s", o->region ? o->region : "us-east-1");
    s->max_attempts = o->max_attempts;
    s->timeout_ms = o->timeout_ms;
    snprintf(desc, sizeof(desc), "role %.200s (web identity token file %.150s, from %.80s)",
             o->role_arn, o->token_file, s->origin);
    return aws_cred_provider_new(fetch_web, s, destroy_web, desc);
}

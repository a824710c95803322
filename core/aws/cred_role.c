#include "aws/cred_role.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>

#include "util/text.h"

struct role_state {
    struct aws_cred_provider *source;
    int own_source;
    char *role_arn, *session_name, *external_id, *mfa_serial, *token_code;
    unsigned duration_seconds;
    char region[32];
    char *endpoint_url;
    unsigned max_attempts;
    long timeout_ms;
    struct aws_fault fault;
};

static char *dup_or_null(const char *s)
{
    return s ? ts_xstrdup(s) : NULL;
}

/* What to do about AWS's refusal, for the codes a user can act on. */
static const char *hint_for(const char *code)
{
    if (!strcmp(code, "InvalidClientTokenId") || !strcmp(code, "SignatureDoesNotMatch"))
        return "the credentials that call AssumeRole were refused: check the keys of";
    if (!strcmp(code, "ExpiredToken") || !strcmp(code, "ExpiredTokenException"))
        return "the session that calls AssumeRole has expired: get new credentials for";
    if (!strcmp(code, "AccessDenied"))
        return "check the role's trust policy and the sts:AssumeRole permission of";
    return NULL;
}

static int fetch_role(struct aws_cred_provider *p, struct aws_credentials *out,
                      time_t *expires, struct ts_error *err)
{
    struct role_state *s = p->state;
    struct aws_once_opts o = {s->source, s->endpoint_url, s->max_attempts, s->timeout_ms, 0, 0};
    struct aws_assume_role r = {s->role_arn, s->session_name, s->external_id, s->mfa_serial,
                                s->token_code, s->duration_seconds};
    const char *hint;
    char msg[sizeof(err->msg)];

    memset(&s->fault, 0, sizeof(s->fault));
    if (s->mfa_serial && !s->token_code)
        /* botocore's words: an MFA code is good for one AssumeRole only. */
        return ts_error_set(err, "AssumeRole %.300s: Cannot refresh credentials: MFA token "
                            "required; the session started with an MFA code has expired: "
                            "run trailscan again and enter a new code", s->role_arn);
    if (aws_sts_assume_role(&o, s->region, &r, out, expires, &s->fault, err) < 0) {
        if ((hint = hint_for(s->fault.code))) {
            snprintf(msg, sizeof(msg), "%s", err->msg);
            ts_error_set(err, "%.700s (%s %.250s)", msg, hint, s->source->source);
        }
        return -1;
    }
    if (s->token_code) {
        OPENSSL_cleanse(s->token_code, strlen(s->token_code));
        free(s->token_code);
        s->token_code = NULL;
    }
    return 0;
}

static void destroy_role(struct aws_cred_provider *p)
{
    struct role_state *s = p->state;

    if (s->own_source)
        aws_cred_provider_free(s->source);
    free(s->role_arn);
    free(s->session_name);
    free(s->external_id);
    free(s->mfa_serial);
    if (s->token_code)
        OPENSSL_cleanse(s->token_code, strlen(s->token_code));
    free(s->token_code);
    free(s->endpoint_url);
    free(s);
}

struct aws_cred_provider *aws_cred_role_new(const struct aws_cred_role_opts *o)
{
    struct role_state *s = ts_xmalloc(sizeof(*s));
    char desc[512];

    memset(s, 0, sizeof(*s));
    s->source = o->source;
    s->own_source = o->own_source;
    s->role_arn = ts_xstrdup(o->role.role_arn);
    s->session_name = dup_or_null(o->role.session_name);
    s->external_id = dup_or_null(o->role.external_id);
    s->mfa_serial = dup_or_null(o->role.mfa_serial);
    s->token_code = dup_or_null(o->role.token_code);
    s->duration_seconds = o->role.duration_seconds;
    snprintf(s->region, sizeof(s->region), "%s", o->region ? o->region : "us-east-1");
    s->endpoint_url = dup_or_null(o->endpoint_url);
    s->max_attempts = o->max_attempts;
    s->timeout_ms = o->timeout_ms;
    snprintf(desc, sizeof(desc), "role %.200s (assumed with credentials from %.250s)",
             o->role.role_arn, o->source_desc ? o->source_desc : o->source->source);
    return aws_cred_provider_new(fetch_role, s, destroy_role, desc);
}

const struct aws_fault *aws_cred_role_fault(const struct aws_cred_provider *p)
{
    return &((const struct role_state *)p->state)->fault;
}

#include "aws/sts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>

#include "util/text.h"
#include "util/timestamp.h"

void aws_sts_session_name(char *buf, size_t n)
{
    snprintf(buf, n, "trailscan-%lld", (long long)time(NULL));
}

/* Appends "&Name=value" (form-encoded) to buf; -1 when it does not fit. */
static int add_param(char *buf, size_t n, const char *name, const char *value)
{
    size_t len = strlen(buf);

    if (!value || !*value)
        return 0;
    if (len + strlen(name) + 2 >= n)
        return -1;
    snprintf(buf + len, n - len, "%s%s=", len ? "&" : "", name);
    return aws_form_encode(buf, n, value);
}

static int build_params(const struct aws_assume_role *r, const char *token, char *buf,
                        size_t n)
{
    char session[64], duration[16];
    const char *name = r->session_name;

    if (!name) {
        aws_sts_session_name(session, sizeof(session));
        name = session;
    }
    snprintf(duration, sizeof(duration), "%u", r->duration_seconds);
    buf[0] = '\0';
    if (add_param(buf, n, "RoleArn", r->role_arn) || add_param(buf, n, "RoleSessionName", name)
        || (r->duration_seconds && add_param(buf, n, "DurationSeconds", duration))
        || add_param(buf, n, "ExternalId", r->external_id)
        || add_param(buf, n, "SerialNumber", r->mfa_serial)
        || add_param(buf, n, "TokenCode", r->token_code)
        || add_param(buf, n, "WebIdentityToken", token))
        return -1;
    return 0;
}

/* The answer's Credentials member into out and *expires. */
static int take_credentials(const cJSON *answer, const char *what, struct aws_credentials *out,
                            time_t *expires, struct ts_error *err)
{
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(answer, "Credentials");
    const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "AccessKeyId"));
    const char *secret =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "SecretAccessKey"));
    const char *token = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "SessionToken"));
    const char *exp = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "Expiration"));
    double epoch;

    if (!id || !*id || !secret || !*secret || !token || !*token)
        return ts_error_set(err, "%s: the answer has no complete Credentials", what);
    if (!exp || ts_timestamp_parse(exp, &epoch) < 0)
        return ts_error_set(err, "%s: the answer's Expiration is not a timestamp", what);
    out->access_key_id = ts_xstrdup(id);
    out->secret_access_key = ts_xstrdup(secret);
    out->session_token = ts_xstrdup(token);
    *expires = (time_t)epoch;
    return 0;
}

static int assume(const struct aws_once_opts *o, const char *region, const char *operation,
                  const struct aws_assume_role *r, const char *token,
                  struct aws_credentials *out, time_t *expires, struct aws_fault *fault,
                  struct ts_error *err)
{
    size_t n = 2048 + (token ? 3 * strlen(token) : 0);
    char *params = ts_xmalloc(n), what[400];
    struct aws_fault f;
    cJSON *answer;
    int rc;

    memset(out, 0, sizeof(*out));
    snprintf(what, sizeof(what), "%s %.300s", operation, r->role_arn);
    if (build_params(r, token, params, n) < 0) {
        free(params);
        return ts_error_set(err, "%s: a parameter is too long", what);
    }
    answer = aws_call_once(o, &aws_sts, region, operation, params, &f);
    OPENSSL_cleanse(params, n);
    free(params);
    if (!answer) {
        if (fault)
            *fault = f;
        return ts_error_set(err, "%s: %s: %s", what, f.code, f.message);
    }
    rc = take_credentials(answer, what, out, expires, err);
    aws_once_wipe(answer);
    if (rc < 0 && fault) {
        memset(fault, 0, sizeof(*fault));
        snprintf(fault->code, sizeof(fault->code), "InvalidResponse");
        snprintf(fault->message, sizeof(fault->message), "%.500s", err->msg);
    }
    return rc;
}

int aws_sts_assume_role(const struct aws_once_opts *o, const char *region,
                        const struct aws_assume_role *r, struct aws_credentials *out,
                        time_t *expires, struct aws_fault *fault, struct ts_error *err)
{
    return assume(o, region, "AssumeRole", r, NULL, out, expires, fault, err);
}

int aws_sts_assume_role_web_identity(const struct aws_once_opts *o, const char *region,
                                     const struct aws_assume_role *r, const char *token,
                                     struct aws_credentials *out, time_t *expires,
                                     struct aws_fault *fault, struct ts_error *err)
{
    struct aws_once_opts unsigned_opts = *o;

    unsigned_opts.creds = NULL;   /* the token is the credential */
    return assume(&unsigned_opts, region, "AssumeRoleWithWebIdentity", r, token, out,
                  expires, fault, err);
}

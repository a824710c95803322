/* EC2 instance metadata credentials with IMDSv2, as botocore's
 * InstanceMetadataFetcher gets them: PUT /latest/api/token for a session
 * token, then GET .../iam/security-credentials/ (the role) and
 * .../security-credentials/<role> with it.  Without a token (an old
 * metadata service answering 403, 404 or 405, or none in time) it asks
 * without one (IMDSv1), unless that is disabled.  The CLI's short
 * timeouts: 1 s and 1 attempt unless configured. */
#include "aws/cred_sources.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <openssl/crypto.h>

#include "aws/cred_json.h"
#include "aws/cred_metadata_url.h"
#include "aws/http_sync.h"

#define IMDS_IPV4 "http://169.254.169.254"
#define IMDS_IPV6 "http://[fd00:ec2::254]"
#define IMDS_TOKEN_TTL "21600"
#define IMDS_BODY_LIMIT (64 * 1024)
#define ROLES_PATH "latest/meta-data/iam/security-credentials/"

static const char *env(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

int aws_cred_imds_disabled(void)
{
    const char *v = env("AWS_EC2_METADATA_DISABLED");
    return v && !strcasecmp(v, "true");
}

struct imds_state {
    char *base;                 /* no trailing slash */
    long timeout_ms;
    int attempts, v1_disabled;
};

/* The environment's value, else the profile's. */
static const char *pick(const char *var, const char *profile_value)
{
    const char *v = env(var);
    return v ? v : profile_value && *profile_value ? profile_value : NULL;
}

static int fail(const struct imds_state *s, struct ts_error *err, const char *why)
{
    return ts_error_set(err, "instance metadata credentials (%s): %s", s->base, why);
}

/* One request, tried up to s->attempts times while no usable answer
 * comes (transport error, status other than 200, empty body).  Returns
 * 0 with resp holding a 200 answer, else -1 with resp holding the last. */
static int ask(const struct imds_state *s, const char *method, const char *path,
               const char *const *headers, struct http_response *resp)
{
    char url[1200];
    struct http_sync_request req = {method, url, headers, NULL, 0, s->timeout_ms,
                                    IMDS_BODY_LIMIT};

    snprintf(url, sizeof(url), "%s/%s", s->base, path);
    for (int i = 0; i < s->attempts; i++) {
        if (i)
            http_sync_release(resp);
        if (http_sync(&req, resp) == 0 && resp->status == 200 && resp->body.len)
            return 0;
        if (resp->status == 400 || (!strcmp(method, "PUT") && resp->status))
            break;  /* an answer that another try will not change */
    }
    return -1;
}

/* The session token (IMDSv2) into header, or "" when the service gives
 * none and IMDSv1 may be used.  -1 with why otherwise. */
static int session_token(const struct imds_state *s, char *header, size_t n, char *why,
                         size_t wn)
{
    const char *h[] = {"x-aws-ec2-metadata-token-ttl-seconds: " IMDS_TOKEN_TTL, NULL};
    struct http_response resp;
    int rc = ask(s, "PUT", "latest/api/token", h, &resp);
    long status = resp.status;

    header[0] = '\0';
    if (rc == 0 && !strpbrk(resp.body.data, "\r\n") && resp.body.len + 40 < n)
        snprintf(header, n, "x-aws-ec2-metadata-token: %s", resp.body.data);
    else if (status == 400)
        snprintf(why, wn, "the metadata service refused the token request (400 Bad Request)");
    else if (s->v1_disabled)
        snprintf(why, wn, "Unable to retrieve token for use in IMDSv2 call and IMDSv1 has "
                 "been disabled (%.300s)", status ? "the token request was refused"
                 : resp.curl_error);
    http_sync_release(&resp);
    if (header[0])
        return 0;
    return status == 400 || s->v1_disabled ? -1 : 0;  /* else IMDSv1 */
}

/* What went wrong with a GET, for the message. */
static void get_failed(const char *what, const struct http_response *r, char *why, size_t n)
{
    if (r->status == 401)
        snprintf(why, n, "%s: 401 Unauthorized (the session token was refused; IMDSv2 "
                 "tokens must be sent with every request)", what);
    else if (r->status == 404)
        snprintf(why, n, "%s: 404 Not Found (is an IAM role attached to this instance?)",
                 what);
    else if (r->status)
        snprintf(why, n, "%s: HTTP %ld", what, r->status);
    else
        snprintf(why, n, "%s: no answer (%s)", what, r->curl_error);
}

/* The role's name (the list's first line) into role. */
static int role_name(const struct imds_state *s, const char *const *h, char *role, size_t n,
                     char *why, size_t wn)
{
    struct http_response resp;
    size_t len;
    int rc = ask(s, "GET", ROLES_PATH, h, &resp);

    if (rc == 0) {
        len = strcspn(resp.body.data, "\r\n");
        if (len == 0 || len >= n || memchr(resp.body.data, '/', len)) {
            snprintf(why, wn, "the role list is not a role name");
            rc = -1;
        } else {
            memcpy(role, resp.body.data, len);
            role[len] = '\0';
        }
    } else {
        get_failed("the IAM role", &resp, why, wn);
    }
    http_sync_release(&resp);
    return rc;
}

static int fetch(struct aws_cred_provider *p, struct aws_credentials *out, time_t *expires,
                 struct ts_error *err)
{
    const struct imds_state *s = p->state;
    char token[4200], role[256], path[400], why[700] = "";
    const char *h[] = {token, NULL};
    struct http_response resp;
    struct ts_error perr;
    int rc = -1;

    if (session_token(s, token, sizeof(token), why, sizeof(why)) < 0)
        return fail(s, err, why);
    if (!token[0])
        h[0] = NULL;
    if (role_name(s, h, role, sizeof(role), why, sizeof(why)) == 0) {
        snprintf(path, sizeof(path), ROLES_PATH "%s", role);
        if (ask(s, "GET", path, h, &resp) < 0)
            get_failed("the role's credentials", &resp, why, sizeof(why));
        else if (aws_cred_json_parse(resp.body.data, resp.body.len, &aws_cred_json_metadata,
                                     out, expires, &perr) < 0)
            snprintf(why, sizeof(why), "the role's credentials cannot be used: %.600s", perr.msg);
        else
            rc = 0;
        http_sync_release(&resp);
    }
    OPENSSL_cleanse(token, sizeof(token));
    return rc < 0 ? fail(s, err, why) : 0;
}

static void destroy(struct aws_cred_provider *p)
{
    struct imds_state *s = p->state;

    free(s->base);
    free(s);
}

/* A positive number from setting `name` (value v), or def. */
static int number(const char *name, const char *v, double def, double max, double *out,
                  struct ts_error *err)
{
    char *end;

    *out = def;
    if (!v)
        return 0;
    *out = strtod(v, &end);
    if (end == v || *end || !(*out > 0) || *out > max)
        return ts_error_set(err, "%s must be a number from 1 to %g", name, max);
    return 0;
}

static int settings(struct imds_state *s, const struct aws_imds_settings *cfg,
                    struct ts_error *err)
{
    const char *endpoint = pick("AWS_EC2_METADATA_SERVICE_ENDPOINT", cfg->endpoint);
    const char *mode = pick("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", cfg->endpoint_mode);
    const char *v1 = env("AWS_EC2_METADATA_V1_DISABLED");
    double timeout, attempts;
    size_t n;

    if (mode && strcasecmp(mode, "ipv4") && strcasecmp(mode, "ipv6"))
        return ts_error_set(err, "the instance metadata endpoint mode must be IPv4 or IPv6 "
                            "(AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE or "
                            "ec2_metadata_service_endpoint_mode)");
    if (number("AWS_METADATA_SERVICE_TIMEOUT (metadata_service_timeout)",
               pick("AWS_METADATA_SERVICE_TIMEOUT", cfg->timeout), 1, 3600, &timeout, err)
        || number("AWS_METADATA_SERVICE_NUM_ATTEMPTS (metadata_service_num_attempts)",
                  pick("AWS_METADATA_SERVICE_NUM_ATTEMPTS", cfg->attempts), 1, 100,
                  &attempts, err))
        return -1;
    if (!endpoint)
        endpoint = mode && !strcasecmp(mode, "ipv6") ? IMDS_IPV6 : IMDS_IPV4;
    if (aws_metadata_url_check("the instance metadata endpoint", endpoint, aws_imds_hosts,
                               err) < 0)
        return -1;
    s->base = ts_xstrdup(endpoint);
    n = strlen(s->base);
    while (n && s->base[n - 1] == '/')
        s->base[--n] = '\0';
    s->timeout_ms = (long)(timeout * 1000);
    s->attempts = (int)attempts;
    s->v1_disabled = v1 && !strcasecmp(v1, "true");
    return 0;
}

struct aws_cred_provider *aws_cred_imds_new(const struct aws_imds_settings *cfg,
                                            struct ts_error *err)
{
    struct imds_state *s = ts_xmalloc(sizeof(*s));
    struct aws_cred_provider *p;
    char source[600];
    int explicit = pick("AWS_EC2_METADATA_SERVICE_ENDPOINT", cfg->endpoint) != NULL;

    memset(s, 0, sizeof(*s));
    if (settings(s, cfg, err) < 0) {
        free(s->base);
        free(s);
        return NULL;
    }
    snprintf(source, sizeof(source), "instance metadata at %.500s", s->base);
    p = aws_cred_provider_new(fetch, s, destroy, source);
    /* With an endpoint named, the source applies: its keys are fetched on
     * first use, and a failure there is a failed fetch (exit 4), as for
     * container credentials -- not a wrong setting (exit 2). */
    if (explicit)
        return p;
    /* The chain's last link: as in the CLI, a metadata service that is not
     * there (not on EC2) means "no credentials", not an error.  The keys
     * fetched here fill the cache. */
    if (fetch(p, &p->cur, &p->expires, err) < 0) {
        aws_cred_provider_free(p);
        err->msg[0] = '\0';
        return NULL;
    }
    p->have = 1;
    return p;
}

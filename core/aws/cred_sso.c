/* IAM Identity Center (SSO) credentials, as botocore's SSOProvider gets
 * them: the profile's sso_account_id and sso_role_name, the start URL and
 * region from its [sso-session NAME] section (or, in the legacy form, from
 * the profile), the access token `aws sso login` cached under
 * ~/.aws/sso/cache/ (aws/cred_sso_token.h), and the portal's
 * GetRoleCredentials.  The token is read again on every fetch, so a login
 * during a long collection is used. */
#include "aws/cred_sources.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cjson/cJSON.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "aws/cred_json.h"
#include "aws/http_sync.h"
#include "aws/cred_sso_config.h"
#include "aws/cred_sso_token.h"
#include "util/backoff.h"
#include "util/uri.h"

#define SSO_TIMEOUT_MS 30000
#define SSO_ATTEMPTS 3
#define SSO_BODY_LIMIT (64 * 1024)

struct sso_state {
    char *profile;
    struct aws_sso_config c;
};

void aws_sso_cache_name(const char *session_or_url, char out[46])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;

    EVP_Digest(session_or_url, strlen(session_or_url), md, &n, EVP_sha1(), NULL);
    for (unsigned int i = 0; i < n && i < 20; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
    memcpy(out + 40, ".json", 6);
}

/* The error's type from the answer (x-amzn-errortype or __type). */
static void error_type(const struct http_response *r, char *out, size_t n)
{
    cJSON *doc;
    const cJSON *t;

    out[0] = '\0';
    for (unsigned i = 0; i < r->namz; i++)
        if (!strcmp(r->amz[i].name, "x-amzn-errortype"))
            snprintf(out, n, "%.*s", (int)strcspn(r->amz[i].value, ":"), r->amz[i].value);
    if (out[0] || !r->body.data)
        return;
    doc = cJSON_ParseWithLength(r->body.data, r->body.len);
    t = cJSON_GetObjectItemCaseSensitive(doc, "__type");
    if (cJSON_IsString(t))
        snprintf(out, n, "%.*s", (int)strcspn(t->valuestring, ":#"), t->valuestring);
    cJSON_Delete(doc);
}

static int retryable(const struct http_response *r)
{
    return r->status == 0 || r->status == 429 || r->status >= 500;
}

/* GetRoleCredentials; its answer in resp (200), else -1 with err. */
static int get_role_credentials(const struct sso_state *s, const char *token,
                                struct http_response *resp, struct ts_error *err)
{
    char url[2000], acct[300], role[600], type[128], what[400];
    size_t hlen = strlen(token) + 40;
    char *header = ts_xmalloc(hlen);
    const char *h[] = {header, "Accept: application/json", NULL};
    struct http_sync_request req = {"GET", url, h, NULL, 0, SSO_TIMEOUT_MS, SSO_BODY_LIMIT};
    uint64_t rnd = (uint64_t)time(NULL);
    int rc = -1;

    ts_uri_encode(acct, sizeof(acct), s->c.account, strlen(s->c.account), NULL, NULL);
    ts_uri_encode(role, sizeof(role), s->c.role, strlen(s->c.role), NULL, NULL);
    snprintf(url, sizeof(url), "%s/federation/credentials?account_id=%s&role_name=%s",
             s->c.portal, acct, role);
    snprintf(header, hlen, "x-amz-sso_bearer_token: %s", token);
    for (int i = 0; i < SSO_ATTEMPTS; i++) {
        if (i) {
            uint64_t ms = ts_backoff_delay_ms((unsigned)i - 1, 500, 5000, TS_JITTER_EQUAL, &rnd);
            struct timespec t = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
            http_sync_release(resp);
            nanosleep(&t, NULL);
        }
        http_sync(&req, resp);
        if (!retryable(resp))
            break;
    }
    OPENSSL_cleanse(header, hlen);
    free(header);
    error_type(resp, type, sizeof(type));
    if (resp->status == 200)
        rc = 0;
    else if (resp->status == 401 || !strcmp(type, "UnauthorizedException"))
        aws_sso_login_hint(s->profile, "The SSO session associated with this profile has "
                           "expired or is otherwise invalid. To refresh this SSO session run "
                           "aws sso login with the corresponding profile.", err);
    else if (resp->status)
        ts_error_set(err, "profile '%s' (IAM Identity Center): GetRoleCredentials for "
                     "account %s, role %s at %s: HTTP %ld%s%s%s%s", s->profile,
                     s->c.account, s->c.role, s->c.portal, resp->status, type[0] ? " (" : "",
                     type, type[0] ? ")" : "", resp->status == 403 ? "; check the profile's "
                     "sso_account_id and sso_role_name: the signed-in user has no access to "
                     "that role in that account" : "");
    else {
        snprintf(what, sizeof(what), "%.300s", resp->curl_error);
        ts_error_set(err, "profile '%s' (IAM Identity Center): GetRoleCredentials at %s: "
                     "no answer (%s)", s->profile, s->c.portal, what);
    }
    return rc;
}

static int fetch(struct aws_cred_provider *p, struct aws_credentials *out, time_t *expires,
                 struct ts_error *err)
{
    const struct sso_state *s = p->state;
    struct http_response resp;
    struct ts_error perr;
    char *token = NULL;
    int rc;

    if (aws_sso_token_get(s->profile, &s->c, &token, err) < 0)
        return -1;
    rc = get_role_credentials(s, token, &resp, err);
    OPENSSL_cleanse(token, strlen(token));
    free(token);
    if (rc == 0 && aws_cred_json_parse(resp.body.data, resp.body.len, &aws_cred_json_sso, out,
                                       expires, &perr) < 0)
        rc = ts_error_set(err, "profile '%s' (IAM Identity Center): the portal's answer "
                          "cannot be used: %s", s->profile, perr.msg);
    http_sync_release(&resp);
    return rc;
}

static void destroy(struct aws_cred_provider *p)
{
    struct sso_state *s = p->state;

    free(s->profile);
    aws_sso_config_release(&s->c);
    free(s);
}

struct aws_cred_provider *aws_cred_sso_new(const char *profile, const struct aws_ini *conf,
                                           const struct aws_ini_section *ps,
                                           const char *conf_path, struct ts_error *err)
{
    struct sso_state *s;
    struct aws_sso_config c;
    char source[700];

    if (aws_sso_config_read(profile, conf, ps, conf_path, &c, err) < 0)
        return NULL;
    s = ts_xmalloc(sizeof(*s));
    s->profile = ts_xstrdup(profile);
    s->c = c;
    snprintf(source, sizeof(source), "IAM Identity Center (profile '%s', account %.100s, "
             "role %.200s)", profile, c.account, c.role);
    return aws_cred_provider_new(fetch, s, destroy, source);
}

#include "aws/cred_sso_token.h"

#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cjson/cJSON.h>
#include <openssl/crypto.h>

#include "aws/cred_json.h"
#include "aws/cred_sources.h"
#include "aws/endpoint.h"
#include "aws/http_sync.h"
#include "util/file_read.h"
#include "util/timestamp.h"

#define SSO_CACHE_LIMIT (256 * 1024)
#define SSO_REFRESH_WINDOW_S (15 * 60)   /* botocore's SSOTokenProvider */
#define OIDC_TIMEOUT_MS 30000
#define OIDC_BODY_LIMIT (64 * 1024)

int aws_sso_login_hint(const char *profile, const char *what, struct ts_error *err)
{
    size_t n = strlen(what);
    int sentence = n && what[n - 1] == '.';

    return ts_error_set(err, "profile '%s' (IAM Identity Center): %s%s 'aws sso login "
                        "--profile %s' and try again", profile, what,
                        sentence ? " Run" : "; run", profile);
}

static const char *home_dir(void)
{
    const char *h = getenv("HOME");
    struct passwd *pw;

    if (h && *h)
        return h;
    pw = getpwuid(getuid());
    return pw && pw->pw_dir && *pw->pw_dir ? pw->pw_dir : NULL;
}

/* "2024-01-31T12:00:00Z" (CLI v2) or "...UTC" (v1) -> *out. */
static int parse_time(const cJSON *v, time_t *out)
{
    char buf[64];
    const char *s;
    size_t n;
    double epoch;

    if (!cJSON_IsString(v))
        return -1;
    s = v->valuestring;
    n = strlen(s);
    if (n >= 4 && n < sizeof(buf) && !strcmp(s + n - 3, "UTC")) {
        memcpy(buf, s, n - 3);
        strcpy(buf + n - 3, "Z");
        s = buf;
    }
    if (ts_timestamp_parse(s, &epoch) < 0)
        return -1;
    *out = (time_t)epoch;
    return 0;
}

static const char *str(const cJSON *doc, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, name);
    return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

/* Where CreateToken goes: AWS_ENDPOINT_URL_SSO_OIDC, AWS_ENDPOINT_URL, else AWS's. */
static int oidc_url(const char *region, char *out, size_t n, struct ts_error *err)
{
    const char *ign = getenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), *v = NULL;
    size_t len;

    if (!ign || strcasecmp(ign, "true")) {
        v = getenv("AWS_ENDPOINT_URL_SSO_OIDC");
        if (!v || !*v)
            v = getenv("AWS_ENDPOINT_URL");
    }
    if (v && *v) {
        if (aws_endpoint_check("the SSO OIDC endpoint (AWS_ENDPOINT_URL_SSO_OIDC)", v, err) < 0)
            return -1;
        snprintf(out, n, "%s", v);
    } else {
        snprintf(out, n, "https://oidc.%s.amazonaws.com%s", region,
                 strncmp(region, "cn-", 3) ? "" : ".cn");
    }
    len = strlen(out);
    while (len && out[len - 1] == '/')
        out[--len] = '\0';
    snprintf(out + len, n - len, "/token");
    return 0;
}

/* CreateToken with the refresh token: the answer's document, or NULL. */
static cJSON *create_token(const struct aws_sso_config *c, const cJSON *cache)
{
    const char *h[] = {"Content-Type: application/json", "Accept: application/json", NULL};
    char url[1200];
    struct ts_error err;
    struct http_response resp;
    struct http_sync_request req = {"POST", url, h, NULL, 0, OIDC_TIMEOUT_MS, OIDC_BODY_LIMIT};
    cJSON *body = cJSON_CreateObject(), *answer = NULL;
    char *text;

    if (oidc_url(c->region, url, sizeof(url), &err) < 0) {
        cJSON_Delete(body);
        return NULL;
    }
    cJSON_AddStringToObject(body, "clientId", str(cache, "clientId"));
    cJSON_AddStringToObject(body, "clientSecret", str(cache, "clientSecret"));
    cJSON_AddStringToObject(body, "grantType", "refresh_token");
    cJSON_AddStringToObject(body, "refreshToken", str(cache, "refreshToken"));
    text = cJSON_PrintUnformatted(body);
    aws_cred_json_delete(body);
    req.body = text;
    req.body_len = text ? strlen(text) : 0;
    if (text && http_sync(&req, &resp) == 0 && resp.status == 200)
        answer = cJSON_ParseWithLength(resp.body.data, resp.body.len);
    if (text) {
        OPENSSL_cleanse(text, strlen(text));
        free(text);
        http_sync_release(&resp);
    }
    if (answer && (!str(answer, "accessToken")
                   || !cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(answer, "expiresIn")))) {
        aws_cred_json_delete(answer);
        answer = NULL;
    }
    return answer;
}

/* Writes doc to path through a temporary file renamed over it (mode 600),
 * as the CLI keeps its cache.  Failing to save is not an error: the token
 * is good for this run. */
static void save(const char *path, const cJSON *doc)
{
    char tmp[1300], *text = cJSON_PrintUnformatted(doc);
    int fd;
    size_t len = text ? strlen(text) : 0;

    snprintf(tmp, sizeof(tmp), "%s.trailscan-XXXXXX", path);
    if (text && (fd = mkstemp(tmp)) >= 0) {
        int ok = fchmod(fd, 0600) == 0 && write(fd, text, len) == (ssize_t)len;
        ok = close(fd) == 0 && ok;
        if (!ok || rename(tmp, path) < 0)
            unlink(tmp);
    }
    if (text) {
        OPENSSL_cleanse(text, len);
        free(text);
    }
}

static void set_string(cJSON *doc, const char *name, const char *value)
{
    cJSON *old = cJSON_GetObjectItemCaseSensitive(doc, name);

    if (cJSON_IsString(old))
        OPENSSL_cleanse(old->valuestring, strlen(old->valuestring));
    cJSON_DeleteItemFromObjectCaseSensitive(doc, name);
    cJSON_AddStringToObject(doc, name, value);
}

/* Refreshes the cached token in doc (and its file) when it can: the
 * sso-session form, the refresh fields there, the client registration
 * still valid.  *expires is the token's expiry, updated on success. */
static void refresh(const struct aws_sso_config *c, const char *path, cJSON *doc,
                    time_t *expires)
{
    time_t reg, now = time(NULL);
    cJSON *answer;
    char when[32];
    struct tm tm;

    if (!c->session || !str(doc, "refreshToken") || !str(doc, "clientId")
        || !str(doc, "clientSecret")
        || parse_time(cJSON_GetObjectItemCaseSensitive(doc, "registrationExpiresAt"), &reg) < 0
        || reg <= now || !(answer = create_token(c, doc)))
        return;
    *expires = now + (time_t)cJSON_GetObjectItemCaseSensitive(answer, "expiresIn")->valuedouble;
    gmtime_r(expires, &tm);
    strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
    set_string(doc, "accessToken", str(answer, "accessToken"));
    set_string(doc, "expiresAt", when);
    if (str(answer, "refreshToken"))
        set_string(doc, "refreshToken", str(answer, "refreshToken"));
    aws_cred_json_delete(answer);
    save(path, doc);
}

/* The token in doc, or err. */
static int take(const char *profile, const struct aws_sso_config *c, const char *path,
                cJSON *doc, char **token, struct ts_error *err)
{
    const char *name = c->session ? c->session : c->start_url;
    char what[800];
    time_t expires;

    if (!str(doc, "accessToken")
        || parse_time(cJSON_GetObjectItemCaseSensitive(doc, "expiresAt"), &expires) < 0) {
        snprintf(what, sizeof(what), "Error loading SSO Token: Token for %.300s is invalid "
                 "(%.300s)", name, path);
        return aws_sso_login_hint(profile, what, err);
    }
    if (expires - time(NULL) < SSO_REFRESH_WINDOW_S)
        refresh(c, path, doc, &expires);
    if (expires <= time(NULL))
        return aws_sso_login_hint(profile, c->session ? "Error when retrieving token from "
                                  "sso: Token has expired and refresh failed" : "The SSO "
                                  "session associated with this profile has expired or is "
                                  "otherwise invalid. To refresh this SSO session run aws "
                                  "sso login with the corresponding profile.", err);
    *token = ts_xstrdup(str(doc, "accessToken"));
    return 0;
}

int aws_sso_token_get(const char *profile, const struct aws_sso_config *c, char **token,
                      struct ts_error *err)
{
    const char *home = home_dir(), *name = c->session ? c->session : c->start_url;
    char file[46], path[1200], what[800], *text = NULL;
    size_t len;
    struct ts_error ferr;
    cJSON *doc;
    int rc;

    *token = NULL;
    aws_sso_cache_name(name, file);
    snprintf(path, sizeof(path), "%s/.aws/sso/cache/%s", home ? home : "~", file);
    if (access(path, F_OK) < 0) {
        snprintf(what, sizeof(what), "Error loading SSO Token: Token for %.300s does not "
                 "exist (no %.300s)", name, path);
        return aws_sso_login_hint(profile, what, err);
    }
    if (ts_file_read(path, SSO_CACHE_LIMIT, &text, &len, &ferr) < 0)
        return ts_error_set(err, "profile '%s' (IAM Identity Center): %s", profile, ferr.msg);
    doc = cJSON_ParseWithLength(text, len);
    OPENSSL_cleanse(text, len);
    free(text);
    rc = take(profile, c, path, doc, token, err);
    aws_cred_json_delete(doc);  /* it holds the refresh token and client secret too */
    return rc;
}

/* Container credentials (ECS task roles, EKS Pod Identity), as botocore's
 * ContainerProvider fetches them: GET the relative URI on 169.254.170.2 or
 * the full URI, with the authorization token (the file wins and is read
 * again on every fetch: EKS rotates it), 2 s per attempt, 3 attempts a
 * second apart.  The answer: AccessKeyId, SecretAccessKey, Token,
 * Expiration. */
#include "aws/cred_sources.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/crypto.h>

#include "aws/cred_json.h"
#include "aws/cred_metadata_url.h"
#include "aws/http_sync.h"
#include "util/file_read.h"

#define CONTAINER_TIMEOUT_MS 2000
#define CONTAINER_ATTEMPTS 3
#define CONTAINER_BODY_LIMIT (64 * 1024)
#define TOKEN_FILE_LIMIT (16 * 1024)

static const char *env(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

int aws_cred_container_configured(void)
{
    return env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
        || env("AWS_CONTAINER_CREDENTIALS_FULL_URI");
}

struct container_state {
    char *url;
};

static int fail(const char *url, struct ts_error *err, const char *why)
{
    return ts_error_set(err, "Error when retrieving credentials from container-role: %s "
                        "(container credentials from %s)", why, url);
}

/* "Authorization: <token>" from the token file or variable, or NULL (no
 * token).  The file may end with a newline; any other CR or LF is refused,
 * as botocore refuses it. */
static int auth_header(const char *url, char **header, struct ts_error *err)
{
    const char *file = env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
    const char *var = env("AWS_CONTAINER_AUTHORIZATION_TOKEN");
    char *text = NULL, why[700];
    size_t len;
    struct ts_error ferr;

    *header = NULL;
    if (file) {
        if (ts_file_read(file, TOKEN_FILE_LIMIT, &text, &len, &ferr) < 0) {
            snprintf(why, sizeof(why), "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: %.600s",
                     ferr.msg);
            return fail(url, err, why);
        }
        while (len && (text[len - 1] == '\n' || text[len - 1] == '\r'))
            text[--len] = '\0';
    } else if (var) {
        text = ts_xstrdup(var);
        len = strlen(text);
    } else {
        return 0;
    }
    if (strpbrk(text, "\r\n") || strlen(text) != len) {
        OPENSSL_cleanse(text, len);
        free(text);
        return fail(url, err, file ? "the token in AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE "
                    "is not a legal header value (a line break or NUL inside)"
                    : "AWS_CONTAINER_AUTHORIZATION_TOKEN is not a legal header value");
    }
    *header = ts_xmalloc(len + 16);
    snprintf(*header, len + 16, "Authorization: %s", text);
    OPENSSL_cleanse(text, len);
    free(text);
    return 0;
}

static void pause_1s(void)
{
    struct timespec t = {1, 0};
    while (nanosleep(&t, &t) < 0)
        ;
}

/* One attempt: 0 with the keys, -1 with why (retried), never a secret. */
static int attempt(const char *url, const char *const *headers, struct aws_credentials *out,
                   time_t *expires, char *why, size_t n)
{
    struct http_sync_request req = {"GET", url, headers, NULL, 0, CONTAINER_TIMEOUT_MS,
                                    CONTAINER_BODY_LIMIT};
    struct http_response resp;
    struct ts_error perr;
    int rc = -1;

    if (http_sync(&req, &resp) < 0)
        snprintf(why, n, "no answer (%s)", resp.curl_error);
    else if (resp.status != 200)
        snprintf(why, n, "Received non 200 response %ld from container metadata%s",
                 resp.status, resp.status == 401 || resp.status == 403
                     ? ": the authorization token was refused (check "
                       "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE or _TOKEN)" : "");
    else if (aws_cred_json_parse(resp.body.data, resp.body.len, &aws_cred_json_metadata, out,
                                 expires, &perr) < 0)
        snprintf(why, n, "the answer cannot be used: %.400s", perr.msg);
    else
        rc = 0;
    http_sync_release(&resp);
    return rc;
}

static int fetch(struct aws_cred_provider *p, struct aws_credentials *out, time_t *expires,
                 struct ts_error *err)
{
    const struct container_state *s = p->state;
    const char *headers[3] = {"Accept: application/json", NULL, NULL};
    char *auth, why[600] = "";
    int rc = -1;

    if (auth_header(s->url, &auth, err) < 0)
        return -1;
    headers[1] = auth;
    for (int i = 0; i < CONTAINER_ATTEMPTS && rc < 0; i++) {
        if (i)
            pause_1s();
        rc = attempt(s->url, headers, out, expires, why, sizeof(why));
    }
    if (auth) {
        OPENSSL_cleanse(auth, strlen(auth));
        free(auth);
    }
    return rc < 0 ? fail(s->url, err, why) : 0;
}

static void destroy(struct aws_cred_provider *p)
{
    struct container_state *s = p->state;

    free(s->url);
    free(s);
}

struct aws_cred_provider *aws_cred_container_new(struct ts_error *err)
{
    const char *rel = env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
    const char *full = env("AWS_CONTAINER_CREDENTIALS_FULL_URI");
    struct container_state *s;
    char source[600];
    size_t n;
    char *url;

    if (rel) {
        n = strlen(rel) + 32;
        url = ts_xmalloc(n);
        snprintf(url, n, "http://169.254.170.2%s", rel);
    } else {
        url = ts_xstrdup(full ? full : "");
    }
    if (aws_metadata_url_check(rel ? "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI gives"
                                   : "AWS_CONTAINER_CREDENTIALS_FULL_URI", url,
                               aws_container_hosts, err) < 0) {
        free(url);
        return NULL;
    }
    s = ts_xmalloc(sizeof(*s));
    s->url = url;
    snprintf(source, sizeof(source), "container credentials from %.500s", url);
    return aws_cred_provider_new(fetch, s, destroy, source);
}

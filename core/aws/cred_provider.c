#include "aws/cred_provider.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>

#include "util/text.h"

static void wipe_free(char *s)
{
    if (s) {
        OPENSSL_cleanse(s, strlen(s));
        free(s);
    }
}

void aws_credentials_release(struct aws_credentials *cred)
{
    wipe_free(cred->access_key_id);
    wipe_free(cred->secret_access_key);
    wipe_free(cred->session_token);
    memset(cred, 0, sizeof(*cred));
}

static char *dup_or_null(const char *s)
{
    return s ? ts_xstrdup(s) : NULL;
}

void aws_credentials_copy(struct aws_credentials *dst, const struct aws_credentials *src)
{
    dst->access_key_id = dup_or_null(src->access_key_id);
    dst->secret_access_key = dup_or_null(src->secret_access_key);
    dst->session_token = dup_or_null(src->session_token);
}

struct aws_cred_provider *aws_cred_provider_new(aws_cred_fetch_fn fetch, void *state,
                                                void (*destroy)(struct aws_cred_provider *),
                                                const char *source)
{
    struct aws_cred_provider *p = ts_xmalloc(sizeof(*p));

    memset(p, 0, sizeof(*p));
    p->fetch = fetch;
    p->state = state;
    p->destroy = destroy;
    snprintf(p->source, sizeof(p->source), "%s", source ? source : "");
    pthread_mutex_init(&p->lock, NULL);
    return p;
}

static int fetch_static(struct aws_cred_provider *p, struct aws_credentials *out,
                        time_t *expires, struct ts_error *err)
{
    (void)p;
    (void)out;
    (void)expires;
    /* Never called: the cache is filled at creation and never expires. */
    return ts_error_set(err, "static credentials cannot be fetched again");
}

struct aws_cred_provider *aws_cred_provider_static(const struct aws_credentials *cred,
                                                   const char *source)
{
    struct aws_cred_provider *p = aws_cred_provider_new(fetch_static, NULL, NULL, source);

    aws_credentials_copy(&p->cur, cred);
    p->have = 1;
    return p;
}

/* What to do now: 0 use the cache, 1 refresh but keep the cache if that
 * fails, 2 refresh or fail. */
static int refresh_need(const struct aws_cred_provider *p, time_t now)
{
    if (!p->have)
        return 2;
    if (!p->expires)
        return 0;
    if (p->expires - now <= AWS_CRED_REFRESH_MANDATORY_S)
        return 2;
    return p->expires - now <= AWS_CRED_REFRESH_ADVISORY_S;
}

static int refresh(struct aws_cred_provider *p, int need, struct ts_error *err)
{
    struct aws_credentials fresh = {0};
    time_t expires = 0;

    if (p->fetch(p, &fresh, &expires, err) < 0) {
        aws_credentials_release(&fresh);
        return need == 2 ? -1 : 0;
    }
    aws_credentials_release(&p->cur);
    p->cur = fresh;
    p->expires = expires;
    p->have = 1;
    return 0;
}

int aws_cred_provider_get(struct aws_cred_provider *p, struct aws_credentials *copy,
                          struct ts_error *err)
{
    int need, rc = 0;

    memset(copy, 0, sizeof(*copy));
    pthread_mutex_lock(&p->lock);
    need = refresh_need(p, time(NULL));
    if (need)
        rc = refresh(p, need, err);
    if (rc == 0)
        aws_credentials_copy(copy, &p->cur);
    pthread_mutex_unlock(&p->lock);
    return rc;
}

void aws_cred_provider_token(struct aws_cred_provider *p, char *buf, size_t n)
{
    pthread_mutex_lock(&p->lock);
    snprintf(buf, n, "%s", p->have && p->cur.session_token ? p->cur.session_token : "");
    pthread_mutex_unlock(&p->lock);
}

void aws_cred_provider_free(struct aws_cred_provider *p)
{
    if (!p)
        return;
    if (p->destroy)
        p->destroy(p);
    aws_credentials_release(&p->cur);
    pthread_mutex_destroy(&p->lock);
    free(p);
}

/* A credential provider's cache: fetched on first use, kept while far
 * from expiry, refreshed inside botocore's advisory window (a failed
 * refresh there keeps the old keys), and refreshed or failed inside the
 * mandatory window and after expiry. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "test.h"
#include "aws/cred_provider.h"
#include "aws/credentials.h"

/* A fake source: each fetch hands out "KEY<n>" expiring `lifetime`
 * seconds from now, or fails when `fail` is set. */
struct fake {
    int fetches, fail;
    long lifetime;   /* 0: never expires */
};

static int fake_fetch(struct aws_cred_provider *p, struct aws_credentials *out,
                      time_t *expires, struct ts_error *err)
{
    struct fake *f = p->state;
    char id[32];

    f->fetches++;
    if (f->fail)
        return ts_error_set(err, "the source is down");
    snprintf(id, sizeof(id), "KEY%d", f->fetches);
    out->access_key_id = strdup(id);
    out->secret_access_key = strdup("SECRET");
    out->session_token = strdup("TOKEN");
    *expires = f->lifetime ? time(NULL) + f->lifetime : 0;
    return 0;
}

/* The key id get() hands out now ("" on failure). */
static const char *key_now(struct aws_cred_provider *p, char *buf, size_t n)
{
    struct aws_credentials c;
    struct ts_error err;

    buf[0] = '\0';
    if (aws_cred_provider_get(p, &c, &err) == 0)
        snprintf(buf, n, "%s", c.access_key_id);
    aws_credentials_release(&c);
    return buf;
}

static void fetched_once_while_far_from_expiry(void)
{
    struct fake f = {0, 0, 3600};
    struct aws_cred_provider *p = aws_cred_provider_new(fake_fetch, &f, NULL, "fake");
    char k[32];

    ASSERT(!strcmp(key_now(p, k, sizeof(k)), "KEY1"));
    ASSERT(!strcmp(key_now(p, k, sizeof(k)), "KEY1"));
    ASSERT_EQ_INT(f.fetches, 1);
    aws_cred_provider_free(p);
}

static void refreshed_inside_the_advisory_window(void)
{
    /* 12 minutes left: inside 15 (advisory), outside 10 (mandatory). */
    struct fake f = {0, 0, 12 * 60};
    struct aws_cred_provider *p = aws_cred_provider_new(fake_fetch, &f, NULL, "fake");
    char k[32];

    ASSERT(!strcmp(key_now(p, k, sizeof(k)), "KEY1"));
    ASSERT(!strcmp(key_now(p, k, sizeof(k)), "KEY2"));
    /* A failed advisory refresh keeps the keys that are still good. */
    f.fail = 1;
    ASSERT(!strcmp(key_now(p, k, sizeof(k)), "KEY2"));
    ASSERT_EQ_INT(f.fetches, 3);
    aws_cred_provider_free(p);
}

static void failed_inside_the_mandatory_window(void)
{
    struct fake f = {0, 0, 5 * 60};
    struct aws_cred_provider *p = aws_cred_provider_new(fake_fetch, &f, NULL, "fake");
    struct aws_credentials c;
    struct ts_error err;
    char k[32];

    ASSERT(!strcmp(key_now(p, k, sizeof(k)), "KEY1"));
    f.fail = 1;
    ASSERT(aws_cred_provider_get(p, &c, &err) == -1);
    ASSERT(c.access_key_id == NULL);
    ASSERT_CONTAINS(err.msg, "the source is down");
    aws_cred_provider_free(p);
}

static void static_keys_never_fetch(void)
{
    char id[] = "AKID", secret[] = "SECRET";
    struct aws_credentials keys = {id, secret, NULL};
    struct aws_cred_provider *p = aws_cred_provider_static(&keys, "environment");
    char k[32], token[64];

    ASSERT(!strcmp(key_now(p, k, sizeof(k)), "AKID"));
    ASSERT(!strcmp(p->source, "environment"));
    aws_cred_provider_token(p, token, sizeof(token));
    ASSERT(!strcmp(token, ""));
    aws_cred_provider_free(p);
}

static void token_is_read_without_fetching(void)
{
    struct fake f = {0, 0, 3600};
    struct aws_cred_provider *p = aws_cred_provider_new(fake_fetch, &f, NULL, "fake");
    char token[64], k[32];

    aws_cred_provider_token(p, token, sizeof(token));
    ASSERT(!strcmp(token, "") && f.fetches == 0);
    key_now(p, k, sizeof(k));
    aws_cred_provider_token(p, token, sizeof(token));
    ASSERT(!strcmp(token, "TOKEN"));
    aws_cred_provider_free(p);
}

int main(void)
{
    RUN(fetched_once_while_far_from_expiry);
    RUN(refreshed_inside_the_advisory_window);
    RUN(failed_inside_the_mandatory_window);
    RUN(static_keys_never_fetch);
    RUN(token_is_read_without_fetching);
    return TEST_EXIT();
}

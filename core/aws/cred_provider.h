/* A source of AWS credentials that may expire: static keys, or a source
 * that fetches temporary ones (assume role, web identity, SSO,
 * credential_process, container or instance metadata).  Every signer asks
 * the provider for the keys of each attempt, so a collection that outlives
 * a one-hour session gets fresh keys before the old ones expire. */
#ifndef TS_AWS_CRED_PROVIDER_H
#define TS_AWS_CRED_PROVIDER_H

#include <pthread.h>
#include <time.h>

#include "aws/sigv4.h"
#include "util/error.h"

struct aws_cred_provider;

/* Fetches new credentials into out, and *expires (0: they never expire).
 * Returns 0, or -1 with err (never with a secret in it) and out empty. */
typedef int (*aws_cred_fetch_fn)(struct aws_cred_provider *p, struct aws_credentials *out,
                                 time_t *expires, struct ts_error *err);

struct aws_cred_provider {
    aws_cred_fetch_fn fetch;
    void (*destroy)(struct aws_cred_provider *p); /* the source's own state; or NULL */
    void *state;                                  /* the source's */
    char source[512];      /* where the keys come from, for progress; no secret */
    /* cred_provider.c's cache, shared by threads: */
    pthread_mutex_t lock;
    struct aws_credentials cur;
    time_t expires;
    int have;
};

/* Refresh this long before expiry (botocore's advisory window), and fail
 * only when a refresh fails inside the mandatory one. */
#define AWS_CRED_REFRESH_ADVISORY_S (15 * 60)
#define AWS_CRED_REFRESH_MANDATORY_S (10 * 60)

/* A provider of fetch's credentials; source says where from.  Free with
 * aws_cred_provider_free. */
struct aws_cred_provider *aws_cred_provider_new(aws_cred_fetch_fn fetch, void *state,
                                                void (*destroy)(struct aws_cred_provider *),
                                                const char *source);

/* A provider of fixed keys (copied): environment or profile keys. */
struct aws_cred_provider *aws_cred_provider_static(const struct aws_credentials *cred,
                                                   const char *source);

/* A copy of credentials valid now (release with aws_credentials_release):
 * fetched on first use and again inside the advisory window; a failed
 * refresh is an error only inside the mandatory window or after expiry.
 * Thread-safe.  Returns 0, or -1 with err and copy empty. */
int aws_cred_provider_get(struct aws_cred_provider *p, struct aws_credentials *copy,
                          struct ts_error *err);

/* The session token of the cached credentials, copied into buf (size n;
 * "" when none), without fetching: to mask it in error messages. */
void aws_cred_provider_token(struct aws_cred_provider *p, char *buf, size_t n);

/* Destroys the source's state and wipes the cache.  Safe on NULL. */
void aws_cred_provider_free(struct aws_cred_provider *p);

/* Wipes and frees the strings; cred is left empty.  Safe on an empty one. */
void aws_credentials_release(struct aws_credentials *cred);

/* Copies src into dst (strings duplicated); dst must be empty. */
void aws_credentials_copy(struct aws_credentials *dst, const struct aws_credentials *src);

#endif

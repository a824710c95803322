/* STS calls that turn one set of credentials into another: AssumeRole
 * (profiles' role_arn, --role-arn, each account of collect --org) and
 * AssumeRoleWithWebIdentity (OIDC in CI, EKS service accounts). */
#ifndef TS_AWS_STS_H
#define TS_AWS_STS_H

#include <time.h>

#include "aws/aws_once.h"

struct aws_assume_role {
    const char *role_arn;
    const char *session_name;    /* NULL: "trailscan-<epoch seconds>" */
    const char *external_id;     /* or NULL */
    const char *mfa_serial;      /* or NULL; then token_code too */
    const char *token_code;
    unsigned duration_seconds;   /* 0: AWS's default (one hour) */
};

/* Temporary credentials for r->role_arn, asked with o (o->creds signs).
 * region: where STS is asked (its regional endpoint).  Returns 0 with out
 * and *expires filled, or -1 with err: AWS's code and message, e.g.
 * "AssumeRole arn:aws:iam::111122223333:role/audit: AccessDenied: ...";
 * fault (may be NULL) gets AWS's code and message for callers that list
 * them (collect --org's manifest). */
int aws_sts_assume_role(const struct aws_once_opts *o, const char *region,
                        const struct aws_assume_role *r, struct aws_credentials *out,
                        time_t *expires, struct aws_fault *fault, struct ts_error *err);

/* The same through AssumeRoleWithWebIdentity: an unsigned call carrying
 * token (the OIDC token's text) instead of credentials. */
int aws_sts_assume_role_web_identity(const struct aws_once_opts *o, const char *region,
                                     const struct aws_assume_role *r, const char *token,
                                     struct aws_credentials *out, time_t *expires,
                                     struct aws_fault *fault, struct ts_error *err);

/* The default session name: "trailscan-<epoch seconds>" into buf. */
void aws_sts_session_name(char *buf, size_t n);

#endif

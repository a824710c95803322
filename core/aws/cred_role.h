/* Credentials of an assumed role, re-assumed before they expire with fresh
 * keys from the source provider: profiles' role_arn, --role-arn, and each
 * member account of collect --org. */
#ifndef TS_AWS_CRED_ROLE_H
#define TS_AWS_CRED_ROLE_H

#include "aws/sts.h"

struct aws_cred_role_opts {
    struct aws_cred_provider *source; /* the keys that call AssumeRole */
    int own_source;                   /* 1: freed with the role's provider */
    struct aws_assume_role role;      /* copied */
    const char *region;               /* where STS is asked; NULL: us-east-1 */
    const char *endpoint_url;         /* --endpoint-url or NULL; copied */
    unsigned max_attempts;
    long timeout_ms;
    const char *source_desc;          /* for `source`: "profile 'base' in ..." */
};

/* A provider (nothing fetched yet).  Never NULL.  With an MFA code
 * (role.mfa_serial and role.token_code), the code is used once, as in
 * botocore: a refresh after it fails, saying to run again. */
struct aws_cred_provider *aws_cred_role_new(const struct aws_cred_role_opts *o);

/* AWS's code and message of the last failed AssumeRole ("" when none):
 * collect --org lists it in the manifest. */
const struct aws_fault *aws_cred_role_fault(const struct aws_cred_provider *p);

#endif

/* Web identity credentials: an OIDC token in a file (GitHub Actions,
 * GitLab CI, EKS service accounts) exchanged for a role's keys through STS
 * AssumeRoleWithWebIdentity.  The file is read again at every refresh, as
 * its writer replaces the token before it expires. */
#ifndef TS_AWS_CRED_WEB_IDENTITY_H
#define TS_AWS_CRED_WEB_IDENTITY_H

#include "aws/cred_provider.h"

struct aws_web_identity_opts {
    const char *token_file;     /* web_identity_token_file / AWS_WEB_IDENTITY_TOKEN_FILE */
    const char *role_arn;
    const char *session_name;   /* or NULL: "trailscan-<epoch seconds>" */
    const char *origin;         /* where the settings come from, for messages */
    const char *region;         /* where STS is asked; NULL: us-east-1 */
    const char *endpoint_url;   /* --endpoint-url or NULL */
    unsigned max_attempts;
    long timeout_ms;
};

/* A provider (nothing fetched yet; strings copied).  Never NULL. */
struct aws_cred_provider *aws_cred_web_identity_new(const struct aws_web_identity_opts *o);

#endif

/* AWS credentials and region, found where the AWS CLI v2 finds them:
 * --profile, the AWS_* environment variables, the shared credentials and
 * config files.  Sources that need a network call or a child process
 * (roles, SSO, credential_process, web identity, instance or container
 * metadata) are refused with a message that names the setting and says
 * how to export plain keys instead. */
#ifndef TS_AWS_CREDENTIALS_H
#define TS_AWS_CREDENTIALS_H

#include "aws/cred_provider.h"
#include "aws/sigv4.h"
#include "util/error.h"

struct aws_profile_options {
    const char *profile; /* --profile, or NULL */
    const char *region;  /* --region (the first one), or NULL */
};

/* What `trailscan collect --help` and README say is not supported yet. */
#define AWS_CREDENTIALS_UNSUPPORTED_HELP                                              \
    "Credentials come from --profile, AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY /\n"  \
    "AWS_SESSION_TOKEN, or the shared files (AWS_SHARED_CREDENTIALS_FILE,\n"          \
    "AWS_CONFIG_FILE, default ~/.aws/credentials and ~/.aws/config; profile from\n"   \
    "AWS_PROFILE, else \"default\").  Not supported yet: role_arn/source_profile\n"   \
    "(assume role), sso_* and sso_session (IAM Identity Center), login_session,\n"    \
    "credential_process, web_identity_token_file and AWS_WEB_IDENTITY_TOKEN_FILE,\n"  \
    "ECS/container and EC2 instance metadata credentials.  For those, export\n"       \
    "temporary keys first:\n"                                                         \
    "  eval \"$(aws configure export-credentials --profile NAME --format env)\"\n"

/* The same text, for callers that prefer a function. */
const char *aws_credentials_unsupported_help(void);

/* The credentials' provider (free with aws_cred_provider_free; its
 * `source` says where the keys come from, never a secret) and *region
 * (malloc'd; NULL when no source names one).  The provider has fetched
 * once already, so a wrong setting is said here, before any call.
 * Precedence, as the AWS CLI v2 has it:
 *   credentials: --profile (the environment's keys are then ignored);
 *     else AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN);
 *     else the profile (AWS_PROFILE or "default"): SSO, its keys in the
 *     credentials file, credential_process, its keys in the config file;
 *     else container credentials, else EC2 instance metadata;
 *   region: opt->region, AWS_REGION, AWS_DEFAULT_REGION, the profile's
 *     `region` (config file; the credentials file's value wins, as in
 *     botocore).
 * Returns NULL with err filled (never with a secret or token in it). */
struct aws_cred_provider *aws_credentials_resolve(const struct aws_profile_options *opt,
                                                  char **region, struct ts_error *err);


#endif

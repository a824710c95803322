/* AWS credentials and region, found where the AWS CLI v2 finds them, in
 * its order: --profile, the AWS_* environment variables, the shared
 * credentials and config files (static keys, assume-role chains, web
 * identity, IAM Identity Center, credential_process), container and
 * instance metadata; --role-arn on top of whatever was found. */
#ifndef TS_AWS_CREDENTIALS_H
#define TS_AWS_CREDENTIALS_H

#include "aws/cred_options.h"
#include "aws/cred_provider.h"
#include "aws/sigv4.h"
#include "util/error.h"

/* The chain, for `trailscan collect --help` (README says the same). */
#define AWS_CREDENTIALS_HELP                                                          \
    "Credentials, in the AWS CLI v2's order (the first source found is used):\n"     \
    "  1. AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN), unless\n"  \
    "     --profile is given\n"                                                      \
    "  2. the profile (--profile, AWS_PROFILE, else \"default\") in\n"                \
    "     AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE (default ~/.aws/): a\n"    \
    "     role (role_arn with source_profile, chains of any length, or\n"            \
    "     credential_source = Environment | Ec2InstanceMetadata | EcsContainer;\n"   \
    "     external_id, role_session_name, duration_seconds, mfa_serial asked on\n"   \
    "     the terminal); web identity (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN\n" \
    "     [+ AWS_ROLE_SESSION_NAME], or the profile's web_identity_token_file);\n"   \
    "     IAM Identity Center (sso_session, sso_start_url); keys in the\n"           \
    "     credentials file; credential_process; keys in the config file\n"           \
    "  3. container credentials (AWS_CONTAINER_CREDENTIALS_*), then EC2 instance\n"  \
    "     metadata (IMDSv2; off with AWS_EC2_METADATA_DISABLED=true)\n"              \
    "Temporary credentials are renewed before they expire.  STS is asked in the\n"   \
    "region below (sts.REGION.amazonaws.com), or at AWS_ENDPOINT_URL_STS,\n"         \
    "AWS_ENDPOINT_URL, the profile's services section or its endpoint_url.\n"

/* The same text, for callers that prefer a function. */
const char *aws_credentials_help(void);

/* The credentials' provider (free with aws_cred_provider_free; its
 * `source` says where the keys come from, never a secret) and *region
 * (malloc'd; NULL when no source names one).  The provider has fetched
 * once already, so a wrong setting (or a refused AssumeRole) is said
 * here, before any call.  Also takes the profile's endpoint settings for
 * every later call (aws_endpoint_configure).  Precedence, as botocore's
 * chain has it:
 *   credentials: --profile (the environment's keys and web identity
 *     variables are then ignored); else AWS_ACCESS_KEY_ID +
 *     AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN); else the profile
 *     (AWS_PROFILE or "default"): role_arn (its own keys ignored), web
 *     identity, SSO, its keys in the credentials file, credential_process,
 *     its keys in the config file; else container credentials, else EC2
 *     instance metadata; chain->role_arn is then assumed with them;
 *   region: opt->region, AWS_REGION, AWS_DEFAULT_REGION, the profile's
 *     `region` (config file; the credentials file's value wins, as in
 *     botocore); STS calls go to that region (us-east-1 without one).
 * Returns NULL with err filled (never with a secret or token in it). */
struct aws_cred_provider *aws_credentials_resolve(const struct aws_profile_options *opt,
                                                  char **region, struct ts_error *err);

/* The same, with chain's settings (may be NULL: the defaults, no role). */
struct aws_cred_provider *aws_credentials_resolve_chain(const struct aws_profile_options *opt,
                                                        struct aws_chain_options *chain,
                                                        char **region, struct ts_error *err);

#endif

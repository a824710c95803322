/* The IAM Identity Center access token that `aws sso login` cached in
 * ~/.aws/sso/cache/<SHA-1>.json, as botocore reads it.  In the
 * sso-session form a token with less than 15 minutes left is refreshed
 * with its refreshToken (SSO OIDC CreateToken) and saved back, as the CLI
 * does; the legacy form cannot be refreshed. */
#ifndef TS_AWS_CRED_SSO_TOKEN_H
#define TS_AWS_CRED_SSO_TOKEN_H

#include "aws/cred_sso_config.h"
#include "util/error.h"

/* The access token into *token (the caller wipes and frees it).  Returns
 * 0, or -1 with err in the CLI's words and "run 'aws sso login --profile
 * PROFILE'" when there is none, it is invalid, or it has expired (and
 * could not be refreshed).  Never a token in err. */
int aws_sso_token_get(const char *profile, const struct aws_sso_config *c, char **token,
                      struct ts_error *err);

/* err = "profile 'P' (IAM Identity Center): WHAT; run 'aws sso login
 * --profile P' and try again".  Returns -1. */
int aws_sso_login_hint(const char *profile, const char *what, struct ts_error *err);

#endif

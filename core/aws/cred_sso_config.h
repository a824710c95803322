/* The IAM Identity Center settings of a profile, as botocore's SSOProvider
 * reads them: sso_account_id and sso_role_name from the profile; the start
 * URL and region from its [sso-session NAME] section (a value the profile
 * repeats must agree), or from the profile itself in the legacy form; the
 * portal from AWS_ENDPOINT_URL_SSO, else portal.sso.<region>. */
#ifndef TS_AWS_CRED_SSO_CONFIG_H
#define TS_AWS_CRED_SSO_CONFIG_H

#include "aws/ini.h"
#include "util/error.h"

struct aws_sso_config {
    char *session;              /* NULL: the legacy form */
    char *start_url, *region, *account, *role;
    char *portal;               /* base URL, no trailing slash */
};

/* Fills c (release with aws_sso_config_release).  Returns 0, or -1 with
 * err in botocore's words (missing settings, an sso-session that does not
 * exist, values that disagree) naming conf_path. */
int aws_sso_config_read(const char *profile, const struct aws_ini *conf,
                        const struct aws_ini_section *ps, const char *conf_path,
                        struct aws_sso_config *c, struct ts_error *err);

void aws_sso_config_release(struct aws_sso_config *c);

#endif

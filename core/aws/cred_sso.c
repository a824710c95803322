/* IAM Identity Center credentials: not implemented yet (being written). */
#include "aws/cred_sources.h"

struct aws_cred_provider *aws_cred_sso_new(const char *profile, const struct aws_ini *conf,
                                           const struct aws_ini_section *ps,
                                           const char *conf_path, struct ts_error *err)
{
    (void)conf;
    (void)ps;
    ts_error_set(err, "profile '%s' gets its credentials from sso_* settings (IAM Identity "
                 "Center) (in %s), which trailscan does not support yet; export temporary "
                 "keys with 'aws configure export-credentials --profile %s --format env' and "
                 "run trailscan with them in the environment", profile, conf_path, profile);
    return NULL;
}

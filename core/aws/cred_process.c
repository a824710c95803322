/* credential_process: not implemented yet (being written). */
#include "aws/cred_sources.h"

struct aws_cred_provider *aws_cred_process_new(const char *profile, const char *command,
                                               const char *where, struct ts_error *err)
{
    (void)command;
    ts_error_set(err, "profile '%s' gets its credentials from credential_process (in %s), "
                 "which trailscan does not support yet; export temporary keys with 'aws "
                 "configure export-credentials --profile %s --format env' and run trailscan "
                 "with them in the environment", profile, where, profile);
    return NULL;
}

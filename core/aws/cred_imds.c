/* EC2 instance metadata credentials: not implemented yet (being written). */
#include "aws/cred_sources.h"

#include <stdlib.h>
#include <strings.h>

int aws_cred_imds_disabled(void)
{
    const char *v = getenv("AWS_EC2_METADATA_DISABLED");
    return v && !strcasecmp(v, "true");
}

struct aws_cred_provider *aws_cred_imds_new(const struct aws_imds_settings *s,
                                            struct ts_error *err)
{
    (void)s;
    (void)err;   /* none yet: the chain then says no credentials were found */
    return NULL;
}

/* Container credentials: not implemented yet (being written). */
#include "aws/cred_sources.h"

#include <stdlib.h>

int aws_cred_container_configured(void)
{
    const char *r = getenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
    const char *f = getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI");
    return (r && *r) || (f && *f);
}

struct aws_cred_provider *aws_cred_container_new(struct ts_error *err)
{
    ts_error_set(err, "no AWS credentials found; container (ECS) credentials are not "
                 "supported yet: export temporary keys as AWS_ACCESS_KEY_ID, "
                 "AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN");
    return NULL;
}

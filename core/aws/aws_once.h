/* One AWS call, run to its answer before anything else goes on: STS for a
 * credential source, Organizations for the list of accounts.  Retries and
 * signing as every call (aws/aws_client.h). */
#ifndef TS_AWS_ONCE_H
#define TS_AWS_ONCE_H

#include <cjson/cJSON.h>

#include "aws/aws_client.h"

struct aws_once_opts {
    struct aws_cred_provider *creds;  /* NULL: an unsigned call */
    const char *endpoint_url;         /* --endpoint-url, or NULL (aws/endpoint.h) */
    unsigned max_attempts;            /* 0: 3 */
    long timeout_ms;                  /* per attempt; 0: 30 s */
    unsigned base_delay_ms, max_delay_ms; /* 0: 1 s and 20 s */
};

/* AWS's answer as the AWS CLI's JSON (caller deletes; it may hold secrets:
 * aws_once_wipe first), or NULL with fault filled. */
cJSON *aws_call_once(const struct aws_once_opts *o, const struct aws_service *svc,
                     const char *region, const char *operation, const char *params,
                     struct aws_fault *fault);

/* Wipes every string in doc (credentials in an answer) and deletes it. */
void aws_once_wipe(cJSON *doc);

#endif

/* The JSON answers credential sources give: credential_process's
 * "Version": 1 document, the container and instance metadata answers, the
 * IAM Identity Center portal's roleCredentials.  One reader, told the
 * member names; its errors say what is missing or wrong, never a value. */
#ifndef TS_AWS_CRED_JSON_H
#define TS_AWS_CRED_JSON_H

#include <stddef.h>
#include <time.h>

#include "aws/sigv4.h"
#include "util/error.h"

struct aws_cred_json_shape {
    const char *object;         /* member holding the keys, or NULL: the top */
    const char *id, *secret, *token, *expiration;
    int token_required, expiration_required;
    int expiration_ms;          /* a number of ms since 1970, not ISO 8601 */
    int version_1;              /* "Version": 1 required (credential_process) */
};

/* credential_process; container and instance metadata; the SSO portal. */
extern const struct aws_cred_json_shape aws_cred_json_process, aws_cred_json_metadata,
    aws_cred_json_sso;

/* Reads text (len bytes) as shape says into out (empty on error) and
 * *expires (0 when the answer has no expiry).  Returns 0, or -1 with err:
 * "the answer is not JSON", "AccessKeyId is missing or not a string"... */
int aws_cred_json_parse(const char *text, size_t len, const struct aws_cred_json_shape *shape,
                        struct aws_credentials *out, time_t *expires, struct ts_error *err);

/* cJSON_Delete of doc (a cJSON *) after wiping every string in it: parsed
 * answers and token caches hold secrets. */
void aws_cred_json_delete(void *doc);

#endif

/* KMS: every key of a region (ListKeys, paged), each key described, and
 * the rotation status of the keys rotation can apply to, keyed by key ARN
 * as rules/kms/key_rotation.lua reads them. */
#include "aws/collect_calls.h"

#include <stdlib.h>
#include <string.h>

static const char *text_of(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(v) && v->valuestring ? v->valuestring : NULL;
}

/* Automatic rotation exists only for customer managed symmetric keys;
 * AWS refuses to answer for a key pending deletion.  The rule judges the
 * others from DescribeKey alone. */
static int rotation_applies(const cJSON *m)
{
    const char *manager = text_of(m, "KeyManager"), *state = text_of(m, "KeyState");
    const char *spec = text_of(m, "KeySpec");

    if (!spec)
        spec = text_of(m, "CustomerMasterKeySpec");
    return manager && !strcmp(manager, "CUSTOMER") && spec && !strcmp(spec, "SYMMETRIC_DEFAULT")
           && !(state && !strncmp(state, "Pending", 7) && strstr(state, "Deletion"));
}

static void on_describe_key(struct aws_call *call, cJSON *answer, const struct aws_fault *fault)
{
    struct collector *col = call->ctx;
    const cJSON *m;

    answer = collect_checked(col, call, answer);
    m = cJSON_GetObjectItemCaseSensitive(answer, "KeyMetadata");
    if (cJSON_IsObject(m) && rotation_applies(m)) {
        char *params = collect_json_param("KeyId", call->key);
        collect_start(col, &aws_kms, call->region, "GetKeyRotationStatus", params, call->key,
                      collect_on_plain);
        free(params);
    }
    collect_keep(col, call, answer, fault);
    collect_finished(col, call);
}

static void on_list_keys(struct aws_call *call, cJSON *answer, const struct aws_fault *fault)
{
    struct collector *col = call->ctx;
    const cJSON *k;

    answer = collect_checked(col, call, answer);
    cJSON_ArrayForEach(k, cJSON_GetObjectItemCaseSensitive(answer, "Keys")) {
        const char *arn = text_of(k, "KeyArn");
        char *params;
        if (!arn)
            continue;
        params = collect_json_param("KeyId", arn);
        collect_start(col, &aws_kms, call->region, "DescribeKey", params, arn, on_describe_key);
        free(params);
    }
    collect_keep(col, call, answer, fault);
    collect_finished(col, call);
}

void collect_kms_start(struct collector *col, const char *region)
{
    collect_start(col, &aws_kms, region, "ListKeys", "{}", NULL, on_list_keys);
}

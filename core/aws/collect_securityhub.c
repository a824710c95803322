/* Security Hub: DescribeHub in each region, and where the hub answers,
 * its enabled standards.  Where the account is not subscribed AWS answers
 * InvalidAccessException: listed in errors as AWS gives it, which is the
 * answer rules/securityhub reads (and no reason to ask for standards). */
#include "aws/collect_calls.h"

static void on_hub(struct aws_call *call, cJSON *answer, const struct aws_fault *fault)
{
    struct collector *col = call->ctx;
    const cJSON *arn;

    answer = collect_checked(col, call, answer);
    arn = cJSON_GetObjectItemCaseSensitive(answer, "HubArn");
    if (cJSON_IsString(arn) && arn->valuestring && arn->valuestring[0])
        collect_start(col, &aws_securityhub, call->region, "GetEnabledStandards", "{}", NULL,
                      collect_on_plain);
    collect_keep(col, call, answer, fault);
    collect_finished(col, call);
}

void collect_securityhub_start(struct collector *col, const char *region)
{
    collect_start(col, &aws_securityhub, region, "DescribeHub", "", NULL, on_hub);
}

/* S3's calls: the bucket list, each bucket's location and logging (every
 * bucket: S3.9 judges them all), the other settings of the buckets trails
 * deliver to, and S3 Control's account-level public access block. */
#include "aws/collect_calls.h"

#include <stdio.h>
#include <string.h>

/* The settings the trail-bucket rules read besides logging. */
static const struct { const char *op, *sub; } trail_bucket_calls[] = {
    {"GetBucketPolicyStatus", "policyStatus"},
    {"GetPublicAccessBlock", "publicAccessBlock"},
    {"GetBucketAcl", "acl"},
    {"GetBucketLifecycleConfiguration", "lifecycle"},
};

static void start_bucket_call(struct collector *col, const char *bucket, const char *region,
                              const char *op, const char *sub)
{
    char path[512] = "/";

    if (aws_form_encode(path, sizeof(path) - 32, bucket) < 0)
        return;
    strcat(path, "?");
    strcat(path, sub);
    collect_start(col, &aws_s3, region, op, path, bucket, collect_on_plain);
}

/* A bucket's settings, asked where the bucket lives. */
static void start_bucket_calls(struct collector *col, const char *bucket, const char *region)
{
    start_bucket_call(col, bucket, region, "GetBucketLogging", "logging");
    if (!collect_strlist_has(&col->trail_buckets, bucket))
        return;
    for (size_t i = 0; i < sizeof(trail_bucket_calls) / sizeof(trail_bucket_calls[0]); i++)
        start_bucket_call(col, bucket, region, trail_bucket_calls[i].op,
                          trail_bucket_calls[i].sub);
}

static void on_location(struct aws_call *call, cJSON *answer, const struct aws_fault *fault)
{
    struct collector *col = call->ctx;
    const char *region = collect_global_region(col);

    answer = collect_checked(col, call, answer);
    if (answer) {
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(answer, "LocationConstraint");
        if (cJSON_IsString(c) && c->valuestring && aws_region_ok(c->valuestring))
            region = c->valuestring;
        else if (cJSON_IsString(c) && c->valuestring && !strcmp(c->valuestring, "EU"))
            region = "eu-west-1";
    }
    /* Without a location, S3's redirect names the region (aws_client.c). */
    start_bucket_calls(col, call->key, region);
    collect_keep(col, call, answer, fault);
    collect_finished(col, call);
}

/* Once the bucket list and every region's trails are known: each bucket
 * of the account.  A trail bucket in another account is not ours to read:
 * the rules say they could not decide, which is the truth. */
static void maybe_start_buckets(struct collector *col)
{
    if (col->trails_pending || !col->buckets_listed || col->buckets_started)
        return;
    col->buckets_started = 1;
    ts_strlist_sort(&col->owned_buckets);
    for (size_t i = 0; i < col->owned_buckets.count; i++) {
        const char *b = col->owned_buckets.items[i];
        char path[512] = "/";
        if ((i && !strcmp(b, col->owned_buckets.items[i - 1])) ||
            aws_form_encode(path, sizeof(path) - 16, b) < 0)
            continue;
        strcat(path, "?location");
        collect_start(col, &aws_s3, collect_global_region(col), "GetBucketLocation", path, b,
                      on_location);
    }
}

void collect_s3_trails_done(struct collector *col)
{
    maybe_start_buckets(col);
}

static void on_list_buckets(struct aws_call *call, cJSON *answer, const struct aws_fault *fault)
{
    struct collector *col = call->ctx;
    const cJSON *b, *list;

    answer = collect_checked(col, call, answer);
    list = cJSON_GetObjectItemCaseSensitive(answer, "Buckets");
    cJSON_ArrayForEach(b, list) {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(b, "Name");
        if (cJSON_IsString(name) && name->valuestring)
            ts_strlist_push(&col->owned_buckets, name->valuestring);
    }
    if (!collect_keep(col, call, answer, fault)) {
        col->buckets_listed = 1;
        maybe_start_buckets(col);
    }
    collect_finished(col, call);
}

void collect_s3_start(struct collector *col)
{
    struct aws_call *call;

    collect_start(col, &aws_s3, collect_global_region(col), "ListBuckets", "/", NULL,
                  on_list_buckets);
    /* The account's block applies to every bucket (CloudTrail.6 judges the
     * effective setting); NoSuchPublicAccessBlockConfiguration is an answer. */
    call = aws_call_new(&col->client, &aws_s3control, collect_global_region(col),
                        "GetPublicAccessBlock", "/v20180820/configuration/publicAccessBlock",
                        NULL, collect_on_plain, col);
    snprintf(call->account, sizeof(call->account), "%s", col->account_id);
    collect_launch(col, call);
}

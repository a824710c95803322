/* The calls of a collection and how each answer leads to the next ones:
 * identity, regions, then each region's calls (CloudTrail, Logs,
 * CloudWatch, SNS here; S3, KMS and Security Hub in collect_<service>.c). */
#include "aws/collect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/aws_client.h"
#include "aws/collect_calls.h"
#include "aws/collect_check.h"
#include "aws/collect_store.h"
#include "snapshot/snapshot.h"
#include "snapshot/snapshot_check.h"
#include "util/strlist.h"

static void report_progress(struct collector *col)
{
    struct collect_progress p;

    if (!col->o->progress)
        return;
    p.regions_done = col->regions_done;
    p.regions_total = (unsigned)col->nregions;
    p.calls_started = col->client.started;
    p.calls_done = col->client.finished;
    p.retries = col->client.retries;
    p.errors = col->store.failures;
    col->o->progress(&p, col->o->progress_ctx);
}

/* ---- per region ---- */

/* A trail's status and selectors, asked in its home region. */
static void start_trail_calls(struct collector *col, const char *region, const char *arn)
{
    char *params = collect_json_param("Name", arn);

    collect_start(col, &aws_cloudtrail, region, "GetTrailStatus", params, arn,
                  collect_on_plain);
    free(params);
    params = collect_json_param("TrailName", arn);
    collect_start(col, &aws_cloudtrail, region, "GetEventSelectors", params, arn,
                  collect_on_plain);
    free(params);
}

/* Status and selectors are read once, in the trail's home region (shadow
 * copies elsewhere point there; AWS answers GetEventSelectors only there).
 * A home region left out of --region is still asked, for these two calls
 * alone, so the trail's rules decide; they are stored under that region. */
static void trail_calls(struct collector *col, const char *region, const cJSON *t)
{
    const cJSON *arn = cJSON_GetObjectItemCaseSensitive(t, "TrailARN");
    const cJSON *home = cJSON_GetObjectItemCaseSensitive(t, "HomeRegion");
    const char *h;

    if (!cJSON_IsString(arn) || !arn->valuestring || !cJSON_IsString(home) ||
        !home->valuestring)
        return;
    h = home->valuestring;
    if (!strcmp(h, region)) {
        start_trail_calls(col, region, arn->valuestring);
        return;
    }
    if (collect_region_state(col, h) || !aws_region_ok(h) || !ts_snapshot_region_ok(h) ||
        strcmp(aws_partition_of(h), col->partition) ||
        collect_strlist_has(&col->away_trails, arn->valuestring))
        return;
    ts_strlist_push(&col->away_trails, arn->valuestring);
    start_trail_calls(col, h, arn->valuestring);
}

static void on_trails(struct aws_call *call, cJSON *answer, const struct aws_fault *fault)
{
    struct collector *col = call->ctx;
    const cJSON *t, *list;

    answer = collect_checked(col, call, answer);
    list = cJSON_GetObjectItemCaseSensitive(answer, "trailList");
    cJSON_ArrayForEach(t, list) {
        const cJSON *bucket = cJSON_GetObjectItemCaseSensitive(t, "S3BucketName");
        if (cJSON_IsString(bucket) && bucket->valuestring &&
            !collect_strlist_has(&col->trail_buckets, bucket->valuestring))
            ts_strlist_push(&col->trail_buckets, bucket->valuestring);
        trail_calls(col, call->region, t);
    }
    collect_keep(col, call, answer, fault);
    col->trails_pending--;
    collect_s3_trails_done(col);
    collect_finished(col, call);
}

/* SNS topics an alarm notifies: their subscriptions say whether anyone
 * hears the alarm. */
static void start_topics(struct collector *col, const cJSON *alarms)
{
    static const char *const fields[] = {"AlarmActions", "OKActions",
                                         "InsufficientDataActions", NULL};
    const cJSON *a, *act;

    cJSON_ArrayForEach(a, alarms) {
        for (const char *const *f = fields; *f; f++) {
            cJSON_ArrayForEach(act, cJSON_GetObjectItemCaseSensitive(a, *f)) {
                char region[32], params[2048] = "TopicArn=";
                const char *arn = cJSON_IsString(act) ? act->valuestring : NULL;
                const char *r;
                size_t rlen;
                /* arn:<partition>:sns:<region>:<account>:<name> */
                if (!arn || !strstr(arn, ":sns:") || collect_strlist_has(&col->topics, arn))
                    continue;
                r = strstr(arn, ":sns:") + 5;
                rlen = strcspn(r, ":");
                if (rlen == 0 || rlen >= sizeof(region) || r[rlen] != ':' ||
                    aws_form_encode(params, sizeof(params), arn) < 0)
                    continue;
                memcpy(region, r, rlen);
                region[rlen] = '\0';
                /* Only in regions being collected: a region holding nothing
                 * but SNS would pass for a collected one.  The rule then says
                 * it could not read the topic, which is true. */
                if (!collect_region_state(col, region))
                    continue;
                ts_strlist_push(&col->topics, arn);
                collect_start(col, &aws_sns, region, "ListSubscriptionsByTopic", params, arn,
                              collect_on_plain);
            }
        }
    }
}

static void on_alarms(struct aws_call *call, cJSON *answer, const struct aws_fault *fault)
{
    struct collector *col = call->ctx;

    answer = collect_checked(col, call, answer);
    start_topics(col, cJSON_GetObjectItemCaseSensitive(answer, "MetricAlarms"));
    start_topics(col, cJSON_GetObjectItemCaseSensitive(answer, "CompositeAlarms"));
    collect_keep(col, call, answer, fault);
    collect_finished(col, call);
}

static void start_region(struct collector *col, const char *region)
{
    collect_start(col, &aws_cloudtrail, region, "DescribeTrails",
                  "{\"includeShadowTrails\":true}", NULL, on_trails);
    collect_start(col, &aws_logs, region, "DescribeLogGroups", "{}", NULL, collect_on_plain);
    collect_start(col, &aws_logs, region, "DescribeMetricFilters", "{}", NULL, collect_on_plain);
    /* Without AlarmTypes AWS lists metric alarms only. */
    collect_start(col, &aws_cloudwatch, region, "DescribeAlarms",
                  "{\"AlarmTypes\":[\"MetricAlarm\",\"CompositeAlarm\"]}", NULL, on_alarms);
    collect_start(col, &aws_config, region, "DescribeConfigurationRecorders", "{}", NULL,
                  collect_on_plain);
    collect_start(col, &aws_config, region, "DescribeConfigurationRecorderStatus", "{}", NULL,
                  collect_on_plain);
    collect_start(col, &aws_config, region, "DescribeDeliveryChannels", "{}", NULL,
                  collect_on_plain);
    collect_start(col, &aws_ec2, region, "DescribeVpcs", "", NULL, collect_on_plain);
    collect_start(col, &aws_ec2, region, "DescribeFlowLogs", "", NULL, collect_on_plain);
    collect_kms_start(col, region);
    collect_securityhub_start(col, region);
}

/* ---- identity and regions, before everything else ---- */

static void on_identity(struct aws_call *call, cJSON *answer, const struct aws_fault *fault)
{
    struct collector *col = call->ctx;
    const cJSON *acct = cJSON_GetObjectItemCaseSensitive(answer, "Account");
    const cJSON *arn = cJSON_GetObjectItemCaseSensitive(answer, "Arn");

    char why[1024];

    if (!answer || !cJSON_IsString(acct) || !acct->valuestring ||
        strlen(acct->valuestring) != 12) {
        col->fatal = fault ? *fault : (struct aws_fault){"InvalidResponse",
            "GetCallerIdentity gave no 12-digit account id", 200};
        goto fatal;
    }
    snprintf(col->account_id, sizeof(col->account_id), "%s", acct->valuestring);
    if (col->o->expect_account_id && strcmp(col->account_id, col->o->expect_account_id)) {
        col->fatal = (struct aws_fault){"AccountMismatch", "", 200};
        snprintf(col->fatal.message, sizeof(col->fatal.message), "the credentials are account"
                 " %s's, not %.12s's", col->account_id, col->o->expect_account_id);
        goto fatal;
    }
    /* arn:<partition>:... names the partition better than a region does. */
    if (cJSON_IsString(arn) && arn->valuestring && !strncmp(arn->valuestring, "arn:", 4))
        snprintf(col->partition, sizeof(col->partition), "%.*s",
                 (int)strcspn(arn->valuestring + 4, ":"), arn->valuestring + 4);
    /* The envelope too: an account id or partition `validate` refuses
     * would make the whole snapshot unreadable. */
    if (collect_check_answer(col->account_id, col->partition, NULL, "sts",
                             "GetCallerIdentity", NULL, answer, why, sizeof(why)) < 0) {
        col->fatal = (struct aws_fault){"InvalidResponse", "", 200};
        snprintf(col->fatal.message, sizeof(col->fatal.message), "GetCallerIdentity: %.400s", why);
        goto fatal;
    }
    collect_store_identity(&col->store, col->account_id, col->partition);
    collect_store_org(&col->store, col->o->account_name, col->o->org_id,
                      col->o->org_management_id);
    collect_store_answer(&col->store, NULL, "sts", "GetCallerIdentity", NULL, answer, 0,
                         NULL, NULL);
    aws_call_free(call);
    return;
fatal:
    col->fatal_set = 1;
    cJSON_Delete(answer);
    aws_call_free(call);
}

static void add_region(struct collector *col, const char *name)
{
    /* A region name becomes part of a host name: nothing else may; and a
     * key of the snapshot's regions, which `validate` checks. */
    if (collect_region_state(col, name) || !aws_region_ok(name) || !ts_snapshot_region_ok(name))
        return;
    col->regions = ts_xrealloc(col->regions, (col->nregions + 1) * sizeof(*col->regions));
    memset(&col->regions[col->nregions], 0, sizeof(col->regions[0]));
    snprintf(col->regions[col->nregions].name, sizeof(col->regions[0].name), "%s", name);
    col->nregions++;
}

static void on_regions(struct aws_call *call, cJSON *answer, const struct aws_fault *fault)
{
    struct collector *col = call->ctx;
    const cJSON *r;
    char why[1024];

    if (answer && collect_check_answer(NULL, NULL, NULL, "ec2", "DescribeRegions", NULL,
                                       answer, why, sizeof(why)) < 0) {
        col->fatal = (struct aws_fault){"InvalidResponse", "", 200};
        snprintf(col->fatal.message, sizeof(col->fatal.message), "DescribeRegions: %.400s", why);
        cJSON_Delete(answer);
        answer = NULL;
        fault = &col->fatal;
    }
    if (!answer) {
        col->fatal = *fault;
        col->fatal_set = 1;
        aws_call_free(call);
        return;
    }
    cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(answer, "Regions")) {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(r, "RegionName");
        const cJSON *opt = cJSON_GetObjectItemCaseSensitive(r, "OptInStatus");
        if (!cJSON_IsString(name) || !name->valuestring)
            continue;
        if (cJSON_IsString(opt) && opt->valuestring && !strcmp(opt->valuestring, "not-opted-in"))
            continue;
        add_region(col, name->valuestring);
    }
    collect_store_answer(&col->store, NULL, "ec2", "DescribeRegions", NULL, answer, 0,
                         NULL, NULL);
    aws_call_free(call);
}

static int run(struct collector *col, struct ts_error *err)
{
    if (http_pool_run(col->client.pool, err) < 0)
        return -1;
    if (col->fatal_set)
        return ts_error_set(err, "%s: %s", col->fatal.code, col->fatal.message);
    return 0;
}

static int by_region_name(const void *a, const void *b)
{
    return strcmp(((const struct region_state *)a)->name, ((const struct region_state *)b)->name);
}

static int collect_steps(struct collector *col, struct ts_error *err)
{
    const struct collect_opts *o = col->o;
    struct aws_call *call;

    call = aws_call_new(&col->client, &aws_sts, o->home_region, "GetCallerIdentity", "",
                        NULL, on_identity, col);
    aws_call_start(call);
    if (run(col, err) < 0)
        return -1;
    if (o->regions) {
        for (const char *const *r = o->regions; *r; r++)
            add_region(col, *r);
    } else {
        call = aws_call_new(&col->client, &aws_ec2, o->home_region, "DescribeRegions", "",
                            NULL, on_regions, col);
        aws_call_start(call);
        if (run(col, err) < 0)
            return ts_error_set(err, "cannot list the account's regions (%s); name them"
                                " with --region", err->msg);
    }
    qsort(col->regions, col->nregions, sizeof(*col->regions), by_region_name);
    col->trails_pending = (unsigned)col->nregions;
    report_progress(col);
    collect_s3_start(col);
    for (size_t i = 0; i < col->nregions; i++)
        start_region(col, col->regions[i].name);
    return run(col, err);
}

char *collect_account(const struct collect_opts *o, unsigned *failures, struct ts_error *err)
{
    struct collector col;
    /* Real pages are well under 1 MB; XML answers are capped at 16 MiB too. */
    struct http_pool_opts po = {o->parallel, o->timeout_ms, 16u << 20};
    char *text = NULL;

    memset(&col, 0, sizeof(col));
    col.o = o;
    col.progress = report_progress;
    snprintf(col.partition, sizeof(col.partition), "%s", aws_partition_of(o->home_region));
    col.client.creds = o->creds;
    col.client.endpoint_url = o->endpoint_url;
    col.client.max_attempts = o->max_attempts ? o->max_attempts : 3;
    col.client.base_delay_ms = o->base_delay_ms;
    col.client.max_delay_ms = o->max_delay_ms;
    col.client.rng = (uint64_t)http_now_ms() * 0x9E3779B97F4A7C15u;
    collect_set_limits(&col);
    ts_strlist_init(&col.owned_buckets);
    ts_strlist_init(&col.trail_buckets);
    ts_strlist_init(&col.topics);
    ts_strlist_init(&col.away_trails);
    collect_store_init(&col.store);
    col.client.pool = http_pool_new(&po);
    if (!col.client.pool) {
        ts_error_set(err, "cannot start libcurl");
        goto out;
    }
    if (o->gate)
        http_pool_share(col.client.pool, o->gate);
    if (collect_steps(&col, err) < 0) {
        if (o->fault && col.fatal_set)
            *o->fault = col.fatal;
        goto out;
    }
    *failures = col.store.failures;
    text = collect_store_finish(&col.store);
    if (!text) {
        ts_error_set(err, "out of memory writing the snapshot");
    } else if (collect_check_snapshot(text, strlen(text), err) < 0) {
        /* Every answer was checked; this is the promise kept whatever was
         * missed: never a snapshot `validate` refuses. */
        free(text);
        text = NULL;
    }
out:
    http_pool_free(col.client.pool);
    collect_store_release(&col.store);
    ts_strlist_release(&col.owned_buckets);
    ts_strlist_release(&col.trail_buckets);
    ts_strlist_release(&col.topics);
    ts_strlist_release(&col.away_trails);
    free(col.regions);
    return text;
}

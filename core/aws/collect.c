/* The calls of a collection and how each answer leads to the next ones. */
#include "aws/collect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/aws_client.h"
#include "aws/collect_check.h"
#include "aws/collect_store.h"
#include "util/file_read.h"
#include "snapshot/snapshot.h"
#include "snapshot/snapshot_check.h"
#include "util/strlist.h"

struct region_state {
    char name[32];
    unsigned pending;       /* calls of this region not yet answered */
    int done;               /* counted as done (a late SNS call may follow) */
};

struct collector {
    const struct collect_opts *o;
    struct aws_client client;
    struct collect_store store;
    struct region_state *regions;
    size_t nregions;
    unsigned regions_done;
    unsigned trails_pending;        /* regions whose DescribeTrails is out */
    int buckets_listed;             /* ListBuckets has answered (or failed) */
    int buckets_started;
    struct ts_strlist owned_buckets, trail_buckets, topics;
    char account_id[16], partition[16];
    struct aws_fault fatal;         /* identity or regions failed */
    int fatal_set;
    size_t max_listing_bytes;       /* all pages of one listing, as received */
    size_t max_total_bytes;         /* every answer stored, as received */
    size_t stored_bytes;
};

/* What the pages of one listing share: every token sent (a token seen
 * before means a loop, however long) and the bytes received so far. */
struct listing {
    struct ts_strlist tokens;
    size_t bytes;
};

/* How an operation pages: the lists to concatenate, the answer's token and
 * the request's name for it. */
struct paging {
    const char *operation;
    const char *lists[3];
    const char *token;          /* in the answer */
    const char *param;          /* in the request */
};

static const struct paging pagings[] = {
    {"DescribeLogGroups", {"logGroups"}, "nextToken", "nextToken"},
    {"DescribeMetricFilters", {"metricFilters"}, "nextToken", "nextToken"},
    {"DescribeAlarms", {"MetricAlarms", "CompositeAlarms"}, "NextToken", "NextToken"},
    {"ListSubscriptionsByTopic", {"Subscriptions"}, "NextToken", "NextToken"},
    {"ListBuckets", {"Buckets"}, "ContinuationToken", "continuation-token"},
};

static const struct paging *paging_of(const char *operation)
{
    for (size_t i = 0; i < sizeof(pagings) / sizeof(pagings[0]); i++)
        if (!strcmp(pagings[i].operation, operation))
            return &pagings[i];
    return NULL;
}

/* ---- bookkeeping ---- */

static struct region_state *region_state(struct collector *col, const char *name)
{
    for (size_t i = 0; i < col->nregions; i++)
        if (!strcmp(col->regions[i].name, name))
            return &col->regions[i];
    return NULL;
}

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

static int strlist_has(const struct ts_strlist *l, const char *s)
{
    for (size_t i = 0; i < l->count; i++)
        if (!strcmp(l->items[i], s))
            return 1;
    return 0;
}

static void launch(struct collector *col, struct aws_call *call)
{
    /* S3 calls are global, whichever region a bucket is read in. */
    struct region_state *rs = call->svc == &aws_s3 ? NULL : region_state(col, call->region);

    if (rs)
        rs->pending++;
    aws_call_start(call);
}

static void start(struct collector *col, const struct aws_service *svc, const char *region,
                  const char *operation, const char *params, const char *key,
                  aws_answer_fn fn)
{
    launch(col, aws_call_new(&col->client, svc, region, operation, params, key, fn, col));
}

static int is_global(const struct aws_call *call)
{
    return call->svc == &aws_s3;
}

/* Every answer passes here last: the region may now be complete. */
static void finished(struct collector *col, struct aws_call *call)
{
    struct region_state *rs = is_global(call) ? NULL : region_state(col, call->region);

    if (rs && rs->pending && --rs->pending == 0 && !rs->done) {
        rs->done = 1;
        col->regions_done++;
    }
    aws_call_free(call);
    report_progress(col);
}

/* Where a global service's calls are signed: the partition's first region. */
static const char *global_region(const struct collector *col)
{
    if (!strcmp(col->partition, "aws-cn"))
        return "cn-north-1";
    if (!strcmp(col->partition, "aws-us-gov"))
        return "us-gov-west-1";
    return "us-east-1";
}

/* The request for the page after call's: the same parameters and the
 * token (caller frees), or NULL if it cannot be built. */
static char *next_page_params(const struct aws_call *call, const struct paging *pg,
                              const char *token)
{
    char buf[4096] = "";

    if (call->svc->protocol == AWS_PROTO_JSON) {
        cJSON *req = cJSON_Parse(call->params[0] ? call->params : "{}");
        char *out;
        if (!cJSON_IsObject(req)) {
            cJSON_Delete(req);
            return NULL;
        }
        cJSON_DeleteItemFromObjectCaseSensitive(req, pg->param);
        cJSON_AddStringToObject(req, pg->param, token);
        out = cJSON_PrintUnformatted(req);
        cJSON_Delete(req);
        return out;
    }
    if (call->svc == &aws_s3) {
        snprintf(buf, sizeof(buf), "/?%s=", pg->param);
    } else {
        /* The token is always the last parameter: keep what precedes it. */
        char mark[64];
        const char *prev;
        size_t keep;
        snprintf(mark, sizeof(mark), "&%s=", pg->param);
        prev = strstr(call->params, mark);
        keep = prev ? (size_t)(prev - call->params) : strlen(call->params);
        if (keep + 64 > sizeof(buf))
            return NULL;
        snprintf(buf, sizeof(buf), "%.*s%s%s=", (int)keep, call->params, keep ? "&" : "",
                 pg->param);
    }
    return aws_form_encode(buf, sizeof(buf), token) == 0 ? ts_xstrdup(buf) : NULL;
}

/* A paginator that never ends (a token seen before, or pages without end)
 * is AWS misbehaving or a hostile endpoint: stop and say so. */
#define MAX_PAGES 10000

/* Real listings are a few MB; what the pages of one may add up to (the
 * snapshot loader reads 256 MiB in all).  TRAILSCAN_COLLECT_MAX_LISTING_BYTES
 * lowers it for tests. */
#define MAX_LISTING_BYTES ((size_t)64 << 20)

/* Answers past what a snapshot may hold (TS_MAX_SNAPSHOT_BYTES) are not
 * kept: memory stays bounded whatever the number of listings.
 * TRAILSCAN_COLLECT_MAX_BYTES lowers it for tests. */
#define MAX_TOTAL_BYTES TS_MAX_SNAPSHOT_BYTES

static void listing_free(struct listing *l)
{
    if (!l)
        return;
    ts_strlist_release(&l->tokens);
    free(l);
}

static void stop_paging(struct collector *col, const struct aws_call *call, const char *why)
{
    collect_store_error(&col->store, is_global(call) ? NULL : call->region, call->svc->id,
                        call->operation, call->key, "PaginationStopped", why);
}

/* Starts the page after call's, if answer names one.  Returns 1 if it did
 * (the listing goes with it); 0 at the end, or when paging had to stop
 * (then listed in errors). */
static int next_page(struct collector *col, struct aws_call *call, const struct paging *pg,
                     const cJSON *answer)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(answer, pg->token);
    struct listing *l = call->pages;
    struct aws_call *next;
    char *params;

    if (!cJSON_IsString(t) || !t->valuestring || !t->valuestring[0])
        return 0;
    if (l && strlist_has(&l->tokens, t->valuestring)) {
        stop_paging(col, call, "a page token came back a second time; the answer is"
                    " incomplete");
        return 0;
    }
    if (call->page + 1 >= MAX_PAGES) {
        stop_paging(col, call, "more than 10000 pages; the answer is incomplete");
        return 0;
    }
    params = next_page_params(call, pg, t->valuestring);
    if (!params) {
        stop_paging(col, call, "the page token is too long to send");
        return 0;
    }
    if (!l) {
        l = ts_xmalloc(sizeof(*l));
        memset(l, 0, sizeof(*l));
        ts_strlist_init(&l->tokens);
    }
    l->bytes += call->bytes;
    ts_strlist_push(&l->tokens, t->valuestring);
    next = aws_call_new(&col->client, call->svc, call->region, call->operation, params,
                        call->key, call->answer, col);
    next->page = call->page + 1;
    next->pages = l;
    call->pages = NULL;
    launch(col, next);
    free(params);
    return 1;
}

/* The answer if it may be used and stored; else NULL, with the reason
 * listed in errors.  An answer `validate` would refuse never reaches the
 * snapshot, nor starts other calls. */
static cJSON *checked(struct collector *col, struct aws_call *call, cJSON *answer)
{
    const struct listing *l = call->pages;
    const char *region = is_global(call) ? NULL : call->region;
    char why[1024], what[1100];

    if (!answer)
        return NULL;
    if (paging_of(call->operation) &&
        (l ? l->bytes : 0) + call->bytes > col->max_listing_bytes) {
        snprintf(why, sizeof(why), "the pages add up to more than %zu KiB; the answer is"
                 " incomplete", col->max_listing_bytes >> 10);
        stop_paging(col, call, why);
    } else if (col->stored_bytes + call->bytes > col->max_total_bytes) {
        snprintf(why, sizeof(why), "the answers add up to more than %zu KiB, more than a"
                 " snapshot may hold; not stored", col->max_total_bytes >> 10);
        collect_store_error(&col->store, region, call->svc->id, call->operation, call->key,
                            "AnswerTooLarge", why);
    } else if (collect_check_answer(NULL, NULL, region, call->svc->id, call->operation,
                                    call->key, answer, why, sizeof(why)) < 0) {
        snprintf(what, sizeof(what), "the answer is not what AWS sends: %s", why);
        collect_store_error(&col->store, region, call->svc->id, call->operation, call->key,
                            "InvalidResponse", what);
    } else {
        col->stored_bytes += call->bytes;
        return answer;
    }
    cJSON_Delete(answer);
    return NULL;
}

/* Stores answer (already checked) or lists fault (none: already listed),
 * and asks for the next page if there is one.  Returns 1 when a next page
 * was started. */
static int store(struct collector *col, struct aws_call *call, cJSON *answer,
                 const struct aws_fault *fault)
{
    const struct paging *pg = paging_of(call->operation);
    const char *region = is_global(call) ? NULL : call->region;
    const char *tokens[2] = {pg ? pg->token : NULL, NULL};
    int more = 0;

    if (!answer && fault)
        collect_store_error(&col->store, region, call->svc->id, call->operation, call->key,
                            fault->code, fault->message);
    if (answer) {
        more = pg && next_page(col, call, pg, answer);
        collect_store_answer(&col->store, region, call->svc->id, call->operation, call->key,
                             answer, call->page, pg ? pg->lists : NULL, tokens);
    }
    listing_free(call->pages);
    call->pages = NULL;
    return more;
}

/* ---- trail buckets: after every DescribeTrails and ListBuckets ---- */

static void on_plain(struct aws_call *call, cJSON *answer, const struct aws_fault *fault);

/* A bucket's settings, asked where the bucket lives. */
static void start_bucket_calls(struct collector *col, const char *bucket, const char *region)
{
    static const struct { const char *op, *sub; } calls[] = {
        {"GetBucketLogging", "logging"},
        {"GetBucketPolicyStatus", "policyStatus"},
        {"GetPublicAccessBlock", "publicAccessBlock"},
        {"GetBucketAcl", "acl"},
        {"GetBucketLifecycleConfiguration", "lifecycle"},
    };
    char path[512];

    for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
        snprintf(path, sizeof(path), "/");
        if (aws_form_encode(path, sizeof(path) - 32, bucket) < 0)
            return;
        strcat(path, "?");
        strcat(path, calls[i].sub);
        start(col, &aws_s3, region, calls[i].op, path, bucket, on_plain);
    }
}

static void on_location(struct aws_call *call, cJSON *answer, const struct aws_fault *fault)
{
    struct collector *col = call->ctx;
    const char *region = global_region(col);

    answer = checked(col, call, answer);
    if (answer) {
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(answer, "LocationConstraint");
        if (cJSON_IsString(c) && c->valuestring && aws_region_ok(c->valuestring))
            region = c->valuestring;
        else if (cJSON_IsString(c) && c->valuestring && !strcmp(c->valuestring, "EU"))
            region = "eu-west-1";
    }
    /* Without a location, S3's redirect names the region (aws_client.c). */
    start_bucket_calls(col, call->key, region);
    store(col, call, answer, fault);
    finished(col, call);
}

static void maybe_start_buckets(struct collector *col)
{
    if (col->trails_pending || !col->buckets_listed || col->buckets_started)
        return;
    col->buckets_started = 1;
    ts_strlist_sort(&col->trail_buckets);
    for (size_t i = 0; i < col->trail_buckets.count; i++) {
        const char *b = col->trail_buckets.items[i];
        char path[512] = "/";
        /* A bucket in another account is not ours to read: the rules say
         * they could not decide, which is the truth. */
        if (!strlist_has(&col->owned_buckets, b) ||
            aws_form_encode(path, sizeof(path) - 16, b) < 0)
            continue;
        strcat(path, "?location");
        start(col, &aws_s3, global_region(col), "GetBucketLocation", path, b, on_location);
    }
}

static void on_list_buckets(struct aws_call *call, cJSON *answer, const struct aws_fault *fault)
{
    struct collector *col = call->ctx;
    const cJSON *b, *list;

    answer = checked(col, call, answer);
    list = cJSON_GetObjectItemCaseSensitive(answer, "Buckets");
    cJSON_ArrayForEach(b, list) {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(b, "Name");
        if (cJSON_IsString(name) && name->valuestring)
            ts_strlist_push(&col->owned_buckets, name->valuestring);
    }
    if (!store(col, call, answer, fault)) {
        col->buckets_listed = 1;
        maybe_start_buckets(col);
    }
    finished(col, call);
}

/* ---- per region ---- */

static void on_plain(struct aws_call *call, cJSON *answer, const struct aws_fault *fault)
{
    struct collector *col = call->ctx;
    store(col, call, checked(col, call, answer), fault);
    finished(col, call);
}

static void on_trails(struct aws_call *call, cJSON *answer, const struct aws_fault *fault)
{
    struct collector *col = call->ctx;
    const cJSON *t, *list;

    answer = checked(col, call, answer);
    list = cJSON_GetObjectItemCaseSensitive(answer, "trailList");
    cJSON_ArrayForEach(t, list) {
        const cJSON *arn = cJSON_GetObjectItemCaseSensitive(t, "TrailARN");
        const cJSON *home = cJSON_GetObjectItemCaseSensitive(t, "HomeRegion");
        const cJSON *bucket = cJSON_GetObjectItemCaseSensitive(t, "S3BucketName");
        if (cJSON_IsString(bucket) && bucket->valuestring &&
            !strlist_has(&col->trail_buckets, bucket->valuestring))
            ts_strlist_push(&col->trail_buckets, bucket->valuestring);
        /* Status and selectors are read once, in the trail's home region
         * (shadow copies elsewhere point there). */
        if (cJSON_IsString(arn) && arn->valuestring && cJSON_IsString(home) &&
            home->valuestring && !strcmp(home->valuestring, call->region)) {
            cJSON *p = cJSON_CreateObject();
            char *params;
            cJSON_AddStringToObject(p, "Name", arn->valuestring);
            params = cJSON_PrintUnformatted(p);
            start(col, &aws_cloudtrail, call->region, "GetTrailStatus", params,
                  arn->valuestring, on_plain);
            free(params);
            cJSON_DeleteItemFromObjectCaseSensitive(p, "Name");
            cJSON_AddStringToObject(p, "TrailName", arn->valuestring);
            params = cJSON_PrintUnformatted(p);
            start(col, &aws_cloudtrail, call->region, "GetEventSelectors", params,
                  arn->valuestring, on_plain);
            free(params);
            cJSON_Delete(p);
        }
    }
    store(col, call, answer, fault);
    col->trails_pending--;
    maybe_start_buckets(col);
    finished(col, call);
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
                if (!arn || !strstr(arn, ":sns:") || strlist_has(&col->topics, arn))
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
                if (!region_state(col, region))
                    continue;
                ts_strlist_push(&col->topics, arn);
                start(col, &aws_sns, region, "ListSubscriptionsByTopic", params, arn,
                      on_plain);
            }
        }
    }
}

static void on_alarms(struct aws_call *call, cJSON *answer, const struct aws_fault *fault)
{
    struct collector *col = call->ctx;

    answer = checked(col, call, answer);
    start_topics(col, cJSON_GetObjectItemCaseSensitive(answer, "MetricAlarms"));
    start_topics(col, cJSON_GetObjectItemCaseSensitive(answer, "CompositeAlarms"));
    store(col, call, answer, fault);
    finished(col, call);
}

static void start_region(struct collector *col, const char *region)
{
    start(col, &aws_cloudtrail, region, "DescribeTrails", "{\"includeShadowTrails\":true}",
          NULL, on_trails);
    start(col, &aws_logs, region, "DescribeLogGroups", "{}", NULL, on_plain);
    start(col, &aws_logs, region, "DescribeMetricFilters", "{}", NULL, on_plain);
    /* Without AlarmTypes AWS lists metric alarms only. */
    start(col, &aws_cloudwatch, region, "DescribeAlarms",
          "{\"AlarmTypes\":[\"MetricAlarm\",\"CompositeAlarm\"]}", NULL, on_alarms);
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
    if (region_state(col, name) || !aws_region_ok(name) || !ts_snapshot_region_ok(name))
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
    start(col, &aws_s3, global_region(col), "ListBuckets", "/", NULL, on_list_buckets);
    for (size_t i = 0; i < col->nregions; i++)
        start_region(col, col->regions[i].name);
    return run(col, err);
}

/* A limit, or the lower one the environment variable name sets (tests). */
static size_t byte_limit(const char *name, size_t limit)
{
    const char *v = getenv(name);
    char *end;
    unsigned long long n = v ? strtoull(v, &end, 10) : 0;

    return v && *v && !*end && n > 0 && n < limit ? (size_t)n : limit;
}

char *collect_account(const struct collect_opts *o, unsigned *failures, struct ts_error *err)
{
    struct collector col;
    /* Real pages are well under 1 MB; XML answers are capped at 16 MiB too. */
    struct http_pool_opts po = {o->parallel, o->timeout_ms, 16u << 20};
    char *text = NULL;

    memset(&col, 0, sizeof(col));
    col.o = o;
    snprintf(col.partition, sizeof(col.partition), "%s", aws_partition_of(o->home_region));
    col.client.creds = o->creds;
    col.client.endpoint_url = o->endpoint_url;
    col.client.max_attempts = o->max_attempts ? o->max_attempts : 3;
    col.client.base_delay_ms = o->base_delay_ms;
    col.client.max_delay_ms = o->max_delay_ms;
    col.client.rng = (uint64_t)http_now_ms() * 0x9E3779B97F4A7C15u;
    col.max_listing_bytes = byte_limit("TRAILSCAN_COLLECT_MAX_LISTING_BYTES", MAX_LISTING_BYTES);
    col.max_total_bytes = byte_limit("TRAILSCAN_COLLECT_MAX_BYTES", MAX_TOTAL_BYTES);
    ts_strlist_init(&col.owned_buckets);
    ts_strlist_init(&col.trail_buckets);
    ts_strlist_init(&col.topics);
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
    free(col.regions);
    return text;
}

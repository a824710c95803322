/* Starting calls and keeping their answers (collect_calls.h). */
#include "aws/collect_calls.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/collect_check.h"
#include "util/file_read.h"

/* What the pages of one listing share: every token sent (a token seen
 * before means a loop, however long) and the bytes received so far. */
struct listing {
    struct ts_strlist tokens;
    size_t bytes;
};

/* How an operation pages: the lists to concatenate, the answer's token and
 * the request's name for it, and a member that only says more pages follow
 * (dropped from what is stored, as the AWS CLI does). */
struct paging {
    const char *operation;
    const char *lists[3];
    const char *token;          /* in the answer */
    const char *param;          /* in the request */
    const char *more;           /* or NULL */
};

static const struct paging pagings[] = {
    {"DescribeLogGroups", {"logGroups"}, "nextToken", "nextToken", NULL},
    {"DescribeMetricFilters", {"metricFilters"}, "nextToken", "nextToken", NULL},
    {"DescribeAlarms", {"MetricAlarms", "CompositeAlarms"}, "NextToken", "NextToken", NULL},
    {"ListSubscriptionsByTopic", {"Subscriptions"}, "NextToken", "NextToken", NULL},
    {"ListBuckets", {"Buckets"}, "ContinuationToken", "continuation-token", NULL},
    {"ListKeys", {"Keys"}, "NextMarker", "Marker", "Truncated"},
    {"DescribeVpcs", {"Vpcs"}, "NextToken", "NextToken", NULL},
    {"DescribeFlowLogs", {"FlowLogs"}, "NextToken", "NextToken", NULL},
    {"GetEnabledStandards", {"StandardsSubscriptions"}, "NextToken", "NextToken", NULL},
};

static const struct paging *paging_of(const char *operation)
{
    for (size_t i = 0; i < sizeof(pagings) / sizeof(pagings[0]); i++)
        if (!strcmp(pagings[i].operation, operation))
            return &pagings[i];
    return NULL;
}

/* ---- bookkeeping ---- */

struct region_state *collect_region_state(struct collector *col, const char *name)
{
    for (size_t i = 0; i < col->nregions; i++)
        if (!strcmp(col->regions[i].name, name))
            return &col->regions[i];
    return NULL;
}

int collect_strlist_has(const struct ts_strlist *l, const char *s)
{
    for (size_t i = 0; i < l->count; i++)
        if (!strcmp(l->items[i], s))
            return 1;
    return 0;
}

void collect_launch(struct collector *col, struct aws_call *call)
{
    /* S3 calls are global, whichever region a bucket is read in. */
    struct region_state *rs = collect_is_global(call) ? NULL
                                                      : collect_region_state(col, call->region);

    if (rs)
        rs->pending++;
    aws_call_start(call);
}

void collect_start(struct collector *col, const struct aws_service *svc, const char *region,
                  const char *operation, const char *params, const char *key,
                  aws_answer_fn fn)
{
    collect_launch(col, aws_call_new(&col->client, svc, region, operation, params, key, fn, col));
}

int collect_is_global(const struct aws_call *call)
{
    return call->svc == &aws_s3 || call->svc == &aws_s3control;
}

/* Every answer passes here last: the region may now be complete. */
void collect_finished(struct collector *col, struct aws_call *call)
{
    struct region_state *rs = collect_is_global(call) ? NULL
                                                      : collect_region_state(col, call->region);

    if (rs && rs->pending && --rs->pending == 0 && !rs->done) {
        rs->done = 1;
        col->regions_done++;
    }
    aws_call_free(call);
    col->progress(col);
}

/* Where a global service's calls are signed: the partition's first region. */
const char *collect_global_region(const struct collector *col)
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

    if (call->svc->protocol == AWS_PROTO_JSON || call->svc->protocol == AWS_PROTO_REST_JSON) {
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
    collect_store_error(&col->store, collect_is_global(call) ? NULL : call->region, call->svc->id,
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
    if (l && collect_strlist_has(&l->tokens, t->valuestring)) {
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
    collect_launch(col, next);
    free(params);
    return 1;
}

/* The answer if it may be used and stored; else NULL, with the reason
 * listed in errors.  An answer `validate` would refuse never reaches the
 * snapshot, nor starts other calls. */
cJSON *collect_checked(struct collector *col, struct aws_call *call, cJSON *answer)
{
    const struct listing *l = call->pages;
    const char *region = collect_is_global(call) ? NULL : call->region;
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
int collect_keep(struct collector *col, struct aws_call *call, cJSON *answer,
                 const struct aws_fault *fault)
{
    const struct paging *pg = paging_of(call->operation);
    const char *region = collect_is_global(call) ? NULL : call->region;
    const char *tokens[3] = {pg ? pg->token : NULL, pg ? pg->more : NULL, NULL};
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

void collect_on_plain(struct aws_call *call, cJSON *answer, const struct aws_fault *fault)
{
    struct collector *col = call->ctx;
    collect_keep(col, call, collect_checked(col, call, answer), fault);
    collect_finished(col, call);
}

char *collect_json_param(const char *name, const char *value)
{
    cJSON *p = cJSON_CreateObject();
    char *text = p && cJSON_AddStringToObject(p, name, value) ? cJSON_PrintUnformatted(p) : NULL;

    cJSON_Delete(p);
    if (!text) {
        fputs("trailscan: out of memory\n", stderr);
        exit(2);
    }
    return text;
}

/* A limit, or the lower one the environment variable name sets (tests). */
static size_t byte_limit(const char *name, size_t limit)
{
    const char *v = getenv(name);
    char *end;
    unsigned long long n = v ? strtoull(v, &end, 10) : 0;

    return v && *v && !*end && n > 0 && n < limit ? (size_t)n : limit;
}

void collect_set_limits(struct collector *col)
{
    col->max_listing_bytes = byte_limit("TRAILSCAN_COLLECT_MAX_LISTING_BYTES", MAX_LISTING_BYTES);
    col->max_total_bytes = byte_limit("TRAILSCAN_COLLECT_MAX_BYTES", MAX_TOTAL_BYTES);
}

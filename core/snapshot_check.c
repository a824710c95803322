/* The format checks of DESIGN.md section 2: the envelope fields, and the
 * type of every section and operation that is present.  Unknown services,
 * operations and fields are allowed (kept and ignored).  Every problem names
 * its JSON path and, where we know it, its line and column. */
#include "snapshot.h"
#include "json_doc.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include "timestamp.h"

struct check {
    struct ts_snapshot *s;
    struct ts_problems *problems;
};

/* Reports a problem with member `key` of `parent` (or parent itself). */
static void TS_PRINTF(5, 6) problem(struct check *c, const cJSON *parent, const char *key,
                                    const char *path, const char *fmt, ...)
{
    char what[768];
    unsigned line, col;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    if (ts_snapshot_member_position(c->s, parent, key, &line, &col) == 0)
        ts_problems_add(c->problems, "%s:%u:%u: %s: %s", c->s->path, line, col, path, what);
    else
        ts_problems_add(c->problems, "%s: %s: %s", c->s->path, path, what);
}

static const char *type_name(const cJSON *v)
{
    if (cJSON_IsObject(v)) return "an object";
    if (cJSON_IsArray(v)) return "an array";
    if (cJSON_IsString(v)) return "a string";
    if (cJSON_IsNumber(v)) return "a number";
    if (cJSON_IsBool(v)) return "a boolean";
    if (cJSON_IsNull(v)) return "null";
    return "invalid";
}

static void join(char *out, size_t n, const char *path, const char *key)
{
    snprintf(out, n, "%.250s%s%.250s", path, *path ? "." : "", key);
}

/* Checks that parent.key, if present, is an object (or array); returns it. */
static const cJSON *want(struct check *c, const cJSON *parent, const char *key,
                         const char *path, int array)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(parent, key);
    char p[512];

    if (!v || cJSON_IsNull(v))
        return NULL;
    if (array ? cJSON_IsArray(v) : cJSON_IsObject(v))
        return v;
    join(p, sizeof(p), path, key);
    problem(c, parent, key, p, "expected %s, found %s", array ? "an array" : "an object",
            type_name(v));
    return NULL;
}

/* ---- operations ---------------------------------------------------------- */

enum op_shape {
    OP_LIST,       /* response object whose `member` is an array of objects */
    OP_KEYED,      /* object: identifier -> response object */
    OP_KEYED_LIST  /* object: identifier -> response with `member` array */
};

struct op_spec {
    const char *service, *operation;
    enum op_shape shape;
    const char *member;
    const char *const *timestamps; /* fields of each item that hold times */
};

static const char *const trail_status_times[] = {
    "LatestDeliveryTime", "LatestNotificationTime", "StartLoggingTime", "StopLoggingTime",
    "LatestCloudWatchLogsDeliveryTime", "LatestDigestDeliveryTime", NULL};
static const char *const log_group_times[] = {"creationTime", NULL};
static const char *const filter_times[] = {"creationTime", NULL};
static const char *const bucket_times[] = {"CreationDate", NULL};
static const char *const alarm_times[] = {"StateUpdatedTimestamp",
                                          "AlarmConfigurationUpdatedTimestamp", NULL};

static const struct op_spec op_specs[] = {
    {"cloudtrail", "DescribeTrails", OP_LIST, "trailList", NULL},
    {"cloudtrail", "ListTrails", OP_LIST, "Trails", NULL},
    {"cloudtrail", "GetTrailStatus", OP_KEYED, NULL, trail_status_times},
    {"cloudtrail", "GetEventSelectors", OP_KEYED, NULL, NULL},
    {"cloudtrail", "GetInsightSelectors", OP_KEYED, NULL, NULL},
    {"logs", "DescribeLogGroups", OP_LIST, "logGroups", log_group_times},
    {"logs", "DescribeMetricFilters", OP_LIST, "metricFilters", filter_times},
    {"cloudwatch", "DescribeAlarms", OP_LIST, "MetricAlarms", alarm_times},
    {"sns", "ListTopics", OP_LIST, "Topics", NULL},
    {"sns", "ListSubscriptionsByTopic", OP_KEYED_LIST, "Subscriptions", NULL},
    {"sns", "GetTopicAttributes", OP_KEYED, NULL, NULL},
    {"s3", "ListBuckets", OP_LIST, "Buckets", bucket_times},
    {"s3", "GetBucketLogging", OP_KEYED, NULL, NULL},
    {"s3", "GetBucketPolicyStatus", OP_KEYED, NULL, NULL},
    {"s3", "GetPublicAccessBlock", OP_KEYED, NULL, NULL},
    {"s3", "GetBucketLifecycleConfiguration", OP_KEYED, NULL, NULL},
    {"s3", "GetBucketAcl", OP_KEYED, NULL, NULL},
    {"s3", "GetBucketPolicy", OP_KEYED, NULL, NULL},
    {"s3", "GetBucketLocation", OP_KEYED, NULL, NULL},
};

static const struct op_spec *find_op(const char *service, const char *op)
{
    for (size_t i = 0; i < sizeof(op_specs) / sizeof(op_specs[0]); i++)
        if (!strcmp(op_specs[i].service, service) && !strcmp(op_specs[i].operation, op))
            return &op_specs[i];
    return NULL;
}

/* Checks the timestamp fields of item.  Its path is built only for a
 * message: "<path>[index]" when index >= 0, else "<path>". */
static void check_timestamps(struct check *c, const cJSON *item, const char *path, int index,
                             const char *const *fields)
{
    char p[512];
    double t;

    for (; fields && *fields; fields++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(item, *fields);
        if (!v || cJSON_IsNull(v) || cJSON_IsNumber(v))
            continue;
        if (cJSON_IsString(v) && ts_timestamp_parse(v->valuestring, &t) == 0)
            continue;
        if (index >= 0)
            snprintf(p, sizeof(p), "%.400s[%d].%.64s", path, index, *fields);
        else
            snprintf(p, sizeof(p), "%.400s.%.64s", path, *fields);
        if (!cJSON_IsString(v))
            problem(c, item, *fields, p, "expected a timestamp (epoch seconds or ISO 8601), found %s",
                    type_name(v));
        else
            problem(c, item, *fields, p, "'%.64s' is not an ISO 8601 timestamp"
                    " (like 2026-11-25T12:00:00Z)", v->valuestring);
    }
}

/* A response whose `member` holds an array of objects. */
static void check_list(struct check *c, const cJSON *resp, const char *path,
                       const struct op_spec *spec)
{
    const cJSON *list = want(c, resp, spec->member, path, 1), *item;
    char p[512], q[600];
    int i = 0;

    if (!list)
        return;
    snprintf(p, sizeof(p), "%.250s.%.250s", path, spec->member);
    cJSON_ArrayForEach(item, list) {
        if (!cJSON_IsObject(item)) {
            snprintf(q, sizeof(q), "%s[%d]", p, i);
            problem(c, list, NULL, q, "expected an object, found %s", type_name(item));
        } else if (spec->timestamps)
            check_timestamps(c, item, p, i, spec->timestamps);
        i++;
    }
}

static void check_operation(struct check *c, const cJSON *svc, const cJSON *op,
                            const char *service, const char *path)
{
    const struct op_spec *spec = find_op(service, op->string);
    const cJSON *entry;
    char p[512];

    if (!cJSON_IsObject(op)) {
        problem(c, svc, op->string, path, "expected an object (the response), found %s",
                type_name(op));
        return;
    }
    if (!spec)
        return; /* an operation we do not know: kept and ignored */
    if (spec->shape == OP_LIST) {
        check_list(c, op, path, spec);
        return;
    }
    cJSON_ArrayForEach(entry, op) {
        join(p, sizeof(p), path, entry->string);
        if (!cJSON_IsObject(entry)) {
            problem(c, op, entry->string, p, "expected an object (the response for '%.200s'),"
                    " found %s", entry->string, type_name(entry));
            continue;
        }
        if (spec->shape == OP_KEYED_LIST)
            check_list(c, entry, p, spec);
        else if (spec->timestamps)
            check_timestamps(c, entry, p, -1, spec->timestamps);
    }
}

static void check_services(struct check *c, const cJSON *services, const char *path)
{
    const cJSON *svc, *op;
    char p[512], q[512];

    cJSON_ArrayForEach(svc, services) {
        join(p, sizeof(p), path, svc->string);
        if (cJSON_IsNull(svc))
            continue;
        if (!cJSON_IsObject(svc)) {
            problem(c, services, svc->string, p, "expected an object, found %s", type_name(svc));
            continue;
        }
        cJSON_ArrayForEach(op, svc) {
            join(q, sizeof(q), p, op->string);
            check_operation(c, svc, op, svc->string, q);
        }
    }
}

/* ---- envelope ------------------------------------------------------------ */

/* AWS region names: us-east-1, us-gov-west-1, cn-north-1, eu-central-2... */
static int region_name_ok(const char *r)
{
    const char *p = r;
    int parts = 0;

    for (;;) {
        const char *start = p;
        while (islower((unsigned char)*p))
            p++;
        if (p == start)
            break;
        parts++;
        if (*p != '-')
            return 0;
        p++;
    }
    if (parts < 2 || !isdigit((unsigned char)*p))
        return 0;
    while (isdigit((unsigned char)*p))
        p++;
    return *p == '\0';
}

static void check_regions(struct check *c, const cJSON *root)
{
    const cJSON *regions = want(c, root, "regions", "", 0), *r;
    char p[512];

    if (!regions) {
        if (!cJSON_GetObjectItemCaseSensitive(root, "regions"))
            problem(c, root, NULL, "regions", "missing (an object of regions)");
        return;
    }
    cJSON_ArrayForEach(r, regions) {
        snprintf(p, sizeof(p), "regions.%s", r->string);
        if (!region_name_ok(r->string))
            problem(c, regions, r->string, p, "'%.64s' is not an AWS region name", r->string);
        if (!cJSON_IsObject(r))
            problem(c, regions, r->string, p, "expected an object, found %s", type_name(r));
        else
            check_services(c, r, p);
    }
}

static void check_errors(struct check *c, const cJSON *root)
{
    static const char *const required[] = {"service", "operation", "code", NULL};
    static const char *const optional[] = {"region", "key", "message", NULL};
    const cJSON *errors = want(c, root, "errors", "", 1), *e;
    char p[512], q[600];
    int i = 0;

    cJSON_ArrayForEach(e, errors) {
        snprintf(p, sizeof(p), "errors[%d]", i++);
        if (!cJSON_IsObject(e)) {
            problem(c, errors, NULL, p, "expected an object, found %s", type_name(e));
            continue;
        }
        for (const char *const *f = required; *f; f++) {
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, *f);
            snprintf(q, sizeof(q), "%s.%s", p, *f);
            if (!cJSON_IsString(v))
                problem(c, e, *f, q, v ? "expected a string, found %s" : "missing%s",
                        v ? type_name(v) : "");
        }
        for (const char *const *f = optional; *f; f++) {
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, *f);
            snprintf(q, sizeof(q), "%s.%s", p, *f);
            if (v && !cJSON_IsNull(v) && !cJSON_IsString(v))
                problem(c, e, *f, q, "expected a string, found %s", type_name(v));
        }
    }
}

static const char *string_field(struct check *c, const cJSON *root, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);

    if (!v) {
        problem(c, root, NULL, key, "missing");
        return NULL;
    }
    if (!cJSON_IsString(v) || !v->valuestring) {
        problem(c, root, key, key, "expected a string, found %s", type_name(v));
        return NULL;
    }
    return v->valuestring;
}

static int all_digits(const char *s, size_t n)
{
    if (strlen(s) != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

static void check_envelope(struct check *c, const cJSON *root)
{
    static const char *const partitions[] = {"aws", "aws-cn", "aws-us-gov", "aws-iso",
        "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc", NULL};
    const cJSON *acct = cJSON_GetObjectItemCaseSensitive(root, "account_id");
    const char *v;

    if ((v = string_field(c, root, "format")) && strcmp(v, TS_SNAPSHOT_FORMAT) != 0)
        problem(c, root, "format", "format", "unsupported format '%.64s' (this trailscan reads %s)",
                v, TS_SNAPSHOT_FORMAT);
    if (cJSON_IsNumber(acct))
        problem(c, root, "account_id", "account_id", "must be a string of 12 digits, not a"
                " number (quote it: numbers lose leading zeros)");
    else if ((v = string_field(c, root, "account_id")) && !all_digits(v, 12))
        problem(c, root, "account_id", "account_id", "'%.64s' is not 12 digits", v);
    else
        c->s->account_id = v;
    if ((v = string_field(c, root, "partition"))) {
        const char *const *p = partitions;
        while (*p && strcmp(*p, v))
            p++;
        if (!*p)
            problem(c, root, "partition", "partition", "unknown partition '%.64s'"
                    " (aws, aws-cn, aws-us-gov, ...)", v);
        else
            c->s->partition = v;
    }
    if ((v = string_field(c, root, "collected_at"))) {
        if (ts_timestamp_parse(v, &c->s->collected_epoch) < 0)
            problem(c, root, "collected_at", "collected_at", "'%.64s' is not an RFC 3339"
                    " timestamp (like 2026-11-25T12:00:00Z)", v);
        else
            c->s->collected_at = v;
    }
}

/* A member given twice is ambiguous (tools disagree on which counts), and
 * AWS never sends one: refuse it, wherever it is.  Nesting is bounded by
 * the scan's depth limit, so the recursion is too. */
static void check_duplicates(struct check *c, const cJSON *node)
{
    const cJSON *child;
    const char *dup;

    if (cJSON_IsObject(node) && (dup = ts_json_duplicate_key(node)) != NULL)
        problem(c, node, NULL, "(object)", "member '%.200s' appears more than once", dup);
    cJSON_ArrayForEach(child, node)
        if (cJSON_IsObject(child) || cJSON_IsArray(child))
            check_duplicates(c, child);
}

void ts_snapshot_check(struct ts_snapshot *s, struct ts_problems *problems)
{
    struct check c = {s, problems};
    const cJSON *root = s->root, *global, *collector;

    if (!cJSON_IsObject(root)) {
        ts_problems_add(problems, "%s:%u:%u: expected a snapshot object at the top, found %s",
                        s->path, 1u, 1u, type_name(root));
        return;
    }
    check_envelope(&c, root);
    if ((collector = want(&c, root, "collector", "", 0))) {
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(collector, "name");
        if (n && !cJSON_IsString(n))
            problem(&c, collector, "name", "collector.name", "expected a string, found %s",
                    type_name(n));
    }
    check_regions(&c, root);
    if ((global = want(&c, root, "global", "", 0)))
        check_services(&c, global, "global");
    check_errors(&c, root);
    check_duplicates(&c, root);
}

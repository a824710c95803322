/* Assembling the snapshot from answers that arrive in any order. */
#include "aws/collect_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/error.h"
#include "json/json_pos.h"

static cJSON *must(cJSON *item)
{
    if (!item) {
        fputs("trailscan: out of memory\n", stderr);
        exit(2);
    }
    return item;
}

void collect_store_init(struct collect_store *s)
{
    char now[32];
    time_t t = time(NULL);
    struct tm tm;
    cJSON *collector;

    gmtime_r(&t, &tm);
    strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
    s->root = must(cJSON_CreateObject());
    cJSON_AddStringToObject(s->root, "format", "trailscan-snapshot/1");
    cJSON_AddStringToObject(s->root, "account_id", "");
    cJSON_AddStringToObject(s->root, "partition", "aws");
    cJSON_AddStringToObject(s->root, "collected_at", now);
    collector = must(cJSON_AddObjectToObject(s->root, "collector"));
    cJSON_AddStringToObject(collector, "name", "trailscan");
    cJSON_AddStringToObject(collector, "version", TRAILSCAN_VERSION);
    s->regions = must(cJSON_AddObjectToObject(s->root, "regions"));
    s->global = must(cJSON_AddObjectToObject(s->root, "global"));
    s->errors = must(cJSON_AddArrayToObject(s->root, "errors"));
    s->failures = 0;
}

void collect_store_release(struct collect_store *s)
{
    cJSON_Delete(s->root);
    memset(s, 0, sizeof(*s));
}

void collect_store_identity(struct collect_store *s, const char *account_id,
                            const char *partition)
{
    cJSON_ReplaceItemInObjectCaseSensitive(s->root, "account_id",
                                           must(cJSON_CreateString(account_id)));
    cJSON_ReplaceItemInObjectCaseSensitive(s->root, "partition",
                                           must(cJSON_CreateString(partition)));
}

/* Puts item (named) right after `collector`, where DESIGN.md shows it. */
static void add_after_collector(cJSON *root, const char *name, cJSON *item)
{
    cJSON *at = cJSON_GetObjectItemCaseSensitive(root, "collector");

    cJSON_DeleteItemFromObjectCaseSensitive(root, name);
    cJSON_AddItemToObject(root, name, item);
    if (!at || !at->next || at->next == item)
        return;
    cJSON_DetachItemViaPointer(root, item);
    item->next = at->next;
    item->prev = at;
    at->next->prev = item;
    at->next = item;
}

void collect_store_org(struct collect_store *s, const char *name, const char *org_id,
                       const char *management_id)
{
    cJSON *org;

    if (org_id) {
        org = must(cJSON_CreateObject());
        must(cJSON_AddStringToObject(org, "id", org_id));
        must(cJSON_AddStringToObject(org, "management_account_id",
                                     management_id ? management_id : ""));
        add_after_collector(s->root, "organization", org);
    }
    if (name)
        add_after_collector(s->root, "account_name", must(cJSON_CreateString(name)));
}

static cJSON *child_object(cJSON *parent, const char *name)
{
    cJSON *c = cJSON_GetObjectItemCaseSensitive(parent, name);
    if (cJSON_IsObject(c))
        return c;
    return must(cJSON_AddObjectToObject(parent, name));
}

cJSON *collect_store_service(struct collect_store *s, const char *region, const char *service)
{
    cJSON *parent = region ? child_object(s->regions, region) : s->global;
    return child_object(parent, service);
}

/* Appends every item of page's list name to stored's. */
static void append_list(cJSON *stored, cJSON *page, const char *name)
{
    cJSON *from = cJSON_GetObjectItemCaseSensitive(page, name);
    cJSON *to = cJSON_GetObjectItemCaseSensitive(stored, name);

    if (!cJSON_IsArray(from))
        return;
    if (!to) {
        cJSON_AddItemToObject(stored, name, cJSON_DetachItemViaPointer(page, from));
        return;
    }
    if (!cJSON_IsArray(to)) { /* null on the first page: replaced, never a second member */
        cJSON_ReplaceItemViaPointer(stored, to, cJSON_DetachItemViaPointer(page, from));
        return;
    }
    while (from->child)
        cJSON_AddItemToArray(to, cJSON_DetachItemViaPointer(from, from->child));
}

void collect_store_answer(struct collect_store *s, const char *region, const char *service,
                          const char *operation, const char *key, cJSON *answer,
                          unsigned page, const char *const *lists,
                          const char *const *tokens)
{
    cJSON *parent = collect_store_service(s, region, service);
    cJSON *stored;

    for (const char *const *t = tokens; t && *t; t++)
        cJSON_DeleteItemFromObjectCaseSensitive(answer, *t);
    if (key)
        parent = child_object(parent, operation);
    stored = cJSON_GetObjectItemCaseSensitive(parent, key ? key : operation);
    if (page > 0 && cJSON_IsObject(stored)) {
        for (const char *const *l = lists; l && *l; l++)
            append_list(stored, answer, *l);
        cJSON_Delete(answer);
        return;
    }
    if (stored)
        cJSON_DeleteItemFromObjectCaseSensitive(parent, key ? key : operation);
    cJSON_AddItemToObject(parent, key ? key : operation, answer);
}

/* text as valid UTF-8 (caller frees): codes and messages come from the
 * server, and are cut to fit wherever they pass, maybe inside a character. */
static char *valid_utf8(const char *text)
{
    size_t len = strlen(text), o = 0;
    char *out = ts_xmalloc(len + 1);

    for (size_t i = 0; i < len;) {
        size_t n = ts_utf8_seq_len((const unsigned char *)text + i, len - i);
        if (n == 0) {
            out[o++] = '?';
            i++;
            continue;
        }
        memcpy(out + o, text + i, n);
        o += n;
        i += n;
    }
    out[o] = '\0';
    return out;
}

static void add_text(cJSON *e, const char *name, const char *text)
{
    char *v = valid_utf8(text);
    must(cJSON_AddStringToObject(e, name, v));
    free(v);
}

static const char *const absence_codes[] = {
    "NoSuchLifecycleConfiguration", "NoSuchPublicAccessBlockConfiguration",
    "NoSuchBucketPolicy",
    /* Security Hub's "not subscribed": the hub's absence, which its rule reads. */
    "InvalidAccessException", NULL};

int collect_store_code_partial(const char *code)
{
    for (const char *const *c = absence_codes; *c; c++)
        if (!strcmp(code, *c))
            return 0;
    return 1;
}

void collect_store_error(struct collect_store *s, const char *region, const char *service,
                         const char *operation, const char *key, const char *code,
                         const char *message)
{
    cJSON *e = must(cJSON_CreateObject());

    if (region)
        cJSON_AddStringToObject(e, "region", region);
    cJSON_AddStringToObject(e, "service", service);
    cJSON_AddStringToObject(e, "operation", operation);
    if (key)
        cJSON_AddStringToObject(e, "key", key);
    add_text(e, "code", code);
    if (message && *message)
        add_text(e, "message", message);
    cJSON_AddItemToArray(s->errors, e);
    if (collect_store_code_partial(code))
        s->failures++;
}

/* ---- a stable order ---- */

static int by_name(const void *a, const void *b)
{
    const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
    return strcmp(x->string, y->string);
}

static const char *field(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(v) && v->valuestring ? v->valuestring : "";
}

static int by_error(const void *a, const void *b)
{
    const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
    static const char *const keys[] = {"region", "service", "operation", "key", NULL};
    for (const char *const *k = keys; *k; k++) {
        int c = strcmp(field(x, *k), field(y, *k));
        if (c)
            return c;
    }
    return 0;
}

/* Relinks a container's children in cmp order. */
static void sort_children(cJSON *c, int (*cmp)(const void *, const void *))
{
    size_t n = 0, i = 0;
    cJSON **items, *it;

    for (it = c->child; it; it = it->next)
        n++;
    if (n < 2)
        return;
    items = ts_xmalloc(n * sizeof(*items));
    for (it = c->child; it; it = it->next)
        items[i++] = it;
    qsort(items, n, sizeof(*items), cmp);
    for (i = 0; i < n; i++) {
        items[i]->prev = i ? items[i - 1] : items[n - 1];  /* cJSON: head->prev is the tail */
        items[i]->next = i + 1 < n ? items[i + 1] : NULL;
    }
    c->child = items[0];
    free(items);
}

/* Per-resource maps (keyed by ARN or bucket) are the objects below an
 * operation whose answers are objects keyed by name. */
static int keyed_operation(const char *op)
{
    static const char *const ops[] = {"GetTrailStatus", "GetEventSelectors",
        "ListSubscriptionsByTopic", "GetBucketLogging", "GetBucketPolicyStatus",
        "GetPublicAccessBlock", "GetBucketAcl", "GetBucketLifecycleConfiguration",
        "GetBucketLocation", "DescribeKey", "GetKeyRotationStatus", NULL};
    for (const char *const *o = ops; *o; o++)
        if (!strcmp(op, *o))
            return 1;
    return 0;
}

static void sort_services(cJSON *services)
{
    cJSON *svc, *op;
    sort_children(services, by_name);
    cJSON_ArrayForEach(svc, services) {
        sort_children(svc, by_name);
        cJSON_ArrayForEach(op, svc)
            if (keyed_operation(op->string))
                sort_children(op, by_name);
    }
}

char *collect_store_finish(struct collect_store *s)
{
    cJSON *r;

    sort_children(s->regions, by_name);
    cJSON_ArrayForEach(r, s->regions)
        sort_services(r);
    sort_services(s->global);
    sort_children(s->errors, by_error);
    return cJSON_Print(s->root);
}

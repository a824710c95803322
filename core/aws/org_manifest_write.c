/* The manifest as JSON.  Names and AWS's messages are made valid UTF-8
 * without control characters first: `validate` refuses the rest. */
#include "aws/org_manifest_write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "util/text.h"

static cJSON *must(cJSON *item)
{
    if (!item) {
        fputs("trailscan: out of memory\n", stderr);
        exit(2);
    }
    return item;
}

static void add_clean(cJSON *o, const char *name, const char *text)
{
    char *v = ts_clean_line(text, strlen(text));
    must(cJSON_AddStringToObject(o, name, v));
    free(v);
}

static cJSON *entry(const struct org_entry *e)
{
    cJSON *a = must(cJSON_CreateObject()), *err;

    must(cJSON_AddStringToObject(a, "id", e->acct->id));
    if (e->acct->name)
        must(cJSON_AddStringToObject(a, "name", e->acct->name));
    switch (e->status) {
    case ORG_COLLECTED:
        must(cJSON_AddStringToObject(a, "status", "collected"));
        must(cJSON_AddStringToObject(a, "file", e->file));
        /* Partial: the calls that failed are in the snapshot's errors. */
        if (e->failed_calls)
            must(cJSON_AddNumberToObject(a, "failed_calls", e->failed_calls));
        break;
    case ORG_FAILED:
    case ORG_TODO:  /* never left so by a finished run; said as failed if it were */
        must(cJSON_AddStringToObject(a, "status", "failed"));
        err = must(cJSON_AddObjectToObject(a, "error"));
        add_clean(err, "code", e->fault.code[0] ? e->fault.code : "NotCollected");
        if (e->fault.message[0])
            add_clean(err, "message", e->fault.message);
        break;
    case ORG_SKIPPED:
        must(cJSON_AddStringToObject(a, "status", "skipped"));
        add_clean(a, "reason", e->reason);
        break;
    }
    return a;
}

char *org_manifest_text(const struct org_listing *l, const struct org_plan *p,
                        unsigned shard_k, unsigned shard_n, const char *collected_at)
{
    cJSON *root = must(cJSON_CreateObject()), *org, *list, *shard;
    char *text;

    must(cJSON_AddStringToObject(root, "format", TS_ORG_FORMAT));
    org = must(cJSON_AddObjectToObject(root, "organization"));
    must(cJSON_AddStringToObject(org, "id", l->org_id));
    must(cJSON_AddStringToObject(org, "management_account_id", l->management_id));
    must(cJSON_AddStringToObject(root, "collected_at", collected_at));
    if (shard_n) {
        shard = must(cJSON_AddObjectToObject(root, "shard"));
        must(cJSON_AddNumberToObject(shard, "index", shard_k));
        must(cJSON_AddNumberToObject(shard, "count", shard_n));
    }
    list = must(cJSON_AddArrayToObject(root, "accounts"));
    for (size_t i = 0; i < p->count; i++)
        cJSON_AddItemToArray(list, entry(&p->entries[i]));
    text = cJSON_Print(root);
    cJSON_Delete(root);
    if (text) { /* a text file ends with a newline (cat, diff, git) */
        size_t n = strlen(text);
        char *t = malloc(n + 2);
        if (t) {
            memcpy(t, text, n);
            memcpy(t + n, "\n", 2);
        }
        cJSON_free(text);
        text = t;
    }
    return text;
}

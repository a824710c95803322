/* Answers checked by the snapshot loader before they are stored. */
#include "aws/collect_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/file_read.h"
#include "snapshot/snapshot_load.h"

/* The first problem without the "answer:line:col: " that leads it: the
 * positions are in a text the user never sees. */
static void first_problem(const struct ts_problems *p, const char *label, char *out, size_t n)
{
    const char *m = p->count ? p->items[0] : "refused";
    size_t skip = strlen(label);

    if (!strncmp(m, label, skip)) {
        m += skip;
        while (*m == ':' || (*m >= '0' && *m <= '9'))
            m++;
        while (*m == ' ')
            m++;
    }
    snprintf(out, n, "%s", m);
}

/* Loads text as a snapshot; 0, or -1 with the first problem in why. */
static int load_check(const char *label, const char *text, size_t len, char *why, size_t n)
{
    struct ts_snapshot s;
    struct ts_problems problems;
    int rc;

    ts_snapshot_init(&s);
    ts_problems_init(&problems);
    rc = ts_snapshot_load_text(&s, label, text, len, &problems);
    if (rc < 0)
        first_problem(&problems, label, why, n);
    ts_problems_release(&problems);
    ts_snapshot_release(&s);
    return rc;
}

static cJSON *add_object(cJSON *parent, const char *name)
{
    return cJSON_AddObjectToObject(parent, name);
}

int collect_check_answer(const char *account_id, const char *partition,
                         const char *region, const char *service,
                         const char *operation, const char *key,
                         const cJSON *answer, char *why, size_t n)
{
    cJSON *root = cJSON_CreateObject(), *at;
    char *text = NULL;
    int rc = -1;

    snprintf(why, n, "out of memory checking the answer");
    if (!root)
        return -1;
    cJSON_AddStringToObject(root, "format", TS_SNAPSHOT_FORMAT);
    cJSON_AddStringToObject(root, "account_id", account_id ? account_id : "000000000000");
    cJSON_AddStringToObject(root, "partition", partition ? partition : "aws");
    cJSON_AddStringToObject(root, "collected_at", "2026-01-01T00:00:00Z");
    cJSON_AddArrayToObject(root, "errors");
    /* The answer where collect_store puts it: the same depth, the same
     * shape checks.  A reference: the answer stays the caller's. */
    at = add_object(root, region ? "regions" : "global");
    if (region)
        at = add_object(at, region);
    at = add_object(at, service);
    if (key)
        at = add_object(at, operation);
    if (!at || !cJSON_AddItemReferenceToObject(at, key ? key : operation, (cJSON *)answer))
        goto out;
    if (!region && !cJSON_AddObjectToObject(root, "regions"))
        goto out;
    text = cJSON_PrintUnformatted(root);
    if (!text)
        goto out;
    rc = load_check("answer", text, strlen(text), why, n);
out:
    free(text);
    cJSON_Delete(root);
    return rc;
}

int collect_check_snapshot(const char *text, size_t len, struct ts_error *err)
{
    char why[1024];

    if (len > TS_MAX_SNAPSHOT_BYTES)
        return ts_error_set(err, "the snapshot would be %zu MiB, more than the %zu MiB"
                            " trailscan reads", len >> 20, TS_MAX_SNAPSHOT_BYTES >> 20);
    if (load_check("snapshot", text, len, why, sizeof(why)) < 0)
        return ts_error_set(err, "the snapshot would not load: %s", why);
    return 0;
}

/* An earlier run's snapshot, checked as `validate` checks it, then read
 * for its account, organisation and errors. */
#include "aws/org_existing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "aws/collect_check.h"
#include "aws/collect_store.h"
#include "util/file_read.h"

static const char *string_of(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(v) && v->valuestring ? v->valuestring : NULL;
}

/* 1 if an error the snapshot lists makes it partial. */
static int partial(const cJSON *root)
{
    const cJSON *e;

    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(root, "errors")) {
        const char *code = string_of(e, "code");
        if (!code || collect_store_code_partial(code))
            return 1;
    }
    return 0;
}

/* 1 if the snapshot holds every region this run collects: the ones named
 * (regions), or, with none named, every region its own DescribeRegions
 * answer (global.ec2) lists as enabled; a snapshot collected with --region
 * has no such answer, so it cannot show it holds them all. */
static int covers_regions(const cJSON *root, const char *const *regions, char *why, size_t n)
{
    const cJSON *have = cJSON_GetObjectItemCaseSensitive(root, "regions"), *r, *ec2;

    if (regions) {
        for (; *regions; regions++)
            if (!cJSON_GetObjectItemCaseSensitive(have, *regions)) {
                snprintf(why, n, "it lacks region %.40s", *regions);
                return 0;
            }
        return 1;
    }
    ec2 = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "global"),
                                           "ec2");
    r = cJSON_GetObjectItemCaseSensitive(ec2, "DescribeRegions");
    if (!cJSON_IsObject(r)) {
        snprintf(why, n, "it was collected with --region, not every enabled region");
        return 0;
    }
    cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(r, "Regions")) {
        const char *name = string_of(r, "RegionName"), *opt = string_of(r, "OptInStatus");
        if (name && !(opt && !strcmp(opt, "not-opted-in"))
            && !cJSON_GetObjectItemCaseSensitive(have, name)) {
            snprintf(why, n, "it lacks region %.40s", name);
            return 0;
        }
    }
    return 1;
}

int org_existing_complete(const char *path, const char *id, const char *org_id,
                          const char *const *regions, char *why, size_t n)
{
    struct ts_error err;
    cJSON *root = NULL;
    const char *acct, *org;
    char *text = NULL;
    size_t len;
    int ok = 0;

    if (ts_file_read(path, TS_MAX_SNAPSHOT_BYTES, &text, &len, &err) < 0) {
        snprintf(why, n, "%s", err.msg);
        goto out;
    }
    if (collect_check_snapshot(text, len, &err) < 0) {
        snprintf(why, n, "%s", err.msg);
        goto out;
    }
    root = cJSON_ParseWithLength(text, len);
    acct = string_of(root, "account_id");
    org = string_of(cJSON_GetObjectItemCaseSensitive(root, "organization"), "id");
    if (!acct || strcmp(acct, id))
        snprintf(why, n, "it is account %.16s's", acct ? acct : "?");
    else if (org && org_id && strcmp(org, org_id))
        snprintf(why, n, "it is of organization %.40s", org);
    else if (partial(root))
        snprintf(why, n, "it is partial (calls listed in its errors)");
    else
        ok = covers_regions(root, regions, why, n);
out:
    cJSON_Delete(root);
    free(text);
    return ok;
}

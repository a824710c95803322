/* The organisation's folder on disk. */
#include "aws/org_folder.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cjson/cJSON.h>

#include "aws/org_existing.h"
#include "aws/org_manifest_write.h"
#include "util/dir_list.h"
#include "util/file_read.h"
#include "util/output.h"

/* "share K/N" or "a whole run" into buf: what a manifest covers. */
static const char *share_text(unsigned k, unsigned n, char *buf, size_t size)
{
    if (n)
        snprintf(buf, size, "share %u/%u", k, n);
    else
        snprintf(buf, size, "a whole run (no --shard)");
    return buf;
}

/* The share an earlier manifest at path covers, or -1 when there is no
 * manifest there (none, unreadable, another format: replaced). */
static int earlier_share(const char *path, unsigned *k, unsigned *n)
{
    const cJSON *shard, *ki, *ni, *format;
    struct ts_error err;
    char *text = NULL;
    cJSON *m = NULL;
    size_t len;
    int rc = -1;

    *k = *n = 0;
    if (access(path, F_OK) < 0 || ts_file_read(path, 64u << 20, &text, &len, &err) < 0)
        return -1;
    m = cJSON_ParseWithLength(text, len);
    format = cJSON_GetObjectItemCaseSensitive(m, "format");
    if (cJSON_IsString(format) && !strcmp(format->valuestring, TS_ORG_FORMAT)) {
        shard = cJSON_GetObjectItemCaseSensitive(m, "shard");
        ki = cJSON_GetObjectItemCaseSensitive(shard, "index");
        ni = cJSON_GetObjectItemCaseSensitive(shard, "count");
        if (cJSON_IsNumber(ki) && cJSON_IsNumber(ni) && ki->valuedouble >= 1 &&
            ni->valuedouble <= 10000) {
            *k = (unsigned)ki->valuedouble;
            *n = (unsigned)ni->valuedouble;
        }
        rc = 0;
    }
    cJSON_Delete(m);
    free(text);
    return rc;
}

int org_folder_prepare(const char *dir, unsigned shard_k, unsigned shard_n,
                       struct ts_error *err)
{
    struct stat st;
    char *path, a[64], b[64];
    unsigned k, n;
    int rc = 0;

    if (stat(dir, &st) < 0) {
        if (errno != ENOENT || mkdir(dir, 0777) < 0)
            return ts_error_set(err, "%s: cannot make the folder: %s", dir, strerror(errno));
        return 0;
    }
    if (!S_ISDIR(st.st_mode))
        return ts_error_set(err, "%s: not a folder (--org writes one snapshot per account"
                            " into -o DIR)", dir);
    if (access(dir, W_OK | X_OK) < 0)
        return ts_error_set(err, "%s: cannot write in the folder: %s", dir, strerror(errno));
    path = ts_path_join(dir, TS_ORG_MANIFEST_NAME);
    if (earlier_share(path, &k, &n) == 0 && (k != shard_k || n != shard_n))
        rc = ts_error_set(err, "%s is the manifest of %s, and this run is %s: give each share"
                          " its own folder (or remove it)", path, share_text(k, n, a, sizeof(a)),
                          share_text(shard_k, shard_n, b, sizeof(b)));
    free(path);
    return rc;
}

int org_folder_write(const char *dir, const char *name, const char *text,
                     struct ts_error *err)
{
    struct ts_outputs outs;
    char *path = ts_path_join(dir, name);
    size_t len = strlen(text);
    FILE *f;
    int rc = -1, written;

    ts_outputs_init(&outs);
    if (ts_outputs_add(&outs, path, err) < 0 || !(f = ts_outputs_open(&outs, 0, err)))
        goto out;
    written = fwrite(text, 1, len, f) == len;
    if (ts_outputs_close(&outs, 0, written, err) < 0) {
        if (!written)
            ts_error_set(err, "%s: cannot write: %s", path, strerror(EIO));
        goto out;
    }
    rc = ts_outputs_commit(&outs, err);
out:
    ts_outputs_release(&outs);
    free(path);
    return rc;
}

void org_folder_keep_existing(const char *dir, struct org_plan *plan, const char *org_id,
                              const char *const *regions)
{
    for (size_t i = 0; i < plan->count; i++) {
        struct org_entry *e = &plan->entries[i];
        char name[32], why[256], *path;
        if (e->status != ORG_TODO)
            continue;
        snprintf(name, sizeof(name), "%s.json", e->acct->id);
        path = ts_path_join(dir, name);
        if (org_existing_complete(path, e->acct->id, org_id, regions, why, sizeof(why))) {
            e->status = ORG_COLLECTED;
            e->kept = 1;
            snprintf(e->file, sizeof(e->file), "%s", name);
        }
        free(path);
    }
}

unsigned org_folder_set_aside(const char *dir, const struct org_plan *plan,
                              struct ts_strlist *problems)
{
    unsigned moved = 0;

    for (size_t i = 0; i < plan->count; i++) {
        const struct org_entry *e = &plan->entries[i];
        char name[48], line[1024], *from, *to;
        struct stat st;
        if (e->status == ORG_COLLECTED)
            continue;
        snprintf(name, sizeof(name), "%s.json", e->acct->id);
        from = ts_path_join(dir, name);
        snprintf(name, sizeof(name), "%s.json.previous", e->acct->id);
        to = ts_path_join(dir, name);
        /* Only a plain file: a link is someone else's arrangement. */
        if (lstat(from, &st) == 0 && S_ISREG(st.st_mode)) {
            if (rename(from, to) == 0) {
                moved++;
            } else {
                snprintf(line, sizeof(line), "%.400s: cannot rename it to %.400s: %s", from,
                         to, strerror(errno));
                ts_strlist_push(problems, line);
            }
        }
        free(from);
        free(to);
    }
    return moved;
}

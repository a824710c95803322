#include "github/upload_payload.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "util/base64.h"
#include "util/file_read.h"
#include "util/gzip.h"
#include "json/json_pos.h"

static int parse_sarif(const char *path, const char *text, size_t len, cJSON **root,
                       struct ts_error *err)
{
    const char *end = NULL;
    const cJSON *version, *runs;
    uint32_t line, col;

    *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!*root) {
        size_t off = end && end >= text ? (size_t)(end - text) : 0;
        ts_json_line_col(text, len, off, &line, &col);
        return ts_error_set(err, "%s:%u:%u: not valid JSON, so not SARIF", path, line, col);
    }
    version = cJSON_GetObjectItemCaseSensitive(*root, "version");
    if (!cJSON_IsString(version) || !version->valuestring
        || strcmp(version->valuestring, "2.1.0") != 0)
        return ts_error_set(err, "%s: not SARIF 2.1.0 (no \"version\": \"2.1.0\" at the top;"
                            " GitHub code scanning accepts only SARIF 2.1.0)", path);
    runs = cJSON_GetObjectItemCaseSensitive(*root, "runs");
    if (!cJSON_IsArray(runs))
        return ts_error_set(err, "%s: not SARIF: no \"runs\" array", path);
    return 0;
}

/* "YYYY-MM-DDTHH:MM:SS" followed by an optional fraction and "Z": GitHub
 * wants the seconds form, so the fraction is dropped. */
static int started_at(const cJSON *root, char out[21])
{
    static const char shape[] = "dddd-dd-ddTdd:dd:dd";
    const cJSON *run = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(root, "runs"), 0);
    const cJSON *inv = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(run, "invocations"), 0);
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(inv, "startTimeUtc");
    const char *s, *p;

    if (!cJSON_IsString(t) || !t->valuestring)
        return -1;
    s = t->valuestring;
    for (size_t i = 0; i < sizeof(shape) - 1; i++)
        if (shape[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != shape[i])
            return -1;
    p = s + sizeof(shape) - 1;
    if (*p == '.')
        for (p++; isdigit((unsigned char)*p); p++)
            ;
    if (strcmp(p, "Z") != 0)
        return -1;
    memcpy(out, s, sizeof(shape) - 1);
    strcpy(out + sizeof(shape) - 1, "Z");
    return 0;
}

static char *build_body(const struct ts_upload_fields *f, const char *b64, const char *start)
{
    cJSON *o = cJSON_CreateObject();
    char *body;

    cJSON_AddStringToObject(o, "commit_sha", f->commit_sha);
    cJSON_AddStringToObject(o, "ref", f->ref);
    /* A reference, not a copy: the encoded SARIF can be 14 MB. */
    cJSON_AddItemToObject(o, "sarif", cJSON_CreateStringReference(b64));
    if (f->checkout_uri)
        cJSON_AddStringToObject(o, "checkout_uri", f->checkout_uri);
    if (start)
        cJSON_AddStringToObject(o, "started_at", start);
    if (f->tool_name)
        cJSON_AddStringToObject(o, "tool_name", f->tool_name);
    body = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return body;
}

int ts_upload_payload(const char *path, const struct ts_upload_fields *f, char **body,
                      size_t *gzip_len, struct ts_error *err)
{
    char *text = NULL, *b64 = NULL, start[21];
    unsigned char *gz = NULL;
    size_t len = 0;
    cJSON *root = NULL;
    struct ts_error zerr;
    int too_large = 0, ret = -1;

    *body = NULL;
    if (ts_file_read(path, TS_UPLOAD_MAX_SARIF, &text, &len, err) < 0)
        return -1;
    if (parse_sarif(path, text, len, &root, err) < 0)
        goto out;
    /* The file's own bytes are sent, not cJSON's reprint: GitHub sees what
     * the user has. */
    if (ts_gzip(text, len, TS_UPLOAD_MAX_GZIP, &gz, gzip_len, &too_large, &zerr) < 0) {
        if (too_large)
            ts_error_set(err, "%s: too large for GitHub code scanning: gzipped, it passes"
                         " %zu MiB, GitHub's limit (scan fewer accounts per file, or leave"
                         " out --include-passes)", path, TS_UPLOAD_MAX_GZIP >> 20);
        else
            ts_error_set(err, "%s: %s", path, zerr.msg);
        goto out;
    }
    b64 = ts_base64_encode(gz, *gzip_len, NULL);
    if (b64)
        *body = build_body(f, b64, started_at(root, start) == 0 ? start : NULL);
    if (!*body) {
        ts_error_set(err, "%s: out of memory building the upload", path);
        goto out;
    }
    ret = 0;
out:
    cJSON_Delete(root);
    free(text);
    free(gz);
    free(b64);
    return ret;
}

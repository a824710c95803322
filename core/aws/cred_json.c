#include "aws/cred_json.h"

#include <math.h>
#include <string.h>
#include <cjson/cJSON.h>
#include <openssl/crypto.h>

#include "aws/credentials.h"
#include "util/text.h"
#include "util/timestamp.h"

const struct aws_cred_json_shape aws_cred_json_process = {
    NULL, "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration", 0, 0, 0, 1};
const struct aws_cred_json_shape aws_cred_json_metadata = {
    NULL, "AccessKeyId", "SecretAccessKey", "Token", "Expiration", 1, 1, 0, 0};
const struct aws_cred_json_shape aws_cred_json_sso = {
    "roleCredentials", "accessKeyId", "secretAccessKey", "sessionToken", "expiration", 1, 1,
    1, 0};

/* The parsed tree holds the keys: wipe its strings before freeing it. */
static void wipe_tree(cJSON *j)
{
    for (; j; j = j->next) {
        if (j->valuestring)
            OPENSSL_cleanse(j->valuestring, strlen(j->valuestring));
        wipe_tree(j->child);
    }
}

void aws_cred_json_delete(void *doc)
{
    wipe_tree(doc);
    cJSON_Delete(doc);
}

/* Member `name` of o; when the answer repeats it, the last one, as
 * Python's json.loads (which botocore reads these answers with) keeps the
 * last: cJSON's own lookup would take the first. */
static const cJSON *member(const cJSON *o, const char *name)
{
    const cJSON *found = NULL;

    for (const cJSON *m = o ? o->child : NULL; m; m = m->next)
        if (m->string && !strcmp(m->string, name))
            found = m;
    return found;
}

/* A non-empty string member, or NULL (with err saying so when required). */
static const char *string_member(const cJSON *o, const char *name, int required,
                                 struct ts_error *err)
{
    const cJSON *v = member(o, name);

    if (cJSON_IsString(v) && v->valuestring[0])
        return v->valuestring;
    if (v && !cJSON_IsNull(v))
        ts_error_set(err, "%s is not a non-empty string", name);
    else if (required)
        ts_error_set(err, "%s is missing", name);
    return NULL;
}

static int read_expiration(const cJSON *o, const struct aws_cred_json_shape *shape,
                           time_t *expires, struct ts_error *err)
{
    const cJSON *v = member(o, shape->expiration);
    double epoch;

    if (!v || cJSON_IsNull(v)) {
        if (shape->expiration_required)
            return ts_error_set(err, "%s is missing", shape->expiration);
        return 0;
    }
    if (shape->expiration_ms) {
        if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble <= 0)
            return ts_error_set(err, "%s is not a time in milliseconds", shape->expiration);
        *expires = (time_t)(v->valuedouble / 1000);
        return 0;
    }
    if (!cJSON_IsString(v) || ts_timestamp_parse(v->valuestring, &epoch) < 0 || epoch <= 0)
        return ts_error_set(err, "%s is not an ISO 8601 time such as 2024-01-31T12:00:00Z",
                            shape->expiration);
    *expires = (time_t)epoch;
    return 0;
}

static int read_keys(const cJSON *doc, const struct aws_cred_json_shape *shape,
                     struct aws_credentials *out, time_t *expires, struct ts_error *err)
{
    const cJSON *o = doc, *ver;
    const char *id, *secret, *token;

    if (!cJSON_IsObject(doc))
        return ts_error_set(err, "the answer is not a JSON object");
    if (shape->version_1) {
        ver = member(doc, "Version");
        if (!ver)
            return ts_error_set(err, "Version is missing (it must be 1)");
        if (!cJSON_IsNumber(ver) || ver->valuedouble != 1)
            return ts_error_set(err, "unsupported Version (supported versions: 1)");
    }
    if (shape->object && !cJSON_IsObject(o = member(doc, shape->object)))
        return ts_error_set(err, "%s is missing", shape->object);
    err->msg[0] = '\0';
    id = string_member(o, shape->id, 1, err);
    secret = err->msg[0] ? NULL : string_member(o, shape->secret, 1, err);
    token = err->msg[0] ? NULL : string_member(o, shape->token, shape->token_required, err);
    if (err->msg[0] || read_expiration(o, shape, expires, err) < 0)
        return -1;
    out->access_key_id = ts_xstrdup(id);
    out->secret_access_key = ts_xstrdup(secret);
    out->session_token = token ? ts_xstrdup(token) : NULL;
    return 0;
}

int aws_cred_json_parse(const char *text, size_t len, const struct aws_cred_json_shape *shape,
                        struct aws_credentials *out, time_t *expires, struct ts_error *err)
{
    cJSON *doc = text ? cJSON_ParseWithLength(text, len) : NULL;
    int rc;

    memset(out, 0, sizeof(*out));
    *expires = 0;
    if (!doc)
        return ts_error_set(err, "the answer is not JSON");
    rc = read_keys(doc, shape, out, expires, err);
    aws_cred_json_delete(doc);
    if (rc < 0)
        aws_credentials_release(out);
    return rc;
}

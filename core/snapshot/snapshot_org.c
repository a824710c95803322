#include "snapshot/snapshot_org.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "json/json_doc.h"
#include "util/text.h"

const char *ts_account_name_problem(const char *name, char *buf, size_t n)
{
    size_t len = strlen(name);

    if (len == 0)
        return "must not be empty";
    if (len > TS_ACCOUNT_NAME_MAX) {
        snprintf(buf, n, "%zu bytes long (at most %d)", len, TS_ACCOUNT_NAME_MAX);
        return buf;
    }
    /* What a terminal or viewer would act on is what the text report
     * escapes: one list of such characters (util/text.c). */
    for (size_t i = 0; i < len;) {
        char esc[8];
        size_t k;
        ts_text_escape_at(name + i, len - i, &k, esc);
        if (esc[0]) {
            snprintf(buf, n, "contains a control character (%s) at byte %zu", esc, i + 1);
            return buf;
        }
        i += k;
    }
    return NULL;
}

int ts_org_id_ok(const char *id)
{
    size_t n = strlen(id);

    if (n < 12 || n > 34 || strncmp(id, "o-", 2) != 0)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (!islower((unsigned char)id[i]) && !isdigit((unsigned char)id[i]))
            return 0;
    return 1;
}

int ts_account_id_ok(const char *id)
{
    size_t i = 0;

    while (isdigit((unsigned char)id[i]))
        i++;
    return i == 12 && id[i] == '\0';
}

static void TS_PRINTF(5, 6) problem(struct ts_snapshot *s, struct ts_problems *problems,
                                    const cJSON *obj, const char *key, const char *fmt, ...)
{
    char what[768];
    unsigned line = 1, col = 1;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    ts_snapshot_member_position(s, obj, key, &line, &col);
    ts_problems_add(problems, "%s:%u:%u: %s", s->path, line, col, what);
}

static void check_name(struct ts_snapshot *s, struct ts_problems *problems, const cJSON *root)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "account_name");
    const char *what;
    char buf[128];

    if (!v || cJSON_IsNull(v))
        return;
    if (!cJSON_IsString(v) || !v->valuestring)
        problem(s, problems, root, "account_name", "account_name: expected a string, found %s",
                ts_json_type_name(v));
    else if ((what = ts_account_name_problem(v->valuestring, buf, sizeof(buf))) != NULL)
        problem(s, problems, root, "account_name", "account_name: %s", what);
    else
        s->account_name = v->valuestring;
}

/* org.key: a string that ok() accepts, else a problem; returns it or NULL. */
static const char *org_member(struct ts_snapshot *s, struct ts_problems *problems,
                              const cJSON *org, const char *key, int (*ok)(const char *),
                              const char *wanted)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(org, key);

    if (!v)
        problem(s, problems, org, NULL, "organization.%s: missing (%s)", key, wanted);
    else if (!cJSON_IsString(v) || !v->valuestring)
        problem(s, problems, org, key, "organization.%s: expected a string (%s), found %s", key,
                wanted, ts_json_type_name(v));
    else if (!ok(v->valuestring))
        problem(s, problems, org, key, "organization.%s: '%.64s' is not %s", key,
                v->valuestring, wanted);
    else
        return v->valuestring;
    return NULL;
}

void ts_snapshot_check_org(struct ts_snapshot *s, struct ts_problems *problems)
{
    const cJSON *org = cJSON_GetObjectItemCaseSensitive(s->root, "organization");
    const char *id, *mgmt;

    check_name(s, problems, s->root);
    if (!org || cJSON_IsNull(org))
        return;
    if (!cJSON_IsObject(org)) {
        problem(s, problems, s->root, "organization", "organization: expected an object, found"
                " %s", ts_json_type_name(org));
        return;
    }
    id = org_member(s, problems, org, "id", ts_org_id_ok, TS_ORG_ID_WANTED);
    mgmt = org_member(s, problems, org, "management_account_id", ts_account_id_ok,
                      "an account id of 12 digits");
    if (id && mgmt) {
        s->org_id = id;
        s->org_management = mgmt;
    }
}

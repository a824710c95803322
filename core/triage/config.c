#include "triage/config.h"
#include "util/timestamp.h"

#include <stdlib.h>
#include <string.h>
#include "util/glob.h"
#include "engine/rule_meta.h"

void ts_config_init(struct ts_config *c)
{
    memset(c, 0, sizeof(*c));
    ts_json_doc_init(&c->doc);
}

void ts_config_release(struct ts_config *c)
{
    ts_json_doc_release(&c->doc);
    free(c->waivers);
    ts_config_init(c);
}

/* ---- shape --------------------------------------------------------------- */

struct loader {
    struct ts_config *c;
    struct ts_problems *problems;
};

#define PROBLEM(ld, obj, key, ...) \
    ts_json_doc_problem(&(ld)->c->doc, (ld)->problems, (obj), (key), __VA_ARGS__)

/* Every member name once: cJSON keeps duplicates and finds the first, so a
 * second "expires" would be silently ignored. */
static void check_duplicates(struct loader *ld, const cJSON *obj)
{
    const char *dup = ts_json_duplicate_key(obj);

    if (dup)
        PROBLEM(ld, obj, dup, "duplicate key '%s'", dup);
}

static int is_account_id(const char *s)
{
    size_t n = strspn(s, "0123456789");
    return n == 12 && s[n] == '\0';
}

/* A non-empty string member, or NULL (with a problem if present but wrong,
 * or absent and required). */
static const char *string_member(struct loader *ld, const cJSON *obj, const char *key,
                                 int required, const char *what)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

    if (!v) {
        if (required)
            PROBLEM(ld, obj, NULL, "waiver: '%s' is required (%s)", key, what);
        return NULL;
    }
    if (!cJSON_IsString(v) || !v->valuestring) {
        PROBLEM(ld, obj, key, "waiver '%s': expected a string, found %s", key,
                ts_json_type_name(v));
        return NULL;
    }
    if (!v->valuestring[strspn(v->valuestring, " \t\r\n")]) {
        PROBLEM(ld, obj, key, "waiver '%s': must not be empty (%s)", key, what);
        return NULL;
    }
    return v->valuestring;
}

static void check_glob(struct loader *ld, const cJSON *obj, const char *key, const char *g)
{
    const char *why;

    if (g && ts_glob_check(g, &why) < 0)
        PROBLEM(ld, obj, key, "waiver '%s': bad glob '%s': %s", key, g, why);
}

static const char *const waiver_keys[] = {"rule", "account", "region", "resource", "reason",
                                          "owner", "ticket", "expires", NULL};

static int known_key(const char *const *keys, const char *k)
{
    for (; *keys; keys++)
        if (!strcmp(*keys, k))
            return 1;
    return 0;
}

static void load_waiver(struct loader *ld, const cJSON *obj)
{
    struct ts_waiver w;
    const cJSON *m;
    size_t before = ld->problems->count;

    memset(&w, 0, sizeof(w));
    w.node = obj;
    ts_json_doc_where(&ld->c->doc, obj, NULL, &w.line, &w.column);
    check_duplicates(ld, obj);
    cJSON_ArrayForEach(m, obj)
        if (!known_key(waiver_keys, m->string))
            PROBLEM(ld, obj, m->string, "waiver: unknown key '%s' (known: rule, account,"
                    " region, resource, reason, owner, ticket, expires)", m->string);
    w.rule = string_member(ld, obj, "rule", 1, "the id of the rule it waives");
    w.account = string_member(ld, obj, "account", 0, "");
    if (w.account && !is_account_id(w.account))
        PROBLEM(ld, obj, "account", "waiver 'account': '%s' is not an AWS account id"
                " (12 digits)", w.account);
    w.region = string_member(ld, obj, "region", 0, "");
    check_glob(ld, obj, "region", w.region);
    w.resource = string_member(ld, obj, "resource", 1, "an ARN or glob; \"*\" for every"
                               " resource of the rule");
    check_glob(ld, obj, "resource", w.resource);
    w.reason = string_member(ld, obj, "reason", 1, "why the risk is accepted");
    w.owner = string_member(ld, obj, "owner", 0, "who accepted the risk");
    w.ticket = string_member(ld, obj, "ticket", 0, "where it was decided");
    if (!cJSON_GetObjectItemCaseSensitive(obj, "owner")
        && !cJSON_GetObjectItemCaseSensitive(obj, "ticket"))
        PROBLEM(ld, obj, NULL, "waiver: an 'owner' or a 'ticket' is required (who accepted"
                " the risk, or where it was decided)");
    w.expires = string_member(ld, obj, "expires", 1, "the last day it applies, YYYY-MM-DD");
    if (w.expires && ts_day_parse(w.expires, &w.expires_day) < 0)
        PROBLEM(ld, obj, "expires", "waiver 'expires': '%s' is not a date YYYY-MM-DD",
                w.expires);
    if (ld->problems->count > before)
        return;
    ld->c->waivers[ld->c->nwaivers++] = w;
}

static void load_waivers(struct loader *ld, const cJSON *list)
{
    const cJSON *w;

    if (!cJSON_IsArray(list)) {
        PROBLEM(ld, ld->c->doc.root, "waivers", "'waivers': expected an array, found %s",
                ts_json_type_name(list));
        return;
    }
    ld->c->waivers = ts_xmalloc(((size_t)cJSON_GetArraySize(list) + 1)
                                * sizeof(*ld->c->waivers));
    cJSON_ArrayForEach(w, list) {
        if (!cJSON_IsObject(w)) {
            PROBLEM(ld, list, NULL, "'waivers': each waiver must be an object, found %s",
                    ts_json_type_name(w));
            continue;
        }
        load_waiver(ld, w);
    }
}

static void load_params(struct loader *ld, const cJSON *params)
{
    const cJSON *rule, *p;

    if (!cJSON_IsObject(params)) {
        PROBLEM(ld, ld->c->doc.root, "params", "'params': expected an object (rule id ->"
                " {parameter: value}), found %s", ts_json_type_name(params));
        return;
    }
    check_duplicates(ld, params);
    cJSON_ArrayForEach(rule, params) {
        if (!cJSON_IsObject(rule)) {
            PROBLEM(ld, params, rule->string, "params '%s': expected an object of"
                    " parameters, found %s", rule->string, ts_json_type_name(rule));
            continue;
        }
        check_duplicates(ld, rule);
        cJSON_ArrayForEach(p, rule)
            if (!cJSON_IsString(p) && !cJSON_IsNumber(p) && !cJSON_IsBool(p))
                PROBLEM(ld, rule, p->string, "params '%s' '%s': expected a string, number"
                        " or boolean, found %s", rule->string, p->string,
                        ts_json_type_name(p));
    }
    ld->c->params = params;
}

int ts_config_load(struct ts_config *c, const char *path, struct ts_problems *problems)
{
    struct loader ld = {c, problems};
    const cJSON *root, *m, *format;
    size_t before = problems->count;

    ts_config_release(c);
    if (ts_json_doc_load(&c->doc, path, TS_MAX_CONFIG_BYTES, problems) < 0)
        return -1;
    root = c->doc.root;
    if (!cJSON_IsObject(root)) {
        PROBLEM(&ld, root, NULL, "expected an object with \"format\": \"%s\", found %s",
                TS_CONFIG_FORMAT, ts_json_type_name(root));
        return -1;
    }
    check_duplicates(&ld, root);
    cJSON_ArrayForEach(m, root)
        if (strcmp(m->string, "format") && strcmp(m->string, "params")
            && strcmp(m->string, "waivers"))
            PROBLEM(&ld, root, m->string, "unknown key '%s' (known: format, params, waivers)",
                    m->string);
    format = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (!format)
        PROBLEM(&ld, root, NULL, "'format' is required: \"%s\"", TS_CONFIG_FORMAT);
    else if (!cJSON_IsString(format) || strcmp(format->valuestring, TS_CONFIG_FORMAT))
        PROBLEM(&ld, root, "format", "'format': expected \"%s\" (is this a trailscan"
                " config?)", TS_CONFIG_FORMAT);
    if ((m = cJSON_GetObjectItemCaseSensitive(root, "params")))
        load_params(&ld, m);
    if ((m = cJSON_GetObjectItemCaseSensitive(root, "waivers")))
        load_waivers(&ld, m);
    return problems->count > before ? -1 : 0;
}

/* ---- against the rules --------------------------------------------------- */

static void check_rule_params(const struct ts_config *c, struct ts_engine *e, size_t rule,
                              const cJSON *set, struct ts_problems *problems)
{
    const struct ts_rule *r = ts_engine_rule(e, rule);
    lua_State *L = ts_engine_lua(e);
    const cJSON *p;

    cJSON_ArrayForEach(p, set) {
        const char *want, *bad = ts_rule_param_problem(L, r, p, &want);
        char names[512];
        if (!bad)
            continue;
        if (!strcmp(bad, "unknown")) {
            ts_rule_param_names(L, r, names, sizeof(names));
            ts_json_doc_problem(&c->doc, problems, set, p->string, "rule '%s' has no"
                                " parameter '%s' (%s)", r->id, p->string, names);
        } else if (!strcmp(bad, "table"))
            ts_json_doc_problem(&c->doc, problems, set, p->string, "parameter '%s' of rule"
                                " '%s' is a table and cannot be set from a config",
                                p->string, r->id);
        else
            ts_json_doc_problem(&c->doc, problems, set, p->string, "parameter '%s' of rule"
                                " '%s': expected a %s (like its default), found %s",
                                p->string, r->id, want, ts_json_type_name(p));
    }
}

int ts_config_check_rules(const struct ts_config *c, struct ts_engine *e,
                          struct ts_problems *problems)
{
    size_t before = problems->count;
    const cJSON *set;

    cJSON_ArrayForEach(set, c->params) {
        size_t rule = ts_engine_find_rule(e, set->string);
        if (rule == SIZE_MAX)
            ts_json_doc_problem(&c->doc, problems, c->params, set->string, "params: unknown"
                                " rule id '%s' (see 'trailscan rules list')", set->string);
        else
            check_rule_params(c, e, rule, set, problems);
    }
    for (size_t i = 0; i < c->nwaivers; i++)
        if (ts_engine_find_rule(e, c->waivers[i].rule) == SIZE_MAX)
            ts_json_doc_problem(&c->doc, problems, c->waivers[i].node, "rule", "waiver:"
                                " unknown rule id '%s' (see 'trailscan rules list')",
                                c->waivers[i].rule);
    return problems->count > before ? -1 : 0;
}

int ts_config_apply_params(const struct ts_config *c, struct ts_engine *e,
                           struct ts_problems *problems)
{
    const cJSON *set;
    struct ts_error err;
    int ret = 0;

    cJSON_ArrayForEach(set, c->params) {
        size_t rule = ts_engine_find_rule(e, set->string);
        if (rule == SIZE_MAX) /* not selected (--only, --skip) */
            continue;
        if (ts_engine_set_params(e, rule, set, &err) < 0) {
            ts_json_doc_problem(&c->doc, problems, c->params, set->string, "%s", err.msg);
            ret = -1;
        }
    }
    return ret;
}

int ts_config_has_params(const struct ts_config *c)
{
    const cJSON *set;

    cJSON_ArrayForEach(set, c->params)
        if (cJSON_GetArraySize(set) > 0)
            return 1;
    return 0;
}

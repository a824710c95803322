#include "engine/rule_meta.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <lauxlib.h>
#include "lua/readonly.h"
#include "engine/result.h"
#include "util/text.h"
#include "util/strlist.h"
#include "util/suggest.h"
#include "engine/rule_meta_where.h"

#define MAX_TEXT 8192

/* Pushes t[key] without metamethods. */
static int raw_field(lua_State *L, int t, const char *key)
{
    t = lua_absindex(L, t);
    lua_pushstring(L, key);
    return lua_rawget(L, t);
}

static char *copy_string(lua_State *L, int idx)
{
    size_t len;
    const char *s = lua_tolstring(L, idx, &len);
    return ts_clean_text(s, len, MAX_TEXT);
}

static char *string_field(lua_State *L, int t, const char *file, const char *key,
                          int required, struct ts_problems *p)
{
    char *v = NULL;
    int type = raw_field(L, t, key);

    if (type == LUA_TSTRING && lua_rawlen(L, -1) > 0)
        v = copy_string(L, -1);
    else if (type != LUA_TNIL || required)
        ts_problems_add(p, "%s: rule field '%s' must be a non-empty string%s", file, key,
                        type == LUA_TNIL ? " (missing)" : "");
    lua_pop(L, 1);
    return v;
}

int ts_rule_id_ok(const char *s)
{
    size_t n = strlen(s);

    if (n == 0 || n > 64 || !isalnum((unsigned char)s[0]))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && !strchr("._-", s[i]))
            return 0;
    return 1;
}

static int pascal_ok(const char *s)
{
    if (!isupper((unsigned char)s[0]))
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s))
            return 0;
    return 1;
}

static void push_list(char ***list, size_t *n, char *s)
{
    *list = ts_xrealloc(*list, (*n + 2) * sizeof(**list));
    (*list)[(*n)++] = s;
    (*list)[*n] = NULL;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* An array of non-empty strings at the top of the stack. */
static int string_array(lua_State *L, char ***out, size_t *n, const char *prefix)
{
    lua_Integer len = (lua_Integer)lua_rawlen(L, -1);

    for (lua_Integer i = 1; i <= len; i++) {
        if (lua_rawgeti(L, -1, i) != LUA_TSTRING) {
            lua_pop(L, 1);
            return -1;
        }
        if (prefix) {
            lua_pushfstring(L, "%s\t%s", prefix, lua_tostring(L, -1));
            push_list(out, n, copy_string(L, -1));
            lua_pop(L, 1);
        } else
            push_list(out, n, copy_string(L, -1));
        lua_pop(L, 1);
    }
    return 0;
}

static void read_remediation(lua_State *L, int t, const char *file, struct ts_rule *r,
                             struct ts_problems *p)
{
    static const char *const parts[][2] = {{"console", "Console"}, {"cli", "AWS CLI"},
                                           {"terraform", "Terraform"}};
    int type = raw_field(L, t, "remediation");
    luaL_Buffer b;

    if (type == LUA_TSTRING) {
        r->remediation = copy_string(L, -1);
    } else if (type == LUA_TTABLE) {
        luaL_buffinit(L, &b);
        for (size_t i = 0; i < 3; i++) {
            int ft = raw_field(L, -2, parts[i][0]);
            if (ft == LUA_TSTRING) {
                char **slot = i == 0 ? &r->fix_console : i == 1 ? &r->fix_cli : &r->fix_terraform;
                *slot = copy_string(L, -1);
                lua_pushfstring(L, "%s%s:\n%s\n", luaL_bufflen(&b) ? "\n" : "", parts[i][1],
                                lua_tostring(L, -1));
                lua_remove(L, -2);
                luaL_addvalue(&b);
            } else {
                if (ft != LUA_TNIL)
                    ts_problems_add(p, "%s: rule field 'remediation.%s' must be a string",
                                    file, parts[i][0]);
                lua_pop(L, 1);
            }
        }
        luaL_pushresult(&b);
        if (lua_rawlen(L, -1) > 0)
            r->remediation = copy_string(L, -1);
        lua_pop(L, 1);
    }
    if (!r->remediation)
        ts_problems_add(p, "%s: rule field 'remediation' must be a string or a table with"
                        " console, cli and terraform strings", file);
    lua_pop(L, 1);
}

/* Framework names and control ids: short, printable, no tab (the
 * "framework\tcontrol" pairs are split on it) and no newline. */
#define MAX_COMPLIANCE_NAME 100

static int name_ok(const char *s)
{
    size_t n = strlen(s);

    if (n == 0 || n > MAX_COMPLIANCE_NAME)
        return 0;
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7F)
            return 0;
    return 1;
}

/* Every control id in the list at the top of the stack passes name_ok. */
static int controls_ok(lua_State *L)
{
    lua_Integer len = (lua_Integer)lua_rawlen(L, -1);
    int ok = 1;

    for (lua_Integer i = 1; i <= len && ok; i++) {
        ok = lua_rawgeti(L, -1, i) == LUA_TSTRING && name_ok(lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    return ok;
}

static void read_compliance(lua_State *L, int t, const char *file, struct ts_rule *r,
                            struct ts_problems *p)
{
    size_t n = 0;
    int type = raw_field(L, t, "compliance");

    if (type == LUA_TTABLE) {
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            if (lua_type(L, -2) != LUA_TSTRING || !name_ok(lua_tostring(L, -2))
                || lua_type(L, -1) != LUA_TTABLE || lua_rawlen(L, -1) == 0
                || !controls_ok(L)
                || string_array(L, &r->compliance, &n, lua_tostring(L, -2)) < 0)
                ts_problems_add(p, "%s: rule field 'compliance' must map framework names to"
                                " lists of control ids, each 1-%d printable characters"
                                " (e.g. [\"aws-fsbp\"] = {\"S3.22\"})", file,
                                MAX_COMPLIANCE_NAME);
            lua_pop(L, 1);
        }
        if (n) /* pairs order is not stable: sort for reproducible output */
            qsort(r->compliance, n, sizeof(char *), cmp_str);
    } else if (type != LUA_TNIL)
        ts_problems_add(p, "%s: rule field 'compliance' must be a table", file);
    lua_pop(L, 1);
}

/* params = { name = { default = v, description = "..." } }: builds the
 * table of defaults the check receives, read-only. */
static void read_params(lua_State *L, int t, const char *file, struct ts_rule *r,
                        struct ts_problems *p)
{
    int type = raw_field(L, t, "params");

    lua_newtable(L);
    if (type == LUA_TTABLE) {
        lua_pushnil(L);
        while (lua_next(L, -3)) { /* src, defaults, key, value */
            int ok = lua_type(L, -2) == LUA_TSTRING && lua_type(L, -1) == LUA_TTABLE;
            if (ok) {
                ok = raw_field(L, -1, "default") != LUA_TNIL;
                lua_replace(L, -2); /* src, defaults, key, default */
            }
            if (!ok) {
                ts_problems_add(p, "%s: rule parameter '%s' needs a default"
                                " ({ default = ..., description = \"...\" })", file,
                                lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "?");
                lua_pop(L, 1);
                continue;
            }
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
            lua_rawset(L, -4);
        }
    } else if (type != LUA_TNIL)
        ts_problems_add(p, "%s: rule field 'params' must be a table", file);
    ts_readonly_wrap(L, -1);
    lua_pushvalue(L, -1);
    r->defaults_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    r->params_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_pop(L, 2);
}

static const char *const rule_fields[] = {"id", "name", "title", "description", "severity",
                                          "remediation", "references", "compliance",
                                          "params", "check", "texts", "messages", NULL};
static const char *const remediation_fields[] = {"console", "cli", "terraform", NULL};
static const char *const param_fields[] = {"default", "description", NULL};

/* Every string key of the table at t is one of known: a misspelt field
 * ("refrences") would otherwise be silently left out.  what names the
 * table in the message ("rule field", "field of 'remediation'"). */
static void check_keys(lua_State *L, int t, const char *file, const char *what,
                       const char *const *known, struct ts_problems *p)
{
    struct ts_strlist unknown;

    ts_strlist_init(&unknown);
    t = lua_absindex(L, t);
    lua_pushnil(L);
    while (lua_next(L, t)) {
        const char *key = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
        size_t i = 0;
        while (key && known[i] && strcmp(known[i], key))
            i++;
        if (!key || !known[i])
            ts_strlist_push(&unknown, key ? key : "");
        lua_pop(L, 1);
    }
    /* In name order: the table's own order changes from run to run. */
    ts_strlist_sort(&unknown);
    for (size_t k = 0; k < unknown.count; k++) {
        const char *key = unknown.items[k];
        const char *near = *key ? ts_suggest(key, known, 0) : NULL;
        unsigned line = 0, col = 0;
        if (!*key || ts_rule_key_where(file, key, 0, &line, &col) < 0)
            line = col = 0;
        ts_problems_add_at(p, file, line, col, "unknown %s '%s'%s%s%s", what,
                           *key ? key : "(not a name)", near ? " (did you mean '" : "",
                           near ? near : "", near ? "'?)" : "");
    }
    ts_strlist_release(&unknown);
}

/* The keys of remediation = {...} and of each params entry. */
static void check_nested_keys(lua_State *L, int t, const char *file, struct ts_problems *p)
{
    if (raw_field(L, t, "remediation") == LUA_TTABLE)
        check_keys(L, -1, file, "field of 'remediation'", remediation_fields, p);
    lua_pop(L, 1);
    if (raw_field(L, t, "params") == LUA_TTABLE) {
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            if (lua_type(L, -1) == LUA_TTABLE)
                check_keys(L, -1, file, "field of a parameter", param_fields, p);
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 1);
}

/* A severity that is none: at its line, with the nearest one. */
static void bad_severity(const char *file, const char *sev, struct ts_problems *p)
{
    static const char *const names[] = {"critical", "high", "medium", "low", "info", NULL};
    const char *near = ts_suggest(sev, names, 0);
    unsigned line = 0, col = 0;

    if (ts_rule_key_where(file, "severity", 0, &line, &col) < 0)
        line = col = 0;
    ts_problems_add_at(p, file, line, col, "rule field 'severity' '%s'%s%s%s must be one of"
                       " critical, high, medium, low, info", sev, near ? " (did you mean '" : "",
                       near ? near : "", near ? "'?)" : "");
}

int ts_rule_meta_read(lua_State *L, int idx, const char *file, struct ts_rule *r,
                      struct ts_problems *p)
{
    size_t before = p->count, nrefs = 0;
    char *sev;
    int t = lua_absindex(L, idx);

    memset(r, 0, sizeof(*r));
    r->check_ref = r->params_ref = r->defaults_ref = LUA_NOREF;
    r->file = ts_xstrdup(file);
    if (!lua_istable(L, t)) {
        ts_problems_add(p, "%s: a rule file must return a table (found %s)", file,
                        luaL_typename(L, t));
        return -1;
    }
    check_keys(L, t, file, "rule field", rule_fields, p);
    check_nested_keys(L, t, file, p);
    r->id = string_field(L, t, file, "id", 1, p);
    if (r->id && !ts_rule_id_ok(r->id))
        ts_problems_add(p, "%s: rule field 'id' '%s' must be 1-64 letters, digits, '.', '_'"
                        " or '-'", file, r->id);
    r->name = string_field(L, t, file, "name", 1, p);
    if (r->name && !pascal_ok(r->name))
        ts_problems_add(p, "%s: rule field 'name' '%s' must be PascalCase", file, r->name);
    r->title = string_field(L, t, file, "title", 1, p);
    r->description = string_field(L, t, file, "description", 1, p);
    if ((sev = string_field(L, t, file, "severity", 1, p))) {
        int i = ts_severity_from_name(sev);
        if (i < 0)
            bad_severity(file, sev, p);
        r->severity = i >= 0 ? (enum ts_severity)i : TS_SEV_INFO;
        free(sev);
    }
    read_remediation(L, t, file, r, p);
    if (raw_field(L, t, "references") == LUA_TTABLE) {
        if (string_array(L, &r->references, &nrefs, NULL) < 0)
            ts_problems_add(p, "%s: rule field 'references' must be a list of strings", file);
    } else if (!lua_isnil(L, -1))
        ts_problems_add(p, "%s: rule field 'references' must be a list of strings", file);
    lua_pop(L, 1);
    read_compliance(L, t, file, r, p);
    read_params(L, t, file, r, p);
    if (raw_field(L, t, "check") != LUA_TFUNCTION) {
        ts_problems_add(p, "%s: rule field 'check' must be a function", file);
        lua_pop(L, 1);
    } else
        r->check_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    return p->count > before ? -1 : 0;
}

static void free_list(char **l)
{
    for (char **s = l; s && *s; s++)
        free(*s);
    free(l);
}

void ts_rule_meta_release(lua_State *L, struct ts_rule *r)
{
    free(r->file);
    free(r->id);
    free(r->name);
    free(r->title);
    free(r->description);
    free(r->remediation);
    free(r->fix_console);
    free(r->fix_cli);
    free(r->fix_terraform);
    free_list(r->references);
    free_list(r->compliance);
    if (L) {
        luaL_unref(L, LUA_REGISTRYINDEX, r->check_ref);
        luaL_unref(L, LUA_REGISTRYINDEX, r->params_ref);
        luaL_unref(L, LUA_REGISTRYINDEX, r->defaults_ref);
    }
    memset(r, 0, sizeof(*r));
}

void ts_rule_meta_print_params(lua_State *L, const struct ts_rule *r, FILE *out)
{
    char **names = NULL;
    size_t n = 0;
    int top = lua_gettop(L);

    lua_rawgeti(L, LUA_REGISTRYINDEX, r->params_ref);
    if (!ts_readonly_backing(L, -1)) {
        lua_settop(L, top);
        return;
    }
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) == LUA_TSTRING)
            push_list(&names, &n, ts_xstrdup(lua_tostring(L, -1)));
    }
    if (n)
        qsort(names, n, sizeof(char *), cmp_str);
    for (size_t i = 0; i < n; i++) {
        /* By type, never tostring: a default could carry the rule's own
         * __tostring, and this runs outside the sandbox's protection. */
        lua_getfield(L, -1, names[i]);
        fprintf(out, "%s%s = ", i ? ", " : " ", names[i]);
        if (lua_type(L, -1) == LUA_TSTRING)
            fprintf(out, "\"%s\"", lua_tostring(L, -1));
        else if (lua_type(L, -1) == LUA_TBOOLEAN)
            fputs(lua_toboolean(L, -1) ? "true" : "false", out);
        else if (lua_isinteger(L, -1))
            fprintf(out, "%lld", (long long)lua_tointeger(L, -1));
        else if (lua_type(L, -1) == LUA_TNUMBER)
            fprintf(out, "%.17g", lua_tonumber(L, -1));
        else
            fprintf(out, "(%s)", luaL_typename(L, -1));
        lua_pop(L, 1);
    }
    if (!n)
        fprintf(out, " none");
    free_list(names);
    lua_settop(L, top);
}

/* ---- parameters set from outside (a config) ------------------------------ */

const char *ts_rule_param_problem(lua_State *L, const struct ts_rule *r, const cJSON *v,
                                  const char **want)
{
    int top = lua_gettop(L), type;
    const char *bad = NULL;

    lua_rawgeti(L, LUA_REGISTRYINDEX, r->defaults_ref);
    if (!ts_readonly_backing(L, -1))
        lua_pushvalue(L, -1);
    lua_getfield(L, -1, v->string);
    type = lua_type(L, -1);
    *want = type == LUA_TNIL ? NULL : lua_typename(L, type);
    if (type == LUA_TNIL)
        bad = "unknown";
    else if (type == LUA_TBOOLEAN && !cJSON_IsBool(v))
        bad = "type";
    else if (type == LUA_TSTRING && !cJSON_IsString(v))
        bad = "type";
    else if (type == LUA_TNUMBER && !cJSON_IsNumber(v))
        bad = "type";
    else if (type == LUA_TNUMBER && lua_isinteger(L, -1)
             && (v->valuedouble != floor(v->valuedouble) || fabs(v->valuedouble) > 9e15)) {
        bad = "type";
        *want = "whole number";
    } else if (type != LUA_TBOOLEAN && type != LUA_TSTRING && type != LUA_TNUMBER)
        bad = "table";
    lua_settop(L, top);
    return bad;
}

void ts_rule_param_names(lua_State *L, const struct ts_rule *r, char *out, size_t cap)
{
    int top = lua_gettop(L);
    size_t n = 0;

    out[0] = '\0';
    lua_rawgeti(L, LUA_REGISTRYINDEX, r->defaults_ref);
    if (!ts_readonly_backing(L, -1))
        lua_pushvalue(L, -1);
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        if (lua_type(L, -2) == LUA_TSTRING && n < cap)
            n += (size_t)snprintf(out + n, cap - n, "%s%s", n ? ", " : "",
                                  lua_tostring(L, -2));
        lua_pop(L, 1);
    }
    lua_settop(L, top);
    if (!n)
        snprintf(out, cap, "it has none");
}

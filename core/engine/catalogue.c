#include "engine/catalogue.h"

#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>
#include "engine/rule_env.h"
#include "lua/sandbox.h"

#define MODULE "compliance_sections"

/* In the sandbox: require(MODULE)[fn](arg).  Stack: 1 the environment's
 * require, 2 the function's name, 3 its argument. */
static int call_module(lua_State *L)
{
    lua_pushvalue(L, 1);
    lua_pushliteral(L, MODULE);
    lua_call(L, 1, 1);
    lua_getfield(L, -1, lua_tostring(L, 2));
    lua_pushvalue(L, 3);
    lua_call(L, 1, 2);
    return 2;
}

/* Calls fn(arg) of the module, leaving its two results on the stack.
 * -2 (err set) if it failed. */
static int call(struct ts_engine *e, const char *fn, const char *arg, struct ts_error *err)
{
    struct ts_sandbox *sb = ts_engine_sandbox(e);
    lua_State *L = sb->L;
    struct ts_limits rules = sb->limits;
    char msg[1024];
    enum ts_cause cause;

    snprintf(sb->label, sizeof(sb->label), "the control catalogue");
    /* trailscan's own library, not a rule: --max-instructions and
     * --timeout bound rules, and must not fail a rule file's load. */
    if (sb->limits.instructions < TS_DEFAULT_INSTRUCTION_LIMIT)
        sb->limits.instructions = TS_DEFAULT_INSTRUCTION_LIMIT;
    sb->limits.seconds = 0;
    lua_pushcfunction(L, call_module);
    ts_rule_env_push(sb, ts_engine_builtin_dir(), ts_engine_builtin_dir());
    lua_getfield(L, -1, "require");
    lua_remove(L, -2);
    lua_pushstring(L, fn);
    if (arg)
        lua_pushstring(L, arg);
    else
        lua_pushnil(L);
    cause = ts_sandbox_call(sb, 3, 2, msg, sizeof(msg));
    sb->limits = rules;
    if (cause != TS_CAUSE_NONE) {
        ts_error_set(err, "%s", msg);
        return -2;
    }
    return 0;
}

static char *text_field(lua_State *L, int t, const char *name)
{
    char *s = NULL;

    lua_getfield(L, t, name);
    if (lua_type(L, -1) == LUA_TSTRING)
        s = ts_xstrdup(lua_tostring(L, -1));
    lua_pop(L, 1);
    return s;
}

/* The strings of the list at index t (others skipped), NULL-terminated. */
static char **string_list(lua_State *L, int t)
{
    lua_Integer n = lua_istable(L, t) ? (lua_Integer)lua_rawlen(L, t) : 0;
    char **out = ts_xmalloc(((size_t)n + 1) * sizeof(*out));
    size_t k = 0;

    for (lua_Integer i = 1; i <= n; i++) {
        if (lua_rawgeti(L, t, i) == LUA_TSTRING)
            out[k++] = ts_xstrdup(lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    out[k] = NULL;
    return out;
}

static char **list_field(lua_State *L, int t, const char *name)
{
    char **out;

    lua_getfield(L, t, name);
    out = string_list(L, lua_gettop(L));
    lua_pop(L, 1);
    return out;
}

char **ts_catalogue_ids(struct ts_engine *e, struct ts_error *err)
{
    lua_State *L = ts_engine_lua(e);
    int top = lua_gettop(L);
    char **ids = NULL;

    if (call(e, "ids", NULL, err) == 0)
        ids = string_list(L, top + 1);
    lua_settop(L, top);
    return ids;
}

void ts_catalogue_free_list(char **list)
{
    for (size_t i = 0; list && list[i]; i++)
        free(list[i]);
    free(list);
}

int ts_catalogue_controls(struct ts_engine *e, const char *id, char ***out,
                          struct ts_error *err)
{
    lua_State *L = ts_engine_lua(e);
    int top = lua_gettop(L), ret;

    *out = NULL;
    ret = call(e, "controls", id, err);
    if (ret == 0 && lua_istable(L, top + 1))
        *out = string_list(L, top + 1);
    else if (ret == 0)
        ret = 1;
    lua_settop(L, top);
    return ret;
}

static void read_row(lua_State *L, int t, struct ts_catalogue_row *row)
{
    row->control = text_field(L, t, "control");
    row->title = text_field(L, t, "title");
    row->section = text_field(L, t, "section");
    row->section_title = text_field(L, t, "section_title");
    row->status = text_field(L, t, "status");
    row->rules = list_field(L, t, "rules");
    if (!row->control)
        row->control = ts_xstrdup("?");
    if (!row->title)
        row->title = ts_xstrdup("");
    if (!row->section)
        row->section = ts_xstrdup(row->control);
    if (!row->section_title)
        row->section_title = ts_xstrdup(row->section);
}

static void read_catalogue(lua_State *L, int t, struct ts_catalogue *c)
{
    lua_Integer n;

    c->id = text_field(L, t, "id");
    c->title = text_field(L, t, "title");
    c->scope = text_field(L, t, "scope");
    c->source = text_field(L, t, "source");
    c->notes = list_field(L, t, "notes");
    lua_getfield(L, t, "rows");
    n = lua_istable(L, -1) ? (lua_Integer)lua_rawlen(L, -1) : 0;
    c->rows = ts_xmalloc(((size_t)n + 1) * sizeof(*c->rows));
    for (lua_Integer i = 1; i <= n; i++) {
        if (lua_rawgeti(L, -1, i) == LUA_TTABLE)
            read_row(L, lua_gettop(L), &c->rows[c->nrows++]);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

int ts_catalogue_read(struct ts_engine *e, const char *id, struct ts_catalogue *out,
                      struct ts_error *err)
{
    lua_State *L = ts_engine_lua(e);
    int top = lua_gettop(L), ret;

    memset(out, 0, sizeof(*out));
    ret = call(e, "of", id, err);
    if (ret == 0 && !lua_istable(L, -2)) {
        ts_error_set(err, "%s", lua_isstring(L, -1) ? lua_tostring(L, -1) : "unknown framework");
        ret = -1;
    } else if (ret == 0) {
        read_catalogue(L, lua_absindex(L, -2), out);
        if (!out->id)
            out->id = ts_xstrdup(id);
    }
    lua_settop(L, top);
    return ret;
}

void ts_catalogue_release(struct ts_catalogue *c)
{
    for (size_t i = 0; i < c->nrows; i++) {
        struct ts_catalogue_row *r = &c->rows[i];
        free(r->control);
        free(r->title);
        free(r->section);
        free(r->section_title);
        free(r->status);
        ts_catalogue_free_list(r->rules);
    }
    free(c->rows);
    free(c->id);
    free(c->title);
    free(c->scope);
    free(c->source);
    ts_catalogue_free_list(c->notes);
    memset(c, 0, sizeof(*c));
}

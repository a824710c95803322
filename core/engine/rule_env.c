#include "engine/rule_env.h"

#include <ctype.h>
#include <string.h>
#include <sys/stat.h>
#include <lauxlib.h>
#include "util/dir_list.h"
#include "lua/lua_source.h"
#include "lua/readonly.h"

static const char rule_api_key = 'r';
/* Registry: the built-in helper modules built-in rules share, by name: a
 * frozen module, or false while it loads. */
static const char shared_key = 's';

/* Modules a rule might try to require to reach outside. */
static const char *const host_modules[] = {"io", "os", "debug", "package", "coroutine",
    "ffi", "jit", "socket", "lfs", "posix", NULL};

void ts_rule_env_set_api(lua_State *L)
{
    lua_rawsetp(L, LUA_REGISTRYINDEX, &rule_api_key);
}

/* lib.module names: lowercase words joined by dots. */
static int module_name_ok(const char *s)
{
    int start = 1;

    if (!*s)
        return 0;
    for (; *s; s++) {
        if (*s == '.') {
            if (start)
                return 0;
            start = 1;
        } else if (islower((unsigned char)*s) || *s == '_' || (!start && isdigit((unsigned char)*s))) {
            start = 0;
        } else
            return 0;
    }
    return !start;
}

static int file_exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Pushes the path of module `name` under root/lib, or returns 0. */
static int find_module(lua_State *L, const char *root, const char *name)
{
    luaL_Buffer b;

    if (!root || !*root)
        return 0;
    luaL_buffinit(L, &b);
    luaL_addstring(&b, root);
    luaL_addstring(&b, "/lib/");
    for (const char *p = name; *p; p++)
        luaL_addchar(&b, *p == '.' ? '/' : *p);
    luaL_addstring(&b, ".lua");
    luaL_pushresult(&b);
    if (!file_exists(lua_tostring(L, -1))) {
        lua_pop(L, 1);
        return 0;
    }
    /* A link out of the folder is refused, its target not named: loading
     * it would echo pieces of any file through syntax errors. */
    if (!ts_path_inside(lua_tostring(L, -1), root))
        return luaL_error(L, "require '%s': %s is a symbolic link that leads outside %s"
                          " (refused)", name, lua_tostring(L, -1), root);
    return 1;
}

/* Replaces the table at idx by a read-only view of it whose nested tables
 * are read-only too (seen: a table mapping tables to their views, so shared
 * and cyclic parts get one view).  Pushes the view. */
static void freeze_deep(lua_State *L, int idx, int seen)
{
    idx = lua_absindex(L, idx);
    if (ts_readonly_is_protected(L, idx)) {
        lua_pushvalue(L, idx);
        return;
    }
    lua_pushvalue(L, idx);
    if (lua_rawget(L, seen) != LUA_TNIL)
        return;
    lua_pop(L, 1);
    ts_readonly_wrap(L, idx);
    lua_pushvalue(L, idx);
    lua_pushvalue(L, -2);
    lua_rawset(L, seen);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        if (lua_type(L, -1) == LUA_TTABLE) {
            freeze_deep(L, -1, seen);
            lua_pushvalue(L, -3);
            lua_insert(L, -2);
            lua_rawset(L, idx); /* an existing key: next() stays valid */
        }
        lua_pop(L, 1);
    }
}

/* freeze(t): a read-only view of t (shallow), for shared modules that hand
 * the same tables to every rule. */
static int module_freeze(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    ts_readonly_wrap(L, 1);
    return 1;
}

/* require of a built-in module by a built-in rule: the module is compiled
 * and run once per state, in an environment of its own (so it finds only
 * built-in modules, and has `freeze` to hand out tables read-only,
 * `memo` for caches across accounts: sandbox.h, and `counts_exactly`:
 * whether the scan counts every instruction from the start, when such
 * caches must charge a hit what its miss cost), and
 * every rule gets the same deeply frozen table.  No rule can change it or
 * what its functions see; modules keep no state a rule can reach.  Stack:
 * 1 name, 2 the module's path.  */
static int require_shared(lua_State *L, struct ts_sandbox *sb, const char *builtin)
{
    const char *name = lua_tostring(L, 1);
    int shared, status;

    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &shared_key) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_rawsetp(L, LUA_REGISTRYINDEX, &shared_key);
    }
    shared = lua_gettop(L);
    lua_pushvalue(L, 1);
    if (lua_rawget(L, shared) == LUA_TBOOLEAN && !lua_toboolean(L, -1))
        return luaL_error(L, "require '%s': circular require", name);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushboolean(L, 0); /* loading: catches cycles */
        lua_setfield(L, shared, name);
        ts_rule_env_push(sb, builtin, builtin);
        lua_pushcfunction(L, module_freeze);
        lua_setfield(L, -2, "freeze");
        lua_pushcfunction(L, ts_sandbox_memo);
        lua_setfield(L, -2, "memo");
        /* The scan's budget as the rules load (no snapshot's share). */
        lua_pushboolean(L, ts_sandbox_counts_exactly(sb));
        lua_setfield(L, -2, "counts_exactly");
        status = ts_lua_load_source(L, lua_tostring(L, 2), -1);
        if (status == LUA_OK) {
            lua_pushstring(L, name);
            status = lua_pcall(L, 1, 1, 0);
        }
        if (status != LUA_OK) {
            /* Not loading any more: the next rule gets this error too. */
            lua_pushnil(L);
            lua_setfield(L, shared, name);
            return lua_error(L);
        }
        if (lua_isnil(L, -1)) {
            lua_pop(L, 1);
            lua_pushboolean(L, 1);
        } else if (lua_istable(L, -1)) {
            lua_newtable(L);
            freeze_deep(L, -2, lua_gettop(L));
        }
        lua_pushvalue(L, -1);
        lua_setfield(L, shared, name);
    }
    /* The rule's own cache, so its later requires agree without a lookup. */
    lua_pushvalue(L, -1);
    lua_setfield(L, lua_upvalueindex(1), name);
    return 1;
}

/* require(name): upvalues are the module cache, rule root, builtin root. */
static int rule_require(lua_State *L)
{
    struct ts_sandbox *sb = ts_sandbox_of(L);
    const char *name = luaL_checkstring(L, 1);
    const char *root = lua_tostring(L, lua_upvalueindex(2));
    const char *builtin = lua_tostring(L, lua_upvalueindex(3));

    lua_settop(L, 1);
    for (const char *const *h = host_modules; *h; h++)
        if (!strcmp(name, *h) || (!strncmp(name, *h, strlen(*h)) && name[strlen(*h)] == '.')) {
            lua_pushfstring(L, "require '%s': host modules are not available to rules", name);
            return ts_sandbox_blocked(L, lua_tostring(L, -1));
        }
    if (!module_name_ok(name))
        return luaL_error(L, "require '%s': not a module name (lowercase words joined by"
                             " dots, found in lib/)", name);
    lua_pushvalue(L, 1);
    if (lua_rawget(L, lua_upvalueindex(1)) == LUA_TBOOLEAN && !lua_toboolean(L, -1))
        return luaL_error(L, "require '%s': circular require", name);
    if (!lua_isnil(L, -1))
        return 1;
    lua_pop(L, 1);
    if (root && builtin && *builtin && !strcmp(root, builtin) && find_module(L, builtin, name))
        return require_shared(L, sb, builtin);
    if (!find_module(L, root, name) && !find_module(L, builtin, name))
        return luaL_error(L, "require '%s': no lib/%s.lua in %s%s%s", name, name,
                          root ? root : "", builtin && root && strcmp(root, builtin) ? " or " : "",
                          builtin && root && strcmp(root, builtin) ? builtin : "");
    lua_pushboolean(L, 0); /* loading: catches cycles */
    lua_setfield(L, lua_upvalueindex(1), name);
    ts_rule_env_push(sb, root, builtin);
    lua_pushboolean(L, ts_sandbox_counts_exactly(sb)); /* as require_shared's */
    lua_setfield(L, -2, "counts_exactly");
    /* The module shares this rule's cache, so it gets the same instances. */
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, lua_upvalueindex(2));
    lua_pushvalue(L, lua_upvalueindex(3));
    lua_pushcclosure(L, rule_require, 3);
    lua_setfield(L, -2, "require");
    if (ts_lua_load_source(L, lua_tostring(L, 2), -1) != LUA_OK) {
        lua_pushnil(L);
        lua_setfield(L, lua_upvalueindex(1), name); /* not loading any more */
        return lua_error(L);
    }
    lua_pushstring(L, name);
    lua_call(L, 1, 1); /* an error here leaves the mark: the rule has failed anyway */
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushboolean(L, 1);
    }
    lua_pushvalue(L, -1);
    lua_setfield(L, lua_upvalueindex(1), name);
    return 1;
}

void ts_rule_env_push(struct ts_sandbox *sb, const char *rule_root, const char *builtin_root)
{
    lua_State *L = sb->L;

    ts_sandbox_new_env(sb);
    ts_sandbox_copy_from_registry(L, &rule_api_key);
    lua_newtable(L); /* this rule's module cache */
    lua_pushstring(L, rule_root ? rule_root : "");
    lua_pushstring(L, builtin_root ? builtin_root : "");
    lua_pushcclosure(L, rule_require, 3);
    lua_setfield(L, -2, "require");
}

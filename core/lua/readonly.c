#include "lua/readonly.h"

#include <string.h>
#include <lauxlib.h>
#include "lua/lua_order.h"
#include "lua/sandbox_limits.h"

const char ts_ro_backing_key = 'b';
const char ts_ro_materialize_key = 'm';


int ts_readonly_backing(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    if (lua_type(L, idx) != LUA_TTABLE || !lua_getmetatable(L, idx))
        return 0;
    if (lua_rawgetp(L, -1, &ts_ro_backing_key) == LUA_TTABLE) {
        lua_remove(L, -2);
        return 1;
    }
    lua_pop(L, 1);
    if (lua_rawgetp(L, -1, &ts_ro_materialize_key) != LUA_TFUNCTION) {
        lua_pop(L, 2);
        return 0;
    }
    lua_remove(L, -2);
    lua_pushvalue(L, idx);
    lua_call(L, 1, 1);
    if (!lua_istable(L, -1))
        return luaL_error(L, "internal error: proxy without backing");
    return 1;
}

int ts_readonly_newindex(lua_State *L)
{
    return ts_sandbox_blocked(L, "attempt to modify a read-only table (the snapshot and"
                                 " the rule API cannot be changed)");
}

static int ro_len(lua_State *L)
{
    ts_readonly_backing(L, 1);
    lua_pushinteger(L, (lua_Integer)lua_rawlen(L, -1));
    return 1;
}

int ts_readonly_next(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    if (ts_readonly_backing(L, 1))
        lua_replace(L, 1);
    return ts_lua_order_next(L); /* never the hash's order */
}

/* The backing's keys in lua_order.c's order: never the hash's, which
 * differs from run to run. */
static int ro_pairs(lua_State *L)
{
    ts_readonly_backing(L, 1);
    ts_lua_order_pairs(L, -1, 1);
    return 3;
}

/* Pushes a new proxy and its metatable (metatable on top). */
static void new_proxy(lua_State *L)
{
    lua_createtable(L, 0, 0);
    lua_createtable(L, 0, 7);
    lua_pushcfunction(L, ts_readonly_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, ro_len);
    lua_setfield(L, -2, "__len");
    lua_pushcfunction(L, ro_pairs);
    lua_setfield(L, -2, "__pairs");
    lua_pushliteral(L, TS_READONLY_PROTECTED);
    lua_setfield(L, -2, "__metatable");
}

void ts_readonly_wrap(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    new_proxy(L);
    lua_pushvalue(L, idx);
    lua_setfield(L, -2, "__index"); /* a table: the VM's fast path */
    lua_pushvalue(L, idx);
    lua_rawsetp(L, -2, &ts_ro_backing_key);
    lua_setmetatable(L, -2);
}

int ts_readonly_is_protected(lua_State *L, int idx)
{
    int prot = 0;

    if (!lua_getmetatable(L, idx))
        return 0;
    /* Ours only: a rule's own table may have a __metatable of its own. */
    if (lua_getfield(L, -1, "__metatable") == LUA_TSTRING) {
        const char *v = lua_tostring(L, -1);
        prot = !strcmp(v, TS_READONLY_PROTECTED) || !strcmp(v, TS_STRING_PROTECTED);
    }
    lua_pop(L, 2);
    return prot;
}

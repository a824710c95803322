#include "lua_json.h"

#include <math.h>
#include <string.h>
#include <lauxlib.h>
#include "readonly.h"

/* A snapshot container is an empty-looking proxy table.  Its raw slots,
 * under light-userdata keys no rule can make, hold the cJSON node, a
 * backing table of the values converted so far and, once every member is
 * in it, a "complete" mark.  An object converts one member at a time, when
 * a rule first reads it (a trail's 15 fields cost nothing until read); an
 * array converts whole on first touch (ipairs would otherwise walk cJSON's
 * list from the start for every index).  All proxies of one snapshot share
 * one metatable, so an untouched container costs one small table. */
static const char node_key = 'n';
static const char backing_key = 'b';
static const char complete_key = 'c';
static const char gen_key = 'g';   /* in the metatable and the registry */
static const char mt_key = 'm';    /* registry: this generation's metatable */
static const char null_key = 'z';

static lua_Integer current_generation(lua_State *L)
{
    lua_Integer g;

    lua_rawgetp(L, LUA_REGISTRYINDEX, &gen_key);
    g = lua_tointeger(L, -1);
    lua_pop(L, 1);
    return g;
}

void ts_lua_json_push_null(lua_State *L)
{
    /* A unique light userdata: compares equal only to itself. */
    lua_pushlightuserdata(L, (void *)&null_key);
}

static void push_number(lua_State *L, double d)
{
    /* Integers stay integers (retentionInDays == 365 and math.type agree). */
    if (d >= -9007199254740992.0 && d <= 9007199254740992.0 && floor(d) == d)
        lua_pushinteger(L, (lua_Integer)d);
    else
        lua_pushnumber(L, d);
}

static void push_value(lua_State *L, const cJSON *node);

/* Fills the backing at the top of the stack with every member of node
 * not yet in it (the first of duplicate keys wins, as for single reads). */
static void fill(lua_State *L, const cJSON *node)
{
    const cJSON *child;
    lua_Integer i = 1;

    if (cJSON_IsArray(node)) {
        cJSON_ArrayForEach(child, node) {
            if (cJSON_IsNull(child))
                ts_lua_json_push_null(L);
            else
                push_value(L, child);
            lua_rawseti(L, -2, i++);
        }
        return;
    }
    cJSON_ArrayForEach(child, node) {
        if (cJSON_IsNull(child) || !child->string)
            continue;
        lua_pushstring(L, child->string);
        if (lua_rawget(L, -2) != LUA_TNIL) {
            lua_pop(L, 1);
            continue;
        }
        lua_pop(L, 1);
        lua_pushstring(L, child->string);
        push_value(L, child);
        lua_rawset(L, -3);
    }
}

/* The node of the proxy at idx, or raises when its snapshot is gone. */
static const cJSON *live_node(lua_State *L, int idx)
{
    const cJSON *node = ts_lua_json_node(L, idx);

    if (!node)
        luaL_error(L, "snapshot data from an earlier account is no longer available"
                      " (do not keep snapshot tables between checks)");
    return node;
}

/* Pushes the backing of the proxy at idx, creating it empty if needed;
 * with complete, every member is converted first. */
static void backing_of(lua_State *L, int idx, int complete)
{
    const cJSON *node;

    idx = lua_absindex(L, idx);
    if (lua_rawgetp(L, idx, &backing_key) == LUA_TTABLE) {
        if (!complete || lua_rawgetp(L, idx, &complete_key) != LUA_TNIL) {
            if (complete)
                lua_pop(L, 1);
            return;
        }
        lua_pop(L, 1);
    } else {
        lua_pop(L, 1);
        node = live_node(L, idx);
        lua_createtable(L, cJSON_IsArray(node) ? cJSON_GetArraySize(node) : 0,
                        cJSON_IsArray(node) || complete ? 0 : 4);
        lua_pushvalue(L, -1);
        lua_rawsetp(L, idx, &backing_key);
        if (!complete && !cJSON_IsArray(node))
            return;
    }
    fill(L, live_node(L, idx));
    lua_pushboolean(L, 1);
    lua_rawsetp(L, idx, &complete_key);
}

static void backing(lua_State *L, int idx)
{
    backing_of(L, idx, 1);
}

static int json_backing(lua_State *L)
{
    backing(L, 1);
    return 1;
}

static int json_index(lua_State *L)
{
    const cJSON *child;
    size_t len;

    lua_settop(L, 2);
    backing_of(L, 1, 0); /* 3: the backing */
    lua_pushvalue(L, 2);
    if (lua_rawget(L, 3) != LUA_TNIL)
        return 1;
    if (lua_type(L, 2) != LUA_TSTRING || lua_rawgetp(L, 1, &complete_key) != LUA_TNIL) {
        lua_pushnil(L);
        return 1;
    }
    /* A name with a NUL byte is no JSON key (cJSON would compare its C
     * prefix): nil, and nothing cached for other rules to see. */
    lua_tolstring(L, 2, &len);
    if (strlen(lua_tostring(L, 2)) != len) {
        lua_pushnil(L);
        return 1;
    }
    /* An object member read for the first time: convert just it. */
    child = cJSON_GetObjectItemCaseSensitive(live_node(L, 1), lua_tostring(L, 2));
    if (!child || cJSON_IsNull(child)) {
        lua_pushnil(L);
        return 1;
    }
    push_value(L, child);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, -2);
    lua_rawset(L, 3);
    return 1;
}

static int json_len(lua_State *L)
{
    backing(L, 1);
    lua_pushinteger(L, (lua_Integer)lua_rawlen(L, -1));
    return 1;
}

/* Iterator of json_pairs: upvalues backing, proxy, cursor (the next cJSON
 * child, a light userdata), i and whether it is an array. */
static int json_iter(lua_State *L)
{
    const cJSON *child = lua_touserdata(L, lua_upvalueindex(3));
    lua_Integer i = lua_tointeger(L, lua_upvalueindex(4)) + 1;

    if (!ts_lua_json_node(L, lua_upvalueindex(2)))
        return luaL_error(L, "snapshot data from an earlier account is no longer available");
    if (lua_toboolean(L, lua_upvalueindex(5))) { /* an array */
        lua_pushinteger(L, i);
        lua_replace(L, lua_upvalueindex(4));
        lua_pushinteger(L, i);
        return lua_rawgeti(L, lua_upvalueindex(1), i) == LUA_TNIL ? 1 : 2;
    }
    /* Objects in document order; nulls (absent) and duplicates skipped. */
    for (; child; child = child->next) {
        if (cJSON_IsNull(child) || !child->string)
            continue;
        lua_pushstring(L, child->string);
        lua_pushvalue(L, -1);
        lua_rawget(L, lua_upvalueindex(1));
        if (!lua_isnil(L, -1)) {
            lua_pushlightuserdata(L, (void *)child->next);
            lua_replace(L, lua_upvalueindex(3));
            return 2;
        }
        lua_pop(L, 2);
    }
    lua_pushlightuserdata(L, NULL);
    lua_replace(L, lua_upvalueindex(3));
    lua_pushnil(L);
    return 1;
}

/* pairs() over a snapshot table: document order. */
static int json_pairs(lua_State *L)
{
    const cJSON *node;

    backing(L, 1);
    node = live_node(L, 1);
    lua_pushvalue(L, 1);
    lua_pushlightuserdata(L, node->child);
    lua_pushinteger(L, 0);
    lua_pushboolean(L, cJSON_IsArray(node));
    lua_pushcclosure(L, json_iter, 5);
    return 1;
}

void ts_lua_json_new_generation(lua_State *L)
{
    lua_Integer gen = current_generation(L) + 1;

    lua_pushinteger(L, gen);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &gen_key);
    lua_createtable(L, 0, 8);
    lua_pushcfunction(L, json_index);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, ts_readonly_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, json_len);
    lua_setfield(L, -2, "__len");
    lua_pushcfunction(L, json_pairs);
    lua_setfield(L, -2, "__pairs");
    lua_pushliteral(L, TS_READONLY_PROTECTED);
    lua_setfield(L, -2, "__metatable");
    lua_pushcfunction(L, json_backing);
    lua_rawsetp(L, -2, &ts_ro_materialize_key);
    lua_pushinteger(L, gen);
    lua_rawsetp(L, -2, &gen_key);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &mt_key);
}

static void push_value(lua_State *L, const cJSON *node)
{
    if (cJSON_IsString(node))
        lua_pushstring(L, node->valuestring);
    else if (cJSON_IsNumber(node))
        push_number(L, node->valuedouble);
    else if (cJSON_IsBool(node))
        lua_pushboolean(L, cJSON_IsTrue(node));
    else if (cJSON_IsObject(node) || cJSON_IsArray(node)) {
        lua_createtable(L, 0, 3);
        lua_pushlightuserdata(L, (void *)node);
        lua_rawsetp(L, -2, &node_key);
        lua_rawgetp(L, LUA_REGISTRYINDEX, &mt_key);
        lua_setmetatable(L, -2);
    } else
        lua_pushnil(L);
}

void ts_lua_json_push(lua_State *L, const cJSON *node)
{
    push_value(L, node);
}

const cJSON *ts_lua_json_node(lua_State *L, int idx)
{
    const cJSON *node = NULL;

    idx = lua_absindex(L, idx);
    if (lua_type(L, idx) != LUA_TTABLE || !lua_getmetatable(L, idx))
        return NULL;
    /* Only a proxy of the current snapshot: older nodes are freed. */
    if (lua_rawgetp(L, -1, &gen_key) == LUA_TNUMBER
        && lua_tointeger(L, -1) == current_generation(L)) {
        if (lua_rawgetp(L, idx, &node_key) == LUA_TLIGHTUSERDATA)
            node = lua_touserdata(L, -1);
        lua_pop(L, 1);
    }
    lua_pop(L, 2);
    return node;
}

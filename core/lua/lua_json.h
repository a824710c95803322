/* How rules see a snapshot: cJSON's tree as read-only Lua tables, made on
 * first touch.  A container becomes an empty proxy; the first read of any of
 * its keys converts its direct children (scalars as Lua values, containers
 * as further proxies) into a hidden backing table, after which reads take
 * the VM's fast path.  Untouched parts of a snapshot cost nothing, and all
 * rules share what one of them converted.  JSON null reads as nil in objects
 * and as `trailscan.null` in arrays (so array lengths stay right). */
#ifndef TS_LUA_JSON_H
#define TS_LUA_JSON_H

#include <lua.h>
#include <cjson/cJSON.h>

/* Starts a new generation: proxies of earlier trees (whose cJSON memory may
 * be gone) refuse to convert from then on. */
void ts_lua_json_new_generation(lua_State *L);

/* Pushes node as a Lua value. */
void ts_lua_json_push(lua_State *L, const cJSON *node);

/* The cJSON container behind the proxy at idx, or NULL. */
const cJSON *ts_lua_json_node(lua_State *L, int idx);

/* The proxies' state of L, made by the first generation (NULL before):
 * valid for L's life, for a caller that looks up a node per call. */
struct ts_lua_json_state;
struct ts_lua_json_state *ts_lua_json_state(lua_State *L);

/* ts_lua_json_node, given L's state (st). */
const cJSON *ts_lua_json_node_in(lua_State *L, struct ts_lua_json_state *st, int idx);

/* trailscan.columns(list, key, ...): one plain table per key of the list's
 * elements' scalar members (lua_CFunction). */
int ts_lua_json_columns(lua_State *L);

/* Pushes the null sentinel. */
void ts_lua_json_push_null(lua_State *L);

#endif

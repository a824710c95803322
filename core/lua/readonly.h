/* Read-only tables for rules.  Lua has no frozen tables, so a rule sees an
 * empty proxy whose metatable forwards reads to a backing table it cannot
 * reach; writes raise.  The backing may be made on first touch (lua_json.c
 * builds snapshot tables that way). */
#ifndef TS_READONLY_H
#define TS_READONLY_H

#include <lua.h>

/* Metatable slots (light-userdata keys, invisible to rules because the
 * metatable is protected by __metatable). */
extern const char ts_ro_backing_key;     /* the backing table, once made */
extern const char ts_ro_materialize_key; /* C function(proxy) -> backing, for
                                           proxies whose backing is made later */

/* Pushes a proxy over the table at idx. */
void ts_readonly_wrap(lua_State *L, int idx);

/* __newindex of every proxy: raises "blocked". */
int ts_readonly_newindex(lua_State *L);

/* What getmetatable() says of a proxy. */
#define TS_READONLY_PROTECTED "trailscan: read-only"
/* What getmetatable() says of a string. */
#define TS_STRING_PROTECTED "trailscan: protected"

/* If the value at idx is a proxy, pushes its backing table (making it if
 * needed) and returns 1; otherwise pushes nothing and returns 0. */
int ts_readonly_backing(lua_State *L, int idx);

/* next() that sees through proxies: what rules get as `next`. */
int ts_readonly_next(lua_State *L);

/* 1 if the table at idx is one of ours whose metatable rules must not
 * replace (a proxy). */
int ts_readonly_is_protected(lua_State *L, int idx);

#endif

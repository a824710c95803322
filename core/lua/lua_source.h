/* Loading Lua source for rules and their helper modules: text only (a
 * binary chunk can crash the VM), with the chunk's _ENV set to a sandbox
 * environment. */
#ifndef TS_LUA_SOURCE_H
#define TS_LUA_SOURCE_H

#include <lua.h>

/* Largest rule or module file accepted. */
#define TS_MAX_RULE_BYTES ((size_t)4 * 1024 * 1024)

/* Loads path as a text chunk and sets its _ENV to the table at env_idx.
 * Pushes the function and returns LUA_OK, or pushes a message and returns
 * an error status.  Never raises (except on memory errors). */
int ts_lua_load_source(lua_State *L, const char *path, int env_idx);

#endif

#include "lua/lua_source.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <lauxlib.h>

int ts_lua_load_source(lua_State *L, const char *path, int env_idx)
{
    struct stat st;
    FILE *f;
    void *buf;
    size_t got;
    int status;

    env_idx = lua_absindex(L, env_idx);
    errno = 0;
    if (stat(path, &st) < 0 || !S_ISREG(st.st_mode)) {
        lua_pushfstring(L, "%s: cannot open: %s", path,
                        errno ? strerror(errno) : "not a regular file");
        return LUA_ERRFILE;
    }
    if ((size_t)st.st_size > TS_MAX_RULE_BYTES) {
        lua_pushfstring(L, "%s: file too large for a rule", path);
        return LUA_ERRFILE;
    }
    /* The buffer is a userdata, so an error raised while loading (memory,
     * syntax) cannot leak it; no Lua call happens while the FILE is open. */
    buf = lua_newuserdatauv(L, (size_t)st.st_size, 0);
    f = fopen(path, "rb");
    if (!f) {
        lua_pop(L, 1);
        lua_pushfstring(L, "%s: cannot open: %s", path, strerror(errno));
        return LUA_ERRFILE;
    }
    got = fread(buf, 1, (size_t)st.st_size, f);
    fclose(f);
    lua_pushfstring(L, "@%s", path);
    status = luaL_loadbufferx(L, buf, got, lua_tostring(L, -1), "t");
    lua_remove(L, -2); /* chunk name */
    lua_remove(L, -2); /* buffer */
    if (status != LUA_OK)
        return status;
    lua_pushvalue(L, env_idx);
    if (!lua_setupvalue(L, -2, 1))
        lua_pop(L, 1);
    return LUA_OK;
}

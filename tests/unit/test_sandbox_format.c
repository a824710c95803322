/* The sandbox's string.format says what Lua's says: its own quick path
 * (bare %s of strings, %d of integers, %%) and the calls it hands to Lua's
 * give the same bytes, and fail where Lua's fails.  Each case is run by
 * the sandbox and by a plain Lua state, and the two compared. */
#include <lauxlib.h>
#include <lualib.h>
#include "test.h"
#include "lua/sandbox.h"

/* The arguments of string.format, as Lua source. */
static const char *const cases[] = {
    "\"arn:%s:logs:%s:%s:log-group:*\", \"aws\", \"eu-west-1\", \"123456789012\"",
    "\"%s\", \"\"",
    "\"\", \"unused\"",
    "\"no conversion at all\"",
    "\"%s%s%s\", \"a\", \"\", \"c\"",
    "\"%d items\", 42",
    "\"%d|%d|%d|%d\", 0, -7, math.mininteger, math.maxinteger",
    "\"100%% of %s, %d%%\", \"it\", 5",
    "\"%%\"",
    "\"%%%%%s%%\", \"x\"",
    "\"a\\0b %s c\\0\", \"d\\0e\"",
    "\"%s and %s\", string.rep(\"x\", 5000), string.rep(\"y\", 3000)",
    "string.rep(\"long literal \", 200) .. \"%s\", \"end\"",
    "\"証跡 %s のログ %d 件\", \"データ\", 3",
    "\"%s\", \"\\xff\\xfe not UTF-8\"",
    "\"%d\", 3.0",
    "\"%d\", \"12\"",
    "\"%s\", 7",
    "\"%s\", 1.5",
    "\"%s %s\", true, nil",
    "\"%5s|%-5s|\", \"ab\", \"cd\"",
    "\"%.2s\", \"abcdef\"",
    "\"%03d %x %X %o %c %i\", 7, 255, 255, 8, 65, 9",
    "\"%g %.3f %e %a\", 1/3, 2.5, 1e10, 1",
    "\"%q\", \"a\\nb\"",
    "\"%s at %d: %s\", \"x\", 1, \"y\", \"extra\", 3",
    /* Mistakes: each fails, in both. */
    "\"%s %s\", \"only one\"",
    "\"%d\", \"x\"",
    "\"%d\", 1.5",
    "\"abc%\", \"x\"",
    "\"%\"",
    "\"%y\", 1",
    "\"%s %y\", \"a\", 1",
    "\"%d\"",
    "\"%s\"",
    "",
    NULL};

/* Gives the chunk at the top of the stack a rule's environment (the
 * sandbox's string library, not the state's own). */
static void in_rule_env(struct ts_sandbox *sb)
{
    ts_sandbox_new_env(sb);
    ASSERT(lua_setupvalue(sb->L, -2, 1) != NULL);
}

/* Runs `return string.format(args)` on L; the result or the error's text
 * (a copy), and whether it failed. */
static char *format_on(lua_State *L, struct ts_sandbox *sb, const char *args, int *failed)
{
    char chunk[512], msg[512] = "";
    char *out;
    size_t len;
    const char *s;

    snprintf(chunk, sizeof(chunk), "return string.format(%s)", args);
    ASSERT(luaL_loadstring(L, chunk) == LUA_OK);
    if (sb)
        in_rule_env(sb);
    if (sb)
        *failed = ts_sandbox_call(sb, 0, 1, msg, sizeof(msg)) != TS_CAUSE_NONE;
    else
        *failed = lua_pcall(L, 0, 1, 0) != LUA_OK;
    if (*failed && sb)
        lua_pushstring(L, msg);
    s = lua_tolstring(L, -1, &len);
    out = malloc(len + 1);
    memcpy(out, s, len);
    out[len] = '\0';
    lua_pop(L, 1);
    return out;
}

static void same_as_lua(void)
{
    struct ts_limits limits = {TS_DEFAULT_MEMORY_LIMIT, TS_DEFAULT_INSTRUCTION_LIMIT,
                               TS_DEFAULT_RESULT_LIMIT, 30.0};
    struct ts_sandbox sb;
    lua_State *plain = luaL_newstate();

    luaL_openlibs(plain);
    ASSERT(ts_sandbox_open(&sb, &limits) == 0);
    for (int i = 0; cases[i]; i++) {
        int sb_failed, lua_failed;
        char *got = format_on(sb.L, &sb, cases[i], &sb_failed);
        char *want = format_on(plain, NULL, cases[i], &lua_failed);
        if (sb_failed != lua_failed || (!sb_failed && strcmp(got, want) != 0)) {
            fprintf(stderr, "string.format(%s):\n  sandbox (%s): %.200s\n  Lua (%s): %.200s\n",
                    cases[i], sb_failed ? "failed" : "ok", got, lua_failed ? "failed" : "ok",
                    want);
            test_failures++;
        }
        free(got);
        free(want);
    }
    ts_sandbox_close(&sb);
    lua_close(plain);
}

/* Embedded NULs and long texts: strcmp above would stop at a NUL, so the
 * lengths and bytes are compared here. */
static void whole_bytes(void)
{
    struct ts_limits limits = {TS_DEFAULT_MEMORY_LIMIT, TS_DEFAULT_INSTRUCTION_LIMIT,
                               TS_DEFAULT_RESULT_LIMIT, 30.0};
    struct ts_sandbox sb;
    char msg[512];
    size_t len;
    const char *s;

    ASSERT(ts_sandbox_open(&sb, &limits) == 0);
    ASSERT(luaL_loadstring(sb.L, "local s = string.format(\"a\\0b %s c\\0%d\", \"d\\0e\", -12)\n"
                                 "local l = string.format(\"<%s>\", string.rep(\"z\", 70000))\n"
                                 "return s .. #l") == LUA_OK);
    in_rule_env(&sb);
    ASSERT_EQ_INT(ts_sandbox_call(&sb, 0, 1, msg, sizeof(msg)), TS_CAUSE_NONE);
    s = lua_tolstring(sb.L, -1, &len);
    ASSERT_EQ_INT(len, 18);
    ASSERT(s && len == 18 && memcmp(s, "a\0b d\0e c\0-1270002", 18) == 0);
    ts_sandbox_close(&sb);
}

int main(void)
{
    RUN(same_as_lua);
    RUN(whole_bytes);
    return TEST_EXIT();
}

/* Built-in rules share built-in helper modules (loaded once per Lua state,
 * frozen) and per-account memos inside them: a rule must still be unable
 * to change what the next rule sees. */
#include <stdlib.h>
#include <lauxlib.h>
#include "test.h"
#include "engine/engine.h"
#include "lua/lua_json.h"
#include "engine/rule_env.h"
#include "snapshot/snapshot_load.h"

static const char *const modules[] = {"account", "arn", "buckets", "data_events",
    "filter_pattern", "fixes", "loggroups", "monitoring", "monitoring_fixes", "selectors",
    "trails", NULL};

static const char snapshot_text[] =
    "{\"format\": \"trailscan-snapshot/1\", \"account_id\": \"123456789012\","
    " \"partition\": \"aws\", \"collected_at\": \"2026-11-25T12:00:00Z\","
    " \"regions\": {\"us-east-1\": {\"cloudtrail\": {\"DescribeTrails\": {\"trailList\": ["
    "{\"Name\": \"main\", \"HomeRegion\": \"us-east-1\", \"IsMultiRegionTrail\": true,"
    " \"TrailARN\": \"arn:aws:cloudtrail:us-east-1:123456789012:trail/main\"}]}}}},"
    " \"global\": {}, \"errors\": []}";

/* Runs code as a built-in rule would (its own environment, the built-in
 * rules folder as its root) with the snapshot as `...`; the result stays
 * on the stack.  Returns the cause. */
static enum ts_cause run(struct ts_engine *e, int snap_ref, const char *code)
{
    lua_State *L = ts_engine_lua(e);
    const char *builtin = ts_engine_builtin_dir();
    char msg[1024];
    enum ts_cause cause;

    ts_rule_env_push(ts_engine_sandbox(e), builtin, builtin);
    if (luaL_loadbufferx(L, code, strlen(code), "=test", "t") != LUA_OK) {
        fprintf(stderr, "%s\n", lua_tostring(L, -1));
        lua_pop(L, 2);
        lua_pushnil(L);
        return TS_CAUSE_ERROR;
    }
    lua_pushvalue(L, -2);
    lua_setupvalue(L, -2, 1);
    lua_remove(L, -2);
    lua_rawgeti(L, LUA_REGISTRYINDEX, snap_ref);
    cause = ts_sandbox_call(ts_engine_sandbox(e), 1, 1, msg, sizeof(msg));
    if (cause != TS_CAUSE_NONE) {
        lua_pushnil(L);
        if (cause != TS_CAUSE_BLOCKED)
            fprintf(stderr, "test code: %s\n", msg);
    }
    return cause;
}

static void with_engine(void (*body)(struct ts_engine *, int))
{
    struct ts_limits limits = {TS_DEFAULT_MEMORY_LIMIT, TS_DEFAULT_INSTRUCTION_LIMIT,
                               TS_DEFAULT_RESULT_LIMIT, TS_DEFAULT_SECONDS};
    struct ts_engine *e;
    struct ts_snapshot s;
    struct ts_problems problems;
    int ref;

    ts_problems_init(&problems);
    ts_snapshot_init(&s);
    ASSERT(ts_snapshot_load_text(&s, "t.json", snapshot_text, sizeof(snapshot_text) - 1,
                                 &problems) == 0);
    ASSERT((e = ts_engine_new(&limits)) != NULL);
    ts_lua_json_new_generation(ts_engine_lua(e));
    ts_lua_json_push(ts_engine_lua(e), s.root);
    ref = luaL_ref(ts_engine_lua(e), LUA_REGISTRYINDEX);
    body(e, ref);
    ts_engine_free(e);
    ts_snapshot_release(&s);
    ts_problems_release(&problems);
}

static void loaded_once_per_state(struct ts_engine *e, int snap)
{
    lua_State *L = ts_engine_lua(e);

    ASSERT_EQ_INT(run(e, snap, "return require('trails')"), TS_CAUSE_NONE);
    ASSERT_EQ_INT(run(e, snap, "return require('trails')"), TS_CAUSE_NONE);
    ASSERT(lua_istable(L, -1) && lua_rawequal(L, -1, -2));
    lua_pop(L, 2);
}

static void modules_are_frozen(struct ts_engine *e, int snap)
{
    char code[512];

    for (const char *const *m = modules; *m; m++) {
        snprintf(code, sizeof(code), "require('%s').all = 'changed'", *m);
        ASSERT_EQ_INT(run(e, snap, code), TS_CAUSE_BLOCKED);
        lua_pop(ts_engine_lua(e), 1);
        /* Tables the module exports are read-only too. */
        snprintf(code, sizeof(code), "for _, v in pairs(require('%s')) do"
                 " if type(v) == 'table' then v.injected = true; v[1] = 'x' end end", *m);
        ASSERT(run(e, snap, code) != TS_CAUSE_ERROR);
        lua_pop(ts_engine_lua(e), 1);
    }
    for (const char *const *m = modules; *m; m++) {
        snprintf(code, sizeof(code), "local m = require('%s')\n"
                 "for _, v in pairs(m) do if type(v) == 'table' and (v.injected or v[1] == 'x')"
                 " then return false end end\n"
                 "return m.injected == nil and m.all ~= 'changed'", *m);
        ASSERT_EQ_INT(run(e, snap, code), TS_CAUSE_NONE);
        ASSERT(lua_toboolean(ts_engine_lua(e), -1));
        lua_pop(ts_engine_lua(e), 1);
    }
}

/* The per-account trail memo: each caller gets its own list of read-only
 * trails, and only the real snapshot (by identity, not by a rule's __eq)
 * finds it. */
static void trail_memo_isolated(struct ts_engine *e, int snap)
{
    lua_State *L = ts_engine_lua(e);

    ASSERT_EQ_INT(run(e, snap, "local t = require('trails').all(...)\n"
                                "t[2] = t[1]; t[1] = false; return #t"), TS_CAUSE_NONE);
    lua_pop(L, 1);
    ASSERT_EQ_INT(run(e, snap, "require('trails').all(...)[1].arn = 'changed'"),
                  TS_CAUSE_BLOCKED);
    lua_pop(L, 1);
    ASSERT_EQ_INT(run(e, snap, "require('trails').all(...)[1].multi_region = false"),
                  TS_CAUSE_BLOCKED);
    lua_pop(L, 1);
    ASSERT_EQ_INT(run(e, snap, "local fake = setmetatable({regions = {}},"
                                " {__eq = function() return true end})\n"
                                "return #require('trails').all(fake)"), TS_CAUSE_NONE);
    ASSERT_EQ_INT(lua_tointeger(L, -1), 0);
    lua_pop(L, 1);
    ASSERT_EQ_INT(run(e, snap, "local t = require('trails').all(...)\n"
                                "return #t == 1 and t[1].multi_region and t[1].arn"),
                  TS_CAUSE_NONE);
    ASSERT(lua_isstring(L, -1));
    if (lua_isstring(L, -1))
        ASSERT_CONTAINS(lua_tostring(L, -1), "trail/main");
    lua_pop(L, 1);
}

static void loaded_once(void) { with_engine(loaded_once_per_state); }
static void frozen(void) { with_engine(modules_are_frozen); }
static void memo(void) { with_engine(trail_memo_isolated); }

int main(void)
{
    RUN(loaded_once);
    RUN(frozen);
    RUN(memo);
    return TEST_EXIT();
}

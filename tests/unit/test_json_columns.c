/* trailscan.columns (lua_json.c): one plain table per member name, whose
 * i-th entry is the list's i-th element's member as the element would give
 * it, for strings, numbers and booleans; a hole (nil) for anything else.
 * Only a list from the current snapshot is accepted, and the work is
 * charged to the instruction budget. */
#include <lauxlib.h>
#include <lualib.h>
#include <cjson/cJSON.h>
#include "test.h"
#include "lua/lua_json.h"
#include "lua/readonly.h"
#include "lua/sandbox_limits.h"

static struct ts_sandbox sandbox;

static const char doc[] =
    "{\"groups\": ["
    "{\"logGroupName\": \"a\", \"retentionInDays\": 30, \"arn\": \"x\"},"
    " {\"retentionInDays\": 1.5, \"logGroupName\": \"b\"},"
    " {\"logGroupName\": null, \"retentionInDays\": {\"n\": 1}},"
    " null, 7, [\"logGroupName\"],"
    " {\"logGroupName\": \"\\u00e9t\\u00e9\", \"retentionInDays\": true, \"x\": false},"
    " {\"logGroupName\": [1], \"retentionInDays\": 1e300}"
    "], \"obj\": {\"logGroupName\": \"o\"}, \"empty\": []}";

static const char *run(lua_State *L, const char *chunk, char *buf, size_t len)
{
    const char *s;

    if (luaL_loadstring(L, chunk) != LUA_OK || lua_pcall(L, 0, 1, 0) != LUA_OK)
        snprintf(buf, len, "error: %s", lua_tostring(L, -1));
    else
        snprintf(buf, len, "%s", (s = luaL_tolstring(L, -1, NULL)) ? s : "?");
    lua_settop(L, 0);
    return buf;
}

static lua_State *new_state(cJSON **tree)
{
    lua_State *L = luaL_newstate();

    luaL_openlibs(L);
    *(struct ts_sandbox **)lua_getextraspace(L) = &sandbox;
    *tree = cJSON_Parse(doc);
    ASSERT(*tree != NULL);
    ts_lua_json_new_generation(L);
    ts_lua_json_push(L, *tree);
    lua_setglobal(L, "root");
    lua_pushcfunction(L, ts_lua_json_columns);
    lua_setglobal(L, "columns");
    return L;
}

/* Each entry agrees with reading the element's member, for every kind of
 * element and member: a table member or a non-object element is a hole. */
static void entries_agree_with_the_elements(void)
{
    char buf[512];
    cJSON *tree;
    lua_State *L = new_state(&tree);

    ASSERT_CONTAINS(run(L, "local g = root.groups\n"
                           "local n, d, a = columns(g, 'logGroupName', 'retentionInDays', 'arn')\n"
                           "local out = {}\n"
                           "for i = 1, #g do\n"
                           "  local e = g[i]\n"
                           "  local want_n = type(e) == 'table' and e.logGroupName or nil\n"
                           "  local want_d = type(e) == 'table' and e.retentionInDays or nil\n"
                           "  if type(want_n) == 'table' then want_n = nil end\n"
                           "  if type(want_d) == 'table' then want_d = nil end\n"
                           "  assert(n[i] == want_n and d[i] == want_d, 'entry ' .. i)\n"
                           "  assert(math.type(d[i]) == math.type(want_d), 'type ' .. i)\n"
                           "  out[#out + 1] = tostring(n[i]) .. '=' .. tostring(d[i])\n"
                           "end\n"
                           "assert(a[1] == 'x' and a[2] == nil and next(a, 1) == nil)\n"
                           "return table.concat(out, ' ')",
                        buf, sizeof buf),
                    "a=30 b=1.5 nil=nil nil=nil nil=nil nil=nil \xc3\xa9t\xc3\xa9=true"
                    " nil=1e+300");
    /* Integers stay integers, as a read from the element gives them. */
    ASSERT_CONTAINS(run(L, "local _, d = columns(root.groups, 'x', 'retentionInDays')\n"
                           "return math.type(d[1]) .. ' ' .. math.type(d[2])",
                        buf, sizeof buf),
                    "integer float");
    /* The same name twice gives two full columns; a name no member has, or
     * one with a NUL byte, an empty one. */
    ASSERT_CONTAINS(run(L, "local a, b, c, z = columns(root.groups, 'logGroupName',"
                           " 'logGroupName', 'nope', 'logGroupName\\0')\n"
                           "return a[2] .. b[2] .. tostring(next(c)) .. tostring(next(z))",
                        buf, sizeof buf),
                    "bbnilnil");
    ASSERT_CONTAINS(run(L, "local e = columns(root.empty, 'a')\n"
                           "return type(e) .. ' ' .. tostring(next(e))",
                        buf, sizeof buf),
                    "table nil");
    /* The columns are the rule's own tables: it may write them. */
    ASSERT_CONTAINS(run(L, "local n = columns(root.groups, 'logGroupName')\n"
                           "n[1] = 'changed'\n"
                           "return n[1] .. ' ' .. root.groups[1].logGroupName",
                        buf, sizeof buf),
                    "changed a");
    lua_close(L);
    cJSON_Delete(tree);
}

/* Anything but a list of this snapshot, or a wrong number of names, is
 * the rule's mistake, said as such. */
static void refuses_what_is_no_snapshot_list(void)
{
    char buf[512];
    cJSON *tree;
    lua_State *L = new_state(&tree);

    ASSERT_CONTAINS(run(L, "return columns({1, 2}, 'a')", buf, sizeof buf),
                    "a list read from this account's snapshot expected");
    ASSERT_CONTAINS(run(L, "return columns(root.obj, 'a')", buf, sizeof buf),
                    "a list read from this account's snapshot expected");
    ASSERT_CONTAINS(run(L, "return columns(nil, 'a')", buf, sizeof buf),
                    "a list read from this account's snapshot expected");
    ASSERT_CONTAINS(run(L, "return columns(root.groups)", buf, sizeof buf),
                    "one to 8 member names expected");
    ASSERT_CONTAINS(run(L, "return columns(root.groups, 'a', 'b', 'c', 'd', 'e', 'f', 'g',"
                           " 'h', 'i')",
                        buf, sizeof buf),
                    "one to 8 member names expected");
    ASSERT_CONTAINS(run(L, "return columns(root.groups, 'a', {})", buf, sizeof buf),
                    "string expected");
    /* A list kept from an earlier snapshot is gone with it. */
    ASSERT_CONTAINS(run(L, "kept = root.groups return #kept", buf, sizeof buf), "8");
    ts_lua_json_new_generation(L);
    ASSERT_CONTAINS(run(L, "return columns(kept, 'logGroupName')", buf, sizeof buf),
                    "a list read from this account's snapshot expected");
    lua_close(L);
    cJSON_Delete(tree);
}

/* One step per value read counts against the budget, so a rule cannot do
 * unbounded work in C for a few instructions of its own. */
static void charged_to_the_budget(void)
{
    char buf[512];
    cJSON *tree;
    lua_State *L = new_state(&tree);

    sandbox.L = L;
    sandbox.guarded = 1;
    sandbox.limits.instructions = 1000;
    sandbox.spent = 0;
    ASSERT_CONTAINS(run(L, "return columns(root.groups, 'logGroupName', 'retentionInDays')",
                        buf, sizeof buf),
                    "table");
    ASSERT(sandbox.spent == 16); /* 8 elements, 2 names */
    sandbox.spent = 990;
    ASSERT_CONTAINS(run(L, "return columns(root.groups, 'logGroupName', 'retentionInDays')",
                        buf, sizeof buf),
                    "instruction limit reached");
    sandbox.guarded = 0;
    sandbox.L = NULL;
    lua_close(L);
    cJSON_Delete(tree);
}

int main(void)
{
    RUN(entries_agree_with_the_elements);
    RUN(refuses_what_is_no_snapshot_list);
    RUN(charged_to_the_budget);
    return TEST_EXIT();
}

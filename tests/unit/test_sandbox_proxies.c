/* Snapshot tables (lua_json.c) as rules read them: a table member read
 * from an untouched object is served without converting the object, is
 * the same table on every read, before and after the object converts,
 * and refuses every read once its snapshot is gone; arrays with nulls and
 * nested arrays read as before through ipairs, #, pairs and indexing. */
#include <lauxlib.h>
#include <lualib.h>
#include <cjson/cJSON.h>
#include "test.h"
#include "lua/lua_json.h"
#include "lua/readonly.h"
#include "lua/sandbox_limits.h"

static struct ts_sandbox sandbox; /* what a blocked write finds (unguarded) */

static const char doc[] =
    "{\"format\": \"f\", \"regions\": {\"us-east-1\": {\"logs\": {\"groups\": ["
    "{\"name\": \"a\", \"days\": 30}, {\"name\": \"b\"}]}, \"n\": 1}},"
    " \"list\": [1, null, [\"x\", null, [true]], {\"k\": \"v\"}, \"end\"],"
    " \"gap\": null, \"o\": {\"p\": {}, \"q\": []}}";

/* Runs chunk with the snapshot as `root` (and `null`); returns its first
 * result as a string (or the error) in buf. */
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

/* Whether global name is a converted snapshot table (it has a backing). */
static int converted(lua_State *L, const char *chunk)
{
    int has;

    ASSERT(luaL_loadstring(L, chunk) == LUA_OK && lua_pcall(L, 0, 1, 0) == LUA_OK);
    has = lua_getmetatable(L, -1) && lua_rawgetp(L, -1, &ts_ro_backing_key) == LUA_TTABLE;
    lua_settop(L, 0);
    return has;
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
    ts_lua_json_push_null(L);
    lua_setglobal(L, "null");
    lua_pushcfunction(L, ts_readonly_next); /* what rules have as next */
    lua_setglobal(L, "next");
    return L;
}

static void table_member_without_conversion(void)
{
    char buf[256];
    cJSON *tree;
    lua_State *L = new_state(&tree);

    ASSERT_CONTAINS(run(L, "kept = root.regions['us-east-1'].logs\n"
                           "return tostring(kept == root.regions['us-east-1'].logs)"
                           " .. ' ' .. kept.groups[2].name .. ' ' .. #kept.groups",
                        buf, sizeof buf),
                    "true b 2");
    /* The root and the region were passed through, not converted. */
    ASSERT(!converted(L, "return root"));
    ASSERT(!converted(L, "return root.regions"));
    ASSERT(!converted(L, "return root.regions['us-east-1']"));
    /* A short list is read from the tree too: its length and elements. */
    ASSERT(!converted(L, "return kept.groups"));
    /* Converting afterwards (pairs, #) keeps the tables already given. */
    ASSERT_CONTAINS(run(L, "local r = root.regions['us-east-1']\n"
                           "local names = {}\n"
                           "for k, v in pairs(r) do names[#names + 1] = k end\n"
                           "return table.concat(names, ',') .. ' ' .. tostring(r.logs == kept)"
                           " .. ' ' .. tostring(#r) .. ' ' .. tostring(r.n)",
                        buf, sizeof buf),
                    "logs,n true 0 1");
    ASSERT(converted(L, "return root.regions['us-east-1']"));
    /* Past the lazy reads the object converts; the same tables still. */
    ASSERT_CONTAINS(run(L, "local o, p = root.o, root.o.p\n"
                           "for i = 1, 12 do assert(root.o.p == p and root.o.q == o.q) end\n"
                           "return tostring(root.o == o) .. ' ' .. tostring(root.gap)"
                           " .. ' ' .. tostring(root.nope)",
                        buf, sizeof buf),
                    "true nil nil");
    ASSERT(converted(L, "return root"));
    ASSERT_CONTAINS(run(L, "return tostring(root.regions['us-east-1'].logs == kept)", buf,
                        sizeof buf),
                    "true");
    /* Still read-only, still protected. */
    ASSERT_CONTAINS(run(L, "root.regions.x = 1", buf, sizeof buf), "read-only");
    ASSERT_CONTAINS(run(L, "kept.groups = 1", buf, sizeof buf), "read-only");
    ASSERT_CONTAINS(run(L, "return getmetatable(kept)", buf, sizeof buf), "trailscan: read-only");
    lua_close(L);
    cJSON_Delete(tree);
}

static void arrays_with_nulls_and_nesting(void)
{
    char buf[256];
    cJSON *tree;
    lua_State *L = new_state(&tree);

    ASSERT_CONTAINS(run(L, "local out = {}\n"
                           "for i, v in ipairs(root.list) do\n"
                           "  if v == null then out[#out + 1] = i .. '=null'\n"
                           "  elseif type(v) == 'table' and v.k then out[#out + 1] = i .. '=' .. v.k\n"
                           "  elseif type(v) == 'table' then\n"
                           "    local inner = {}\n"
                           "    for j, w in ipairs(v) do\n"
                           "      inner[#inner + 1] = w == null and 'null' or type(w) == 'table'"
                           " and tostring(w[1]) or w\n"
                           "    end\n"
                           "    out[#out + 1] = i .. '=[' .. table.concat(inner, ' ') .. ']'\n"
                           "  else out[#out + 1] = i .. '=' .. tostring(v) end\n"
                           "end\n"
                           "return table.concat(out, ',') .. ' #' .. #root.list .. ' '"
                           " .. tostring(root.list[6]) .. ' ' .. tostring(root.list[3][3] =="
                           " root.list[3][3])",
                        buf, sizeof buf),
                    "1=1,2=null,3=[x null true],4=v,5=end #5 nil true");
    lua_close(L);
    cJSON_Delete(tree);
}

/* Kept across generations (the tree freed, as between accounts): every
 * read raises, whether the table was passed through, converted or read
 * lazily; ASan sees no read of the freed tree. */
static void stale_tables_refuse(void)
{
    char buf[256];
    cJSON *tree;
    lua_State *L = new_state(&tree);

    run(L, "through = root.regions['us-east-1'].logs\n"
           "lazy = root.regions['us-east-1']; local _ = lazy.n\n"
           "conv = root.list; local _ = conv[1]\n"
           "convobj = root.o; for _ in pairs(convobj) do end\n"
           "parent = root.regions", buf, sizeof buf);
    ASSERT(!converted(L, "return lazy") && !converted(L, "return through"));
    ASSERT(converted(L, "return conv") && converted(L, "return convobj"));
    ts_lua_json_new_generation(L);
    cJSON_Delete(tree);
    ASSERT_CONTAINS(run(L, "return through.groups", buf, sizeof buf), "no longer available");
    ASSERT_CONTAINS(run(L, "return lazy.logs", buf, sizeof buf), "no longer available");
    ASSERT_CONTAINS(run(L, "return lazy.n", buf, sizeof buf), "no longer available");
    ASSERT_CONTAINS(run(L, "return #lazy", buf, sizeof buf), "no longer available");
    ASSERT_CONTAINS(run(L, "return conv[1]", buf, sizeof buf), "no longer available");
    ASSERT_CONTAINS(run(L, "for _ in ipairs(conv) do end", buf, sizeof buf),
                    "no longer available");
    ASSERT_CONTAINS(run(L, "return convobj.p", buf, sizeof buf), "no longer available");
    ASSERT_CONTAINS(run(L, "return next(convobj)", buf, sizeof buf), "no longer available");
    ASSERT_CONTAINS(run(L, "return parent['us-east-1']", buf, sizeof buf),
                    "no longer available");
    ASSERT_CONTAINS(run(L, "for _ in pairs(parent) do end", buf, sizeof buf),
                    "no longer available");
    ASSERT_CONTAINS(run(L, "return root.regions", buf, sizeof buf), "no longer available");
    lua_close(L);
}

/* A short list (at most four elements) and an empty one are read from the
 * tree, # of any list too, as the converted table would answer: integral
 * floats index, strings do not, nulls are `null`; past the lazy reads the
 * list converts and keeps the tables it gave.  A long list converts at its
 * first element read. */
static void short_lists_from_the_tree(void)
{
    char buf[256];
    cJSON *tree;
    lua_State *L = new_state(&tree);

    ASSERT_CONTAINS(run(L, "return #root.list", buf, sizeof buf), "5");
    ASSERT(!converted(L, "return root.list"));
    ASSERT_CONTAINS(run(L, "s = root.list[3]; early = s[3]\n"
                           "return #s .. ' ' .. s[1] .. ' ' .. tostring(s[2] == null) .. ' '"
                           " .. tostring(s[4])",
                        buf, sizeof buf),
                    "3 x true nil");
    ASSERT(converted(L, "return root.list"));
    ASSERT(!converted(L, "return s"));
    ASSERT_CONTAINS(run(L, "return tostring(s[1.0]) .. ' ' .. tostring(s['1'])",
                        buf, sizeof buf),
                    "x nil");
    ASSERT(!converted(L, "return s"));
    /* The eighth read converts; the element given before is kept. */
    ASSERT_CONTAINS(run(L, "inner = s[3]\n"
                           "return tostring(inner[1]) .. ' ' .. tostring(inner == early) .. ' '"
                           " .. #s .. ' ' .. tostring(s[2] == null) .. ' ' .. tostring(s.x) .. ' '"
                           " .. tostring(s[0]) .. ' ' .. tostring(s[1.5])",
                        buf, sizeof buf),
                    "true true 3 true nil nil nil");
    ASSERT(converted(L, "return s"));
    ASSERT_CONTAINS(run(L, "local out = {}\n"
                           "for k, v in pairs(s) do out[#out + 1] = k .. '=' .. (v == null and"
                           " 'null' or v == inner and 'inner' or tostring(v)) end\n"
                           "return table.concat(out, ',')",
                        buf, sizeof buf),
                    "1=x,2=null,3=inner");
    /* Empty ones: #, any key and pairs, without a conversion. */
    ASSERT_CONTAINS(run(L, "local e, p = root.o.q, root.o.p\n"
                           "return #e .. tostring(e[1]) .. #p .. tostring(p[1]) .. tostring(p.x)",
                        buf, sizeof buf),
                    "0nil0nilnil");
    ASSERT(!converted(L, "return root.o.q") && !converted(L, "return root.o.p"));
    ASSERT_CONTAINS(run(L, "for _ in pairs(root.o.q) do return 'some' end return 'none'", buf,
                        sizeof buf),
                    "none");
    /* The table served is the node's (evidence points at it). */
    ASSERT(luaL_loadstring(L, "return inner") == LUA_OK && lua_pcall(L, 0, 1, 0) == LUA_OK);
    ASSERT(ts_lua_json_node(L, -1)
           == cJSON_GetArrayItem(cJSON_GetArrayItem(cJSON_GetObjectItem(tree, "list"), 2), 2));
    lua_settop(L, 0);
    ASSERT_CONTAINS(run(L, "s[1] = 1", buf, sizeof buf), "read-only");
    ASSERT_CONTAINS(run(L, "inner[2] = 1", buf, sizeof buf), "read-only");
    lua_close(L);
    cJSON_Delete(tree);
}

/* A table read from the tree and never converted refuses every way in
 * once its snapshot is gone: index, #, pairs, next; it stays protected. */
static void stale_short_list_refuses(void)
{
    char buf[256];
    cJSON *tree;
    lua_State *L = new_state(&tree);

    run(L, "s = root.list[3]; local _ = #s + #s[3]; obj = root.o.p; local _ = #obj", buf,
        sizeof buf);
    ASSERT(!converted(L, "return s") && !converted(L, "return obj"));
    ts_lua_json_new_generation(L);
    cJSON_Delete(tree);
    ASSERT_CONTAINS(run(L, "return s[1]", buf, sizeof buf), "no longer available");
    ASSERT_CONTAINS(run(L, "return #s", buf, sizeof buf), "no longer available");
    ASSERT_CONTAINS(run(L, "return #obj", buf, sizeof buf), "no longer available");
    ASSERT_CONTAINS(run(L, "for _ in pairs(s) do end", buf, sizeof buf), "no longer available");
    ASSERT_CONTAINS(run(L, "return next(s)", buf, sizeof buf), "no longer available");
    ASSERT_CONTAINS(run(L, "return getmetatable(s)", buf, sizeof buf), "trailscan: read-only");
    ASSERT_CONTAINS(run(L, "s[1] = 1", buf, sizeof buf), "read-only");
    lua_close(L);
}

/* Thousands of tables in one snapshot (more than the records first made
 * room for), each showing its own node; a root asked for twice is one
 * table; the next snapshot's tables start afresh. */
static void many_tables_keep_their_nodes(void)
{
    char buf[256];
    cJSON *tree, *items = cJSON_CreateArray(), *big = cJSON_CreateObject();
    lua_State *L = new_state(&tree);

    for (int i = 0; i < 3000; i++) {
        cJSON *o = cJSON_CreateObject();

        cJSON_AddNumberToObject(o, "i", i);
        cJSON_AddItemToObject(o, "tag", cJSON_CreateArray());
        cJSON_AddItemToArray(items, o);
    }
    cJSON_AddItemToObject(big, "items", items);
    ts_lua_json_push(L, big);
    ts_lua_json_push(L, big);
    ASSERT(lua_rawequal(L, -1, -2));
    lua_setglobal(L, "big");
    lua_settop(L, 0);
    ASSERT_CONTAINS(run(L, "local sum, items = 0, big.items\n"
                           "for i = 1, #items do sum = sum + items[i].i + #items[i].tag end\n"
                           "return sum",
                        buf, sizeof buf),
                    "4498500");
    for (int k = 0; k < 3000; k += 997) {
        char chunk[64];

        snprintf(chunk, sizeof chunk, "return big.items[%d].tag", k + 1);
        ASSERT(luaL_loadstring(L, chunk) == LUA_OK && lua_pcall(L, 0, 1, 0) == LUA_OK);
        ASSERT(ts_lua_json_node(L, -1)
               == cJSON_GetObjectItem(cJSON_GetArrayItem(items, k), "tag"));
        lua_settop(L, 0);
    }
    ts_lua_json_new_generation(L);
    ASSERT_CONTAINS(run(L, "return big.items", buf, sizeof buf), "no longer available");
    ts_lua_json_push(L, big);
    lua_setglobal(L, "big");
    ASSERT_CONTAINS(run(L, "return big.items[3000].i .. ' ' .. #big.items", buf, sizeof buf),
                    "2999 3000");
    lua_close(L);
    cJSON_Delete(big);
    cJSON_Delete(tree);
}

int main(void)
{
    RUN(table_member_without_conversion);
    RUN(arrays_with_nulls_and_nesting);
    RUN(stale_tables_refuse);
    RUN(short_lists_from_the_tree);
    RUN(stale_short_list_refuses);
    RUN(many_tables_keep_their_nodes);
    return TEST_EXIT();
}

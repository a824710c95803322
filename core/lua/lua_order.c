#include "lua/lua_order.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <lauxlib.h>
#include "lua/sandbox_limits.h"

/* Registry: next()'s key list, {table, ordered keys, key -> place}. */
static const char cache_key = 'c';
/* Registry: a weak table of the objects tostring named in this call. */
static const char names_key = 'n';

/* One key, as qsort sees it. */
struct okey {
    int rank;               /* 0 number, 1 string, 2 boolean, 3 anything else */
    int is_int;
    lua_Integer i;
    lua_Number f;
    const char *s;          /* kept alive by the key list */
    size_t len;
    size_t slot;            /* its place in the key list (ties of rank 3) */
};

static int rank_of(int type)
{
    switch (type) {
    case LUA_TNUMBER: return 0;
    case LUA_TSTRING: return 1;
    case LUA_TBOOLEAN: return 2;
    default: return 3;
    }
}

/* -1, 0, 1 for integer i against float f (never NaN: not a key; an
 * integral float key is stored as an integer, so never equal). */
static int cmp_int_float(lua_Integer i, lua_Number f)
{
    if (f >= 9223372036854775808.0)
        return -1;
    if (f < -9223372036854775808.0)
        return 1;
    return i <= (lua_Integer)floor(f) ? -1 : 1;
}

static int cmp_numbers(const struct okey *a, const struct okey *b)
{
    if (a->is_int && b->is_int)
        return (a->i > b->i) - (a->i < b->i);
    if (!a->is_int && !b->is_int)
        return (a->f > b->f) - (a->f < b->f);
    return a->is_int ? cmp_int_float(a->i, b->f) : -cmp_int_float(b->i, a->f);
}

static int cmp_okey(const void *pa, const void *pb)
{
    const struct okey *a = pa, *b = pb;
    int c;

    if (a->rank != b->rank)
        return a->rank - b->rank;
    switch (a->rank) {
    case 0:
        return cmp_numbers(a, b);
    case 1:
        c = memcmp(a->s, b->s, a->len < b->len ? a->len : b->len);
        if (c)
            return c;
        return (a->len > b->len) - (a->len < b->len);
    case 2:
        return (int)a->i - (int)b->i;
    default: /* the number tostring shows: given by name_objects */
        return (a->i > b->i) - (a->i < b->i);
    }
}

/* Upvalues: the ordered keys, the table, the position reached. */
static int ordered_next(lua_State *L)
{
    lua_Integer i = lua_tointeger(L, lua_upvalueindex(3));

    for (;;) {
        if (lua_rawgeti(L, lua_upvalueindex(1), ++i) == LUA_TNIL)
            return 1;
        lua_pushvalue(L, -1);
        if (lua_rawget(L, lua_upvalueindex(2)) != LUA_TNIL) {
            lua_pushinteger(L, i);
            lua_replace(L, lua_upvalueindex(3));
            return 2;
        }
        lua_pop(L, 2); /* removed since: skipped */
    }
}

/* Fills k from the key at idx. */
static void describe(lua_State *L, int idx, size_t slot, struct okey *k)
{
    memset(k, 0, sizeof(*k));
    k->slot = slot;
    k->rank = rank_of(lua_type(L, idx));
    if (k->rank == 0) {
        k->is_int = lua_isinteger(L, idx);
        if (k->is_int)
            k->i = lua_tointeger(L, idx);
        else
            k->f = lua_tonumber(L, idx);
    } else if (k->rank == 1) {
        k->s = lua_tolstring(L, idx, &k->len);
    } else if (k->rank == 2) {
        k->i = lua_toboolean(L, idx);
    } else {
        k->i = ts_lua_order_object_number(L, idx, 1);
    }
}

/* ---- object keys ---------------------------------------------------------- */

/* Pushes what a rule could print of a scalar: its type's initial and
 * text. */
static void push_scalar_sig(lua_State *L, int idx)
{
    switch (lua_type(L, idx)) {
    case LUA_TNUMBER: case LUA_TSTRING:
        lua_pushvalue(L, idx); /* converted, not the key lua_next holds */
        lua_pushfstring(L, "%c%s\1", luaL_typename(L, idx)[0], lua_tostring(L, -1));
        lua_remove(L, -2);
        break;
    case LUA_TBOOLEAN:
        lua_pushstring(L, lua_toboolean(L, idx) ? "b1\1" : "b0\1");
        break;
    default:
        lua_pushfstring(L, "%s\1", luaL_typename(L, idx));
        break;
    }
}

struct sig {
    const char *s;
    size_t len;
    size_t slot;
};

static int cmp_sig(const void *pa, const void *pb)
{
    const struct sig *a = pa, *b = pb;
    int c = memcmp(a->s, b->s, a->len < b->len ? a->len : b->len);

    if (c)
        return c;
    if (a->len != b->len)
        return (a->len > b->len) - (a->len < b->len);
    return (a->slot > b->slot) - (a->slot < b->slot);
}

/* Pushes a table's scalar entries "k=v" sorted, then how many it has. */
static void push_table_sig(lua_State *L, int t)
{
    size_t n = 0, all = 0;
    int list;
    struct sig *ss;
    luaL_Buffer b;

    t = lua_absindex(L, t);
    lua_newtable(L);
    list = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, t)) {
        all++;
        if (rank_of(lua_type(L, -2)) < 3) {
            push_scalar_sig(L, -2);
            push_scalar_sig(L, -2);
            lua_concat(L, 2);
            lua_rawseti(L, list, (lua_Integer)++n);
        }
        lua_pop(L, 1);
    }
    ts_sandbox_charge(L, (double)all + (n > 1 ? (double)n * log2((double)n) : 0));
    ss = lua_newuserdatauv(L, (n ? n : 1) * sizeof(*ss), 0);
    for (size_t j = 0; j < n; j++) {
        lua_rawgeti(L, list, (lua_Integer)j + 1);
        ss[j].s = lua_tolstring(L, -1, &ss[j].len);
        ss[j].slot = j;
        lua_pop(L, 1); /* the list keeps it alive */
    }
    qsort(ss, n, sizeof(*ss), cmp_sig);
    luaL_buffinit(L, &b);
    lua_pushfstring(L, "t%I/%I:", (LUAI_UACINT)all, (LUAI_UACINT)lua_rawlen(L, t));
    luaL_addvalue(&b);
    for (size_t j = 0; j < n; j++)
        luaL_addlstring(&b, ss[j].s, ss[j].len);
    luaL_pushresult(&b);
    lua_replace(L, list);
    lua_settop(L, list);
}

/* Pushes what a rule could print of the value at idx without an
 * address: a scalar's text, an object's number if it has one, else a
 * function's source line or a table's scalar entries (sorted). */
static void push_value_sig(lua_State *L, int idx)
{
    lua_Debug ar;
    lua_Integer n;

    idx = lua_absindex(L, idx);
    switch (lua_type(L, idx)) {
    case LUA_TTABLE: case LUA_TFUNCTION: case LUA_TUSERDATA: case LUA_TTHREAD:
        break;
    default:
        push_scalar_sig(L, idx);
        return;
    }
    if ((n = ts_lua_order_object_number(L, idx, 0)) > 0) {
        lua_pushfstring(L, "#%I\1", (LUAI_UACINT)n);
    } else if (lua_type(L, idx) == LUA_TFUNCTION) {
        lua_pushvalue(L, idx);
        lua_getinfo(L, ">S", &ar);
        lua_pushfstring(L, "f%s:%d\1", ar.source ? ar.source : "", ar.linedefined);
    } else if (lua_type(L, idx) == LUA_TTABLE) {
        push_table_sig(L, idx);
    } else {
        lua_pushfstring(L, "%s\1", luaL_typename(L, idx));
    }
}

/* Gives the unnamed object keys of the table at t (listed in `keys`, n
 * of them) their tostring numbers in an order that depends on what a rule
 * could see of them and of their values, never on addresses: so pairs and
 * next order them the same on every run and in every worker.  Keys that
 * differ in nothing a rule could print may still come in either order. */
static void name_objects(lua_State *L, int t, int keys, size_t n)
{
    size_t m = 0;
    int list;
    struct sig *ss;

    lua_newtable(L); /* slot -> signature, for the unnamed ones */
    list = lua_gettop(L);
    for (size_t j = 0; j < n; j++) {
        lua_rawgeti(L, keys, (lua_Integer)j + 1);
        if (rank_of(lua_type(L, -1)) == 3 && !ts_lua_order_object_number(L, -1, 0)) {
            push_value_sig(L, -1);
            lua_pushvalue(L, -2);
            lua_rawget(L, t);
            push_value_sig(L, -1);
            lua_remove(L, -2); /* the value */
            lua_concat(L, 2);
            lua_rawseti(L, list, (lua_Integer)j + 1);
            m++;
        }
        lua_pop(L, 1);
    }
    if (!m) {
        lua_pop(L, 1);
        return;
    }
    ss = lua_newuserdatauv(L, m * sizeof(*ss), 0);
    m = 0;
    for (size_t j = 0; j < n; j++) {
        if (lua_rawgeti(L, list, (lua_Integer)j + 1) == LUA_TSTRING) {
            ss[m].s = lua_tolstring(L, -1, &ss[m].len);
            ss[m++].slot = j + 1;
        }
        lua_pop(L, 1);
    }
    if (m > 1) {
        ts_sandbox_charge(L, (double)m * log2((double)m));
        qsort(ss, m, sizeof(*ss), cmp_sig);
    }
    for (size_t j = 0; j < m; j++) {
        lua_rawgeti(L, keys, (lua_Integer)ss[j].slot);
        ts_lua_order_object_number(L, -1, 1);
        lua_pop(L, 1);
    }
    lua_pop(L, 2);
}

/* Pushes the keys of the table at idx in order, as an array; returns
 * how many. */
static size_t push_ordered_keys(lua_State *L, int idx)
{
    size_t n = 0, objects = 0;
    int keys, order;
    struct okey *ks;

    idx = lua_absindex(L, idx);
    lua_newtable(L); /* the keys, in next()'s order */
    keys = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        objects += rank_of(lua_type(L, -1)) == 3;
        lua_pushvalue(L, -1);
        lua_rawseti(L, keys, (lua_Integer)++n);
    }
    if (objects)
        name_objects(L, idx, keys, n);
    /* Userdata, not malloc: a Lua call below may raise (memory). */
    ks = lua_newuserdatauv(L, (n ? n : 1) * sizeof(*ks), 0);
    for (size_t j = 0; j < n; j++) {
        lua_rawgeti(L, keys, (lua_Integer)j + 1);
        describe(L, -1, j + 1, &ks[j]);
        lua_pop(L, 1); /* the key list keeps a string key alive */
    }
    if (n > 1) {
        ts_sandbox_charge(L, (double)n * log2((double)n));
        qsort(ks, n, sizeof(*ks), cmp_okey);
    }
    lua_createtable(L, (int)(n < 0x7fffffff ? n : 0x7fffffff), 0);
    order = lua_gettop(L);
    for (size_t j = 0; j < n; j++) {
        lua_rawgeti(L, keys, (lua_Integer)ks[j].slot);
        lua_rawseti(L, order, (lua_Integer)j + 1);
    }
    lua_replace(L, keys);
    lua_settop(L, keys);
    return n;
}

void ts_lua_order_pairs(lua_State *L, int idx, int shown_idx)
{
    idx = lua_absindex(L, idx);
    shown_idx = lua_absindex(L, shown_idx);
    push_ordered_keys(L, idx);
    lua_pushvalue(L, idx);
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, ordered_next, 3);
    lua_pushvalue(L, shown_idx);
    lua_pushnil(L);
}

void ts_lua_order_forget(lua_State *L)
{
    lua_pushnil(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &cache_key);
}

/* The registry's weak table of the objects named in this call (made on
 * first use); pushes it. */
static void push_names(lua_State *L)
{
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &names_key) == LUA_TTABLE)
        return;
    lua_pop(L, 1);
    lua_newtable(L);
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &names_key);
}

lua_Integer ts_lua_order_object_number(lua_State *L, int idx, int assign)
{
    struct ts_sandbox *sb = ts_sandbox_of(L);
    lua_Integer n = 0;

    idx = lua_absindex(L, idx);
    push_names(L);
    lua_pushvalue(L, idx);
    if (lua_rawget(L, -2) == LUA_TNUMBER) {
        n = lua_tointeger(L, -1);
    } else if (assign) {
        n = ++sb->named;
        lua_pushvalue(L, idx);
        lua_pushinteger(L, n);
        lua_rawset(L, -4);
    }
    lua_pop(L, 2);
    return n;
}

void ts_lua_order_forget_names(lua_State *L)
{
    ts_sandbox_of(L)->named = 0;
    lua_pushnil(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &names_key);
}

/* Pushes next()'s key list for the table at 1: {table, keys, key -> place},
 * made afresh when `fresh` or when the list is of another table. */
static void push_cache(lua_State *L, int fresh)
{
    size_t n;

    if (!fresh && lua_rawgetp(L, LUA_REGISTRYINDEX, &cache_key) == LUA_TTABLE) {
        if (lua_rawgeti(L, -1, 1) == LUA_TTABLE && lua_rawequal(L, -1, 1)) {
            lua_pop(L, 1);
            return;
        }
        lua_pop(L, 1);
    }
    if (!fresh)
        lua_pop(L, 1);
    lua_createtable(L, 3, 0);
    lua_pushvalue(L, 1);
    lua_rawseti(L, -2, 1);
    n = push_ordered_keys(L, 1);
    lua_createtable(L, 0, (int)(n < 0x7fffffff ? n : 0x7fffffff));
    for (size_t j = 1; j <= n; j++) {
        lua_rawgeti(L, -2, (lua_Integer)j);
        lua_pushinteger(L, (lua_Integer)j);
        lua_rawset(L, -3);
    }
    ts_sandbox_charge(L, (double)n);
    lua_rawseti(L, -3, 3);
    lua_rawseti(L, -2, 2);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &cache_key);
}

int ts_lua_order_next(lua_State *L)
{
    lua_Integer at = 0;

    lua_settop(L, 2);
    if (lua_isnil(L, 2)) {
        lua_pushnil(L);
        if (!lua_next(L, 1)) /* empty: no list to make */
            return 1;
        lua_pop(L, 2);
        push_cache(L, 1);
    } else {
        push_cache(L, 0);
        lua_rawgeti(L, -1, 3);
        lua_pushvalue(L, 2);
        if (lua_rawget(L, -2) != LUA_TNUMBER) { /* a key added since: start again */
            lua_pop(L, 3);
            push_cache(L, 1);
            lua_rawgeti(L, -1, 3);
            lua_pushvalue(L, 2);
            if (lua_rawget(L, -2) != LUA_TNUMBER)
                return luaL_error(L, "invalid key to 'next'");
        }
        at = lua_tointeger(L, -1);
        lua_pop(L, 2);
    }
    lua_rawgeti(L, -1, 2);
    for (;;) {
        if (lua_rawgeti(L, -1, ++at) == LUA_TNIL)
            return 1;
        lua_pushvalue(L, -1);
        if (lua_rawget(L, 1) != LUA_TNIL)
            return 2;
        lua_pop(L, 2); /* removed since: skipped */
        ts_sandbox_charge(L, 1);
    }
}

/* a < b, by the comparator at index 2 or by Lua's < */
static int less(lua_State *L, int a, int b)
{
    int r;

    a = lua_absindex(L, a);
    b = lua_absindex(L, b);
    if (lua_isnil(L, 2))
        return lua_compare(L, a, b, LUA_OPLT);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, a);
    lua_pushvalue(L, b);
    lua_call(L, 2, 1);
    r = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return r;
}

/* Merges src[lo, mid) and src[mid, hi) into dst from lo; equal elements
 * keep their order. */
static void merge(lua_State *L, int src, int dst, lua_Integer lo, lua_Integer mid,
                  lua_Integer hi)
{
    lua_Integer i = lo, j = mid, k = lo;

    while (i < mid && j < hi) {
        lua_rawgeti(L, src, j);
        lua_rawgeti(L, src, i);
        if (less(L, -2, -1)) {
            lua_pop(L, 1);
            j++;
        } else {
            lua_remove(L, -2);
            i++;
        }
        lua_rawseti(L, dst, k++);
    }
    for (; i < mid; i++) {
        lua_rawgeti(L, src, i);
        lua_rawseti(L, dst, k++);
    }
    for (; j < hi; j++) {
        lua_rawgeti(L, src, j);
        lua_rawseti(L, dst, k++);
    }
}

int ts_lua_order_sort(lua_State *L)
{
    lua_Integer n, width;
    int src = 3, dst = 4;

    luaL_checktype(L, 1, LUA_TTABLE);
    n = luaL_len(L, 1);
    if (!lua_isnoneornil(L, 2))
        luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_settop(L, 2);
    if (n < 2)
        return 0;
    luaL_argcheck(L, n < 0x7fffffff, 1, "array too big");
    lua_createtable(L, (int)n, 0);
    lua_createtable(L, (int)n, 0);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_geti(L, 1, i);
        lua_rawseti(L, src, i);
    }
    for (width = 1; width < n; width *= 2) {
        for (lua_Integer lo = 1; lo <= n; lo += 2 * width) {
            lua_Integer mid = lo + width <= n + 1 ? lo + width : n + 1;
            lua_Integer hi = lo + 2 * width <= n + 1 ? lo + 2 * width : n + 1;
            merge(L, src, dst, lo, mid, hi);
        }
        src = 7 - src; /* 3 <-> 4 */
        dst = 7 - dst;
    }
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, src, i);
        lua_seti(L, 1, i);
    }
    return 0;
}

#include "lua/lua_order.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <lauxlib.h>
#include "lua/sandbox_limits.h"

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
    default:
        return (a->slot > b->slot) - (a->slot < b->slot);
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
    }
}

void ts_lua_order_pairs(lua_State *L, int idx, int shown_idx)
{
    size_t n = 0;
    int keys, order;
    struct okey *ks;

    idx = lua_absindex(L, idx);
    shown_idx = lua_absindex(L, shown_idx);
    lua_newtable(L); /* the keys, in next()'s order */
    keys = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        lua_rawseti(L, keys, (lua_Integer)++n);
    }
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
    lua_pushvalue(L, idx);
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, ordered_next, 3);
    lua_replace(L, keys); /* the iterator takes the key list's place */
    lua_settop(L, keys);
    lua_pushvalue(L, shown_idx);
    lua_pushnil(L);
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

#include "lua/sandbox.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lauxlib.h>
#include <lualib.h>
#include "lua/lua_order.h"
#include "lua/readonly.h"
#include "lua/pattern_guard.h"
#include "util/text.h"

/* What print may write per guarded call. */
#define PRINT_BUDGET 65536

static const char api_key = 'a';

static int call_upvalue(lua_State *L);


/* ---- the allow-list ------------------------------------------------------ */

/* Names a rule may not have; reading one says so instead of returning nil. */
static const char *const blocked_names[] = {
    "os", "io", "debug", "package", "coroutine", "load", "loadfile", "dofile",
    "loadstring", "collectgarbage", "rawset", "rawget", "rawlen", "module",
    "setfenv", "getfenv", "newproxy", "gcinfo", "dump", "random", "randomseed",
    NULL};

static int is_blocked_name(const char *k)
{
    for (const char *const *b = blocked_names; *b; b++)
        if (strcmp(*b, k) == 0)
            return 1;
    return 0;
}

/* __index of rule environments and of the library tables. */
static int blocked_index(lua_State *L)
{
    const char *k = lua_tostring(L, 2);

    if (lua_type(L, 2) == LUA_TSTRING && is_blocked_name(k)) {
        lua_pushfstring(L, "'%s' is not available to rules", k);
        return ts_sandbox_blocked(L, lua_tostring(L, -1));
    }
    lua_pushnil(L);
    return 1;
}

static void set_blocked_index(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    lua_createtable(L, 0, 1);
    lua_pushcfunction(L, blocked_index);
    lua_setfield(L, -2, "__index");
    lua_setmetatable(L, idx);
}

/* The fields Lua reads from a metatable. */
static const char *const meta_fields[] = {"__index", "__newindex", "__call", "__mode",
    "__tostring", "__name", "__len", "__eq", "__lt", "__le", "__unm", "__add", "__sub",
    "__mul", "__div", "__mod", "__pow", "__idiv", "__band", "__bor", "__bxor", "__shl",
    "__shr", "__bnot", "__concat", "__pairs", "__close", NULL};

/* Pushes t[name] for the table at idx, without metamethods. */
static int rawfield(lua_State *L, int idx, const char *name)
{
    idx = lua_absindex(L, idx);
    lua_pushstring(L, name);
    return lua_rawget(L, idx);
}

/* Why the metatable at idx may not be set, or NULL.  Raw reads, as Lua's
 * own: the checks see what the copy below will hold. */
static const char *meta_refused(lua_State *L, int idx)
{
    const char *why = NULL;
    const char *mode;

    /* A finalizer would run later, outside any budget. */
    if (rawfield(L, idx, "__gc") != LUA_TNIL)
        why = "__gc metamethods are not allowed";
    /* A callable table as __call is resolved in C, link after link, with
     * no instruction counted (Lua 5.4's luaD_tryfuncTM): a loop of them
     * runs for minutes. */
    else if (rawfield(L, idx, "__call") != LUA_TNIL && !lua_isfunction(L, -1))
        why = "__call must be a function";
    /* Weak keys make an ephemeron table, whose collection Lua repeats until
     * nothing changes, in one uncounted step; weak values (and weak keys
     * with weak values) are cleared in one pass. */
    else if (rawfield(L, idx, "__mode") == LUA_TSTRING
             && strchr(mode = lua_tostring(L, -1), 'k') && !strchr(mode, 'v'))
        why = "weak keys (__mode \"k\") are not allowed: use \"kv\" or a plain table";
    return why;
}

/* The table gets a copy of the metatable's fields, which the rule cannot
 * reach (getmetatable returns the rule's own table through __metatable):
 * what was checked here cannot be changed afterwards. */
static int sb_setmetatable(lua_State *L)
{
    const char *why;

    luaL_checktype(L, 1, LUA_TTABLE);
    if (!lua_isnoneornil(L, 2))
        luaL_checktype(L, 2, LUA_TTABLE);
    lua_settop(L, 2);
    if (ts_readonly_is_protected(L, 1))
        return ts_sandbox_blocked(L, "setmetatable on a protected table");
    if (lua_isnil(L, 2)) {
        lua_setmetatable(L, 1);
        return 1;
    }
    if ((why = meta_refused(L, 2)) != NULL)
        return ts_sandbox_blocked(L, why);
    lua_settop(L, 2);
    lua_createtable(L, 0, 4);
    for (const char *const *f = meta_fields; *f; f++) {
        if (rawfield(L, 2, *f) == LUA_TNIL) {
            lua_pop(L, 1);
            continue;
        }
        lua_setfield(L, 3, *f);
    }
    if (rawfield(L, 2, "__metatable") == LUA_TNIL) {
        lua_pop(L, 1);
        lua_pushvalue(L, 2);
    }
    lua_setfield(L, 3, "__metatable");
    lua_setmetatable(L, 1);
    lua_settop(L, 1);
    return 1;
}

/* print: one line on stderr per call, "trailscan: rule 'ID' prints: ...",
 * with control characters replaced, so a rule cannot forge the tool's own
 * messages; past the budget one last line says the rest was dropped. */
static int sb_print(lua_State *L)
{
    struct ts_sandbox *sb = ts_sandbox_of(L);
    int n = lua_gettop(L);
    luaL_Buffer b;
    size_t len;
    const char *line;
    char *clean;

    luaL_buffinit(L, &b);
    for (int i = 1; i <= n; i++) {
        if (i > 1)
            luaL_addchar(&b, '\t');
        ts_sandbox_tostring(L, i);
        luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
    line = lua_tolstring(L, -1, &len);
    if (sb->printed > PRINT_BUDGET)
        return 0;
    sb->printed += len;
    if (sb->printed > PRINT_BUDGET) {
        fprintf(stderr, "trailscan: %s prints: (more output dropped)\n", sb->label);
        return 0;
    }
    clean = ts_clean_line(line, len);
    fprintf(stderr, "trailscan: %s prints: %s\n", sb->label, clean);
    free(clean);
    return 0;
}


/* Registry-free mark in a memo table: how many entries it holds. */
static const char memo_count_key = 'c';
#define MEMO_ENTRIES 1024
#define MEMO_BASE_COST 100

/* Empties a memo table that is full (it cannot be replaced from here). */
static void memo_clear(lua_State *L, int t)
{
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        lua_pushnil(L);
        lua_rawset(L, t); /* an existing key: next() stays valid */
    }
}

/* Calls fn (at base + 1, its arguments above) counted apart, and stores
 * its results and what it cost in cache[key] as {n = N, cost = C, ...}.
 * Leaves the results; returns their number, and the cost in *cost. */
static int memo_miss(lua_State *L, struct ts_sandbox *sb, int base, double *cost)
{
    long long saved = sb->spent, hooked = sb->hooked;
    lua_Integer count;
    int status, n;

    /* Counted apart, fn gets a whole budget of its own.  Its cost is a
     * function of its input alone: all it ran when counted from the start,
     * else what its library calls were charged (whether the slice ended
     * while it ran depends on the machine). */
    sb->spent = sb->hooked = 0;
    status = lua_pcall(L, lua_gettop(L) - base - 1, LUA_MULTRET, 0);
    *cost = (double)(sb->from_start ? sb->spent : sb->spent - sb->hooked);
    sb->spent = saved;
    sb->hooked = hooked;
    if (status != LUA_OK)
        lua_error(L); /* a limit it reached stays reached */
    n = lua_gettop(L) - base;
    lua_rawgetp(L, 1, &memo_count_key);
    count = lua_tointeger(L, -1);
    lua_pop(L, 1);
    if (count >= MEMO_ENTRIES) {
        memo_clear(L, 1);
        count = 0;
    }
    lua_createtable(L, n, 2);
    for (int i = 1; i <= n; i++) {
        lua_pushvalue(L, base + i);
        lua_rawseti(L, -2, i);
    }
    lua_pushinteger(L, n);
    lua_setfield(L, -2, "n");
    lua_pushnumber(L, *cost);
    lua_setfield(L, -2, "cost");
    lua_pushvalue(L, 2);
    lua_insert(L, -2);
    lua_rawset(L, 1);
    lua_pushinteger(L, count + 1);
    lua_rawsetp(L, 1, &memo_count_key);
    return n;
}

int ts_sandbox_memo(lua_State *L)
{
    struct ts_sandbox *sb = ts_sandbox_of(L);
    double cost;
    int n, base;

    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checkany(L, 2);
    luaL_checktype(L, 3, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    if (lua_rawget(L, 1) == LUA_TTABLE) {
        int t = lua_gettop(L);
        lua_getfield(L, t, "n");
        n = (int)lua_tointeger(L, -1);
        lua_getfield(L, t, "cost");
        cost = lua_tonumber(L, -1);
        lua_pop(L, 2);
        luaL_checkstack(L, n, "memo");
        for (int i = 1; i <= n; i++)
            lua_rawgeti(L, t, i);
    } else {
        lua_pop(L, 1);
        base = lua_gettop(L);
        lua_pushvalue(L, 3);
        for (int i = 4; i <= base; i++)
            lua_pushvalue(L, i);
        n = memo_miss(L, sb, base, &cost);
    }
    /* Charged what computing it cost, found or not. */
    ts_sandbox_charge(L, cost + MEMO_BASE_COST);
    return n;
}

/* ---- no addresses, no random order -------------------------------------- */

/* Pushes "KIND: N" for the object at idx: KIND its __name or type, N the
 * order in which this call first named it (the same object, the same N).
 * Lua would show its address, which differs from run to run. */
static void push_object_name(lua_State *L, int idx)
{
    const char *kind = luaL_typename(L, idx);
    lua_Integer n;

    idx = lua_absindex(L, idx);
    int named = luaL_getmetafield(L, idx, "__name");

    if (named == LUA_TSTRING)
        kind = lua_tostring(L, -1);
    else if (named != LUA_TNIL)
        lua_pop(L, 1);
    n = ts_lua_order_object_number(L, idx, 1);
    lua_pushfstring(L, "%s: %I", kind, (LUAI_UACINT)n);
    if (named == LUA_TSTRING)
        lua_remove(L, -2); /* the __name */
}

/* An object (not a number, string, boolean or nil) without __tostring. */
static int is_plain_object(lua_State *L, int idx)
{
    switch (lua_type(L, idx)) {
    case LUA_TTABLE: case LUA_TFUNCTION: case LUA_TUSERDATA: case LUA_TTHREAD:
    case LUA_TLIGHTUSERDATA:
        if (luaL_getmetafield(L, idx, "__tostring") == LUA_TNIL)
            return 1;
        lua_pop(L, 1);
        return 0;
    default:
        return 0;
    }
}

void ts_sandbox_tostring(lua_State *L, int idx)
{
    if (is_plain_object(L, idx))
        push_object_name(L, idx);
    else
        luaL_tolstring(L, idx, NULL);
}

static int sb_tostring(lua_State *L)
{
    /* The usual calls first, as luaL_tolstring would answer them: a string
     * is itself (the string metatable is sealed, with no __tostring), and
     * a number has no metatable in the sandbox. */
    switch (lua_type(L, 1)) {
    case LUA_TSTRING:
        lua_settop(L, 1);
        return 1;
    case LUA_TNUMBER:
        lua_settop(L, 1);
        lua_pushvalue(L, 1);
        lua_tolstring(L, -1, NULL);
        return 1;
    default:
        break;
    }
    luaL_checkany(L, 1);
    ts_sandbox_tostring(L, 1);
    return 1;
}

/* Appends integer n in decimal, as "%lld" would write it. */
static void add_integer(luaL_Buffer *b, lua_Integer n)
{
    char buf[24], *p = buf + sizeof(buf);
    unsigned long long u = n < 0 ? 0ull - (unsigned long long)n : (unsigned long long)n;

    do
        *--p = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    if (n < 0)
        *--p = '-';
    luaL_addlstring(b, p, (size_t)(buf + sizeof(buf) - p));
}

/* string.format of a format whose every conversion is a bare %s of a
 * string or %d of an integer (and %%), as Lua's would make it: the rules'
 * ARNs and commands.  Lua's adds the format a character at a time and asks
 * each argument for __tostring; this copies the literal runs and the
 * strings as they are. */
static int format_plain(lua_State *L, const char *fmt, size_t len)
{
    const char *end = fmt + len;
    luaL_Buffer b;
    int arg = 1;

    luaL_buffinit(L, &b);
    while (fmt < end) {
        const char *pct = memchr(fmt, '%', (size_t)(end - fmt));
        size_t l;
        if (!pct) {
            luaL_addlstring(&b, fmt, (size_t)(end - fmt));
            break;
        }
        luaL_addlstring(&b, fmt, (size_t)(pct - fmt));
        fmt = pct + 2; /* sb_string_format checked what follows */
        if (pct[1] == '%') {
            luaL_addchar(&b, '%');
        } else if (pct[1] == 's') {
            const char *s = lua_tolstring(L, ++arg, &l);
            luaL_addlstring(&b, s, l);
        } else {
            add_integer(&b, lua_tointeger(L, ++arg));
        }
    }
    luaL_pushresult(&b);
    return 1;
}

/* string.format: %s of an object shows no address (as tostring), and %p
 * shows what tostring would instead of a pointer. */
static int sb_string_format(lua_State *L)
{
    size_t len;
    const char *fmt = luaL_checklstring(L, 1, &len);
    int top = lua_gettop(L), arg = 1, pointers = 0;
    int plain = 1; /* format_plain can make it */

    for (size_t i = 0; i < len; i++) {
        const char *pct = memchr(fmt + i, '%', len - i);
        if (!pct)
            break;
        i = (size_t)(pct - fmt);
        if (++i >= len) {
            plain = 0; /* a lone '%' at the end: Lua's says what is wrong */
            break;
        }
        if (fmt[i] == '%')
            continue;
        if (plain && arg < top
            && ((fmt[i] == 's' && lua_type(L, arg + 1) == LUA_TSTRING)
                || (fmt[i] == 'd' && lua_isinteger(L, arg + 1)))) {
            arg++;
            continue;
        }
        plain = 0;
        while (i < len && fmt[i] && strchr("-+ #0123456789.", fmt[i]))
            i++;
        if (i >= len || ++arg > top)
            break; /* the real format says what is wrong */
        if (fmt[i] == 'p') {
            pointers = 1;
            if (lua_type(L, arg) == LUA_TSTRING || is_plain_object(L, arg))
                push_object_name(L, arg);
            else
                lua_pushliteral(L, "(null)"); /* what Lua prints for a non-object */
            lua_replace(L, arg);
        } else if (fmt[i] == 's' && is_plain_object(L, arg)) {
            push_object_name(L, arg);
            lua_replace(L, arg);
        }
    }
    if (pointers) { /* each %p becomes %s of its text */
        luaL_Buffer b;
        int in_spec = 0;
        luaL_buffinit(L, &b);
        for (size_t i = 0; i < len; i++) {
            char c = fmt[i];
            if (in_spec && !strchr("-+ #0123456789.", c)) {
                in_spec = 0;
                if (c == 'p')
                    c = 's';
            } else if (!in_spec && c == '%') {
                if (i + 1 < len && fmt[i + 1] == '%')
                    luaL_addchar(&b, fmt[i++]);
                else
                    in_spec = 1;
            }
            luaL_addchar(&b, c);
        }
        luaL_pushresult(&b);
        lua_replace(L, 1);
    }
    if (plain)
        return format_plain(L, fmt, len);
    return call_upvalue(L);
}

/* pairs: a table's own __pairs if it has one (snapshot tables visit in
 * the file's order, read-only views in lua_order.c's); else lua_order.c's
 * order, never the hash's. */
static int sb_pairs(lua_State *L)
{
    luaL_checkany(L, 1);
    if (luaL_getmetafield(L, 1, "__pairs") != LUA_TNIL) {
        lua_pushvalue(L, 1);
        lua_call(L, 1, 3);
        return 3;
    }
    luaL_checktype(L, 1, LUA_TTABLE);
    ts_lua_order_pairs(L, 1, 1);
    return 3;
}


/* string.rep: charged per repetition and per byte, and refused before it
 * builds a result past the memory cap, so a huge request fails located. */
static int sb_string_rep(lua_State *L)
{
    struct ts_sandbox *sb = ts_sandbox_of(L);
    size_t l, lsep;
    lua_Integer n = luaL_checkinteger(L, 2);

    luaL_checklstring(L, 1, &l);
    luaL_optlstring(L, 3, "", &lsep);
    if (n > 0) {
        double total = ((double)l + (double)lsep) * (double)n;
        /* Garbage is no reason to refuse (what the state holds counts it
         * until the collector comes by): collect first, as Lua does before
         * it says an allocation failed. */
        if (sb->cap && (double)sb->used + total > (double)sb->cap)
            lua_gc(L, LUA_GCCOLLECT);
        if (sb->cap && (double)sb->used + total > (double)sb->cap) {
            char what[96];
            /* Formatted here: lua_pushfstring knows no "%.0f". */
            snprintf(what, sizeof what, "memory limit reached (string.rep of %.0f bytes)", total);
            ts_sandbox_trip(sb, TS_CAUSE_MEMORY);
            return luaL_error(L, "%s", what);
        }
        ts_sandbox_charge(L, (double)n + total / 16);
    }
    return call_upvalue(L);
}

/* Calls the library function this wrapper closes over (its upvalue: the
 * state's own, fixed when the sandbox was built) with this call's
 * arguments: cheaper than looking it up, for wrappers called per byte. */
static int call_upvalue(lua_State *L)
{
    int n = lua_gettop(L);

    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, n, LUA_MULTRET);
    return lua_gettop(L);
}

/* Bytes [i, j] of a string of length len that a call with positions at
 * arguments i_arg, i_arg + 1 touches (Lua's rules for negative and
 * missing positions; j defaults to i, or to -1 unless j_is_i). */
static double byte_span(lua_State *L, size_t len, int i_arg, int j_is_i)
{
    lua_Integer n = (lua_Integer)len;
    lua_Integer i = luaL_optinteger(L, i_arg, 1);
    lua_Integer j = luaL_optinteger(L, i_arg + 1, j_is_i ? i : -1);

    i = i < 0 ? (i < -n ? 1 : n + i + 1) : (i == 0 ? 1 : i);
    j = j < 0 ? n + j + 1 : (j > n ? n : j);
    return j >= i ? (double)j - (double)i + 1 : 0;
}

/* string.byte and utf8.codepoint push one value per byte or character of
 * their range; utf8.len and utf8.offset decode up to the whole string.
 * Each is one instruction to the VM, so their work is charged here. */
static int sb_string_byte(lua_State *L)
{
    size_t len;

    luaL_checklstring(L, 1, &len);
    ts_sandbox_charge(L, byte_span(L, len, 2, 1));
    return call_upvalue(L);
}

static int sb_utf8_codepoint(lua_State *L)
{
    size_t len;

    luaL_checklstring(L, 1, &len);
    ts_sandbox_charge(L, byte_span(L, len, 2, 1));
    return call_upvalue(L);
}

static int sb_utf8_len(lua_State *L)
{
    size_t len;

    luaL_checklstring(L, 1, &len);
    ts_sandbox_charge(L, byte_span(L, len, 2, 0) / 4);
    return call_upvalue(L);
}

static int sb_utf8_offset(lua_State *L)
{
    size_t len;

    luaL_checklstring(L, 1, &len);
    ts_sandbox_charge(L, (double)len / 4);
    return call_upvalue(L);
}

/* table.move and table.concat loop in C over the range they are given. */
static int sb_table_move(lua_State *L)
{
    lua_Integer f = luaL_checkinteger(L, 2), e = luaL_checkinteger(L, 3);

    if (e >= f)
        ts_sandbox_charge(L, (double)e - (double)f + 1);
    return call_upvalue(L);
}

/* Charges the range [i, j] that table.unpack and table.concat walk: i is
 * argument i_arg (default 1), j the next one (default #t). */
static void charge_range(lua_State *L, int i_arg)
{
    lua_Integer i = luaL_optinteger(L, i_arg, 1);
    lua_Integer j = lua_isnoneornil(L, i_arg + 1) ? (lua_Integer)luaL_len(L, 1)
                                                  : luaL_checkinteger(L, i_arg + 1);

    if (j >= i)
        ts_sandbox_charge(L, (double)j - (double)i + 1);
}

/* table.unpack pushes every element of its range. */
static int sb_table_unpack(lua_State *L)
{
    charge_range(L, 2);
    return call_upvalue(L);
}

/* Positional table.insert(t, pos, v) and table.remove(t, pos) shift every
 * element after pos. */
static int sb_table_shift(lua_State *L, int positional_args)
{
    /* insert(t, pos, v) has three arguments, remove(t, pos) two. */
    if (lua_gettop(L) >= positional_args) {
        lua_Integer n = (lua_Integer)luaL_len(L, 1);
        lua_Integer pos = luaL_optinteger(L, 2, n);
        if (n >= pos)
            ts_sandbox_charge(L, (double)n - (double)pos + 1);
    }
    return call_upvalue(L);
}

static int sb_table_insert(lua_State *L) { return sb_table_shift(L, 3); }
static int sb_table_remove(lua_State *L) { return sb_table_shift(L, 2); }

/* Sorting n elements: about n log n comparisons in C. */
static int sb_table_sort(lua_State *L)
{
    double n = (double)luaL_len(L, 1);

    if (n > 1)
        ts_sandbox_charge(L, n * log2(n));
    return ts_lua_order_sort(L); /* Lua's picks random pivots */
}

static int sb_table_concat(lua_State *L)
{
    charge_range(L, 3);
    return call_upvalue(L);
}

/* Replaces t[name] of the table at the top by fn closing over it. */
static void wrap(lua_State *L, const char *name, lua_CFunction fn)
{
    lua_getfield(L, -1, name);
    lua_pushcclosure(L, fn, 1);
    lua_setfield(L, -2, name);
}

/* Copies allowed[] from the table at src into a new table, then freezes it. */
static void copy_lib(lua_State *L, const char *lib, const char *const *allowed)
{
    lua_getglobal(L, lib);
    lua_createtable(L, 0, 24);
    for (; *allowed; allowed++) {
        lua_getfield(L, -2, *allowed);
        lua_setfield(L, -2, *allowed);
    }
    lua_remove(L, -2);
}

static void freeze_top(lua_State *L)
{
    set_blocked_index(L, -1);
    ts_readonly_wrap(L, -1);
    lua_remove(L, -2);
}

static void build_api(lua_State *L)
{
    static const char *const base[] = {"assert", "error", "ipairs", "pairs", "pcall",
        "select", "tonumber", "tostring", "type", "xpcall", "rawequal", "getmetatable",
        "_VERSION", NULL};
    static const char *const string_fns[] = {"byte", "char", "find", "format", "gmatch",
        "gsub", "len", "lower", "match", "pack", "packsize", "reverse", "sub", "unpack",
        "upper", NULL};
    static const char *const table_fns[] = {"concat", "insert", "move", "pack", "remove",
        "sort", "unpack", NULL};
    static const char *const math_fns[] = {"abs", "ceil", "cos", "deg", "exp", "floor",
        "fmod", "huge", "log", "max", "maxinteger", "min", "mininteger", "modf", "pi",
        "rad", "sin", "sqrt", "tan", "tointeger", "type", "ult", "atan", "asin", "acos",
        NULL};
    static const char *const utf8_fns[] = {"char", "charpattern", "codepoint", "codes",
        "len", "offset", NULL};

    lua_createtable(L, 0, 32);
    lua_pushglobaltable(L);
    for (const char *const *b = base; *b; b++) {
        lua_getfield(L, -1, *b);
        lua_setfield(L, -3, *b);
    }
    lua_pop(L, 1);
    lua_pushcfunction(L, ts_readonly_next);
    lua_setfield(L, -2, "next");
    lua_pushcfunction(L, sb_setmetatable);
    lua_setfield(L, -2, "setmetatable");
    lua_pushcfunction(L, sb_print);
    lua_setfield(L, -2, "print");
    lua_pushcfunction(L, sb_tostring);
    lua_setfield(L, -2, "tostring");
    lua_pushcfunction(L, sb_pairs);
    lua_setfield(L, -2, "pairs");

    copy_lib(L, "string", string_fns);
    lua_getglobal(L, "string"); /* rep is not copied: only its wrapper is */
    lua_getfield(L, -1, "rep");
    lua_remove(L, -2);
    lua_pushcclosure(L, sb_string_rep, 1);
    lua_setfield(L, -2, "rep");
    wrap(L, "byte", sb_string_byte);
    wrap(L, "format", sb_string_format);
    ts_pattern_guard_install(L);
    freeze_top(L);
    /* Strings' methods come from the frozen copy; the metatable is sealed. */
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushvalue(L, -3);
    lua_setfield(L, -2, "__index");
    lua_pushliteral(L, TS_STRING_PROTECTED);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);
    lua_setfield(L, -2, "string");

    copy_lib(L, "table", table_fns);
    wrap(L, "unpack", sb_table_unpack);
    wrap(L, "insert", sb_table_insert);
    wrap(L, "remove", sb_table_remove);
    lua_pushcfunction(L, sb_table_sort);
    lua_setfield(L, -2, "sort");
    wrap(L, "move", sb_table_move);
    wrap(L, "concat", sb_table_concat);
    freeze_top(L);
    lua_setfield(L, -2, "table");
    copy_lib(L, "math", math_fns);
    freeze_top(L);
    lua_setfield(L, -2, "math");
    copy_lib(L, "utf8", utf8_fns);
    wrap(L, "len", sb_utf8_len);
    wrap(L, "codepoint", sb_utf8_codepoint);
    wrap(L, "offset", sb_utf8_offset);
    freeze_top(L);
    lua_setfield(L, -2, "utf8");
    lua_rawsetp(L, LUA_REGISTRYINDEX, &api_key);
}

void ts_sandbox_copy_from_registry(lua_State *L, const void *key)
{
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, key) == LUA_TTABLE) {
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
            lua_rawset(L, -5);
        }
    }
    lua_pop(L, 1);
}

void ts_sandbox_new_env(struct ts_sandbox *sb)
{
    lua_State *L = sb->L;

    lua_createtable(L, 0, 40);
    ts_sandbox_copy_from_registry(L, &api_key);
    set_blocked_index(L, -1);
}

static void open_lib(lua_State *L, const char *name, lua_CFunction f)
{
    luaL_requiref(L, name, f, 1);
    lua_pop(L, 1);
}

int ts_sandbox_open(struct ts_sandbox *sb, const struct ts_limits *limits)
{
    memset(sb, 0, sizeof(*sb));
    sb->limits = *limits;
    ts_lua_pool_init(&sb->pool);
    sb->L = lua_newstate(ts_sandbox_alloc, sb);
    if (!sb->L) {
        ts_lua_pool_release(&sb->pool);
        return -1;
    }
    *(struct ts_sandbox **)lua_getextraspace(sb->L) = sb;
    /* Never luaL_openlibs: only what rules may have. */
    open_lib(sb->L, LUA_GNAME, luaopen_base);
    open_lib(sb->L, LUA_STRLIBNAME, luaopen_string);
    open_lib(sb->L, LUA_TABLIBNAME, luaopen_table);
    open_lib(sb->L, LUA_MATHLIBNAME, luaopen_math);
    open_lib(sb->L, LUA_UTF8LIBNAME, luaopen_utf8);
    build_api(sb->L);
    return 0;
}

void ts_sandbox_close(struct ts_sandbox *sb)
{
    ts_watchdog_free(sb->wd);
    sb->wd = NULL;
    if (sb->L)
        lua_close(sb->L);
    sb->L = NULL;
    ts_lua_pool_release(&sb->pool);
}

/* Message handler: bounded text whatever the error value is, plus a
 * traceback.  It never calls __tostring: that would be the rule's code. */
static int msgh(lua_State *L)
{
    struct ts_sandbox *sb = ts_sandbox_of(L);
    size_t len = 0;
    const char *msg;

    lua_Debug ar;

    sb->in_handler = 1;
    /* A real overflow happens deep; a rule's own "stack overflow" text
     * near the top is just an error. */
    sb->deep = lua_getstack(L, 150, &ar) != 0;
    if (lua_type(L, 1) == LUA_TSTRING) {
        msg = lua_tolstring(L, 1, &len);
        lua_pushlstring(L, msg, len > 400 ? 400 : len);
    } else {
        lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    luaL_traceback(L, L, lua_tostring(L, -1), 1);
    return 1;
}

/* First line of msg; if it has no "file.lua:N:" of its own, the first such
 * frame of the traceback is added. */
static void summarize(const char *tb, char *out, size_t outlen)
{
    const char *nl = strchr(tb, '\n');
    size_t first = nl ? (size_t)(nl - tb) : strlen(tb);
    const char *lua = strstr(tb, ".lua:");
    const char *frame = NULL;

    if (lua && (size_t)(lua - tb) < first) {
        snprintf(out, outlen, "%.*s", (int)first, tb);
        return;
    }
    for (const char *p = nl; p && (p = strstr(p, "\n\t")) != NULL; p += 2) {
        const char *end = strchr(p + 2, '\n');
        const char *l = strstr(p + 2, ".lua:");
        if (l && (!end || l < end) && strncmp(p + 2, "[C]", 3) != 0) {
            frame = p + 2;
            first = first > 300 ? 300 : first;
            snprintf(out, outlen, "%.*s (at %.*s)", (int)first, tb,
                     (int)(strchr(l + 5, ':') ? strchr(l + 5, ':') - frame : 0), frame);
            return;
        }
    }
    snprintf(out, outlen, "%.*s", (int)first, tb);
}

enum ts_cause ts_sandbox_call(struct ts_sandbox *sb, int nargs, int nresults,
                              char *msg, size_t msglen)
{
    lua_State *L = sb->L;
    int base = lua_gettop(L) - nargs, status;
    enum ts_cause cause = TS_CAUSE_NONE;

    lua_pushcfunction(L, msgh);
    lua_insert(L, base);
    sb->spent = 0;
    sb->printed = 0;
    ts_lua_order_forget_names(L); /* tostring numbers objects afresh in every call */
    ts_lua_order_forget(L); /* next()'s key list of a table from before */
    sb->tripped = TS_CAUSE_NONE;
    sb->in_handler = 0;
    sb->refused = 0;
    sb->deep = 0;
    sb->guarded = 1;
    /* Absolute: everything the state holds counts, whatever a rule kept
     * from earlier accounts or calls; a cap relative to the usage at the
     * call would let kept state grow without bound. */
    sb->cap = sb->limits.memory;
    if (ts_sandbox_arm(sb) < 0) {
        sb->guarded = 0;
        sb->cap = 0;
        lua_settop(L, base - 1);
        snprintf(msg, msglen, "cannot start the thread that enforces the time and"
                 " instruction limits");
        return TS_CAUSE_ERROR;
    }
    status = lua_pcall(L, nargs, nresults, base);
    ts_sandbox_disarm(sb);
    ts_lua_order_forget(L); /* so it holds no table past the call */
    sb->guarded = 0;
    sb->cap = 0;
    sb->in_handler = 0;
    if (status != LUA_OK) {
        const char *tb = lua_tostring(L, -1);
        if (sb->tripped != TS_CAUSE_NONE)
            cause = sb->tripped;
        else if (status == LUA_ERRMEM)
            cause = TS_CAUSE_MEMORY;
        else if (tb && strstr(tb, "stack overflow") && (sb->deep || status == LUA_ERRERR))
            cause = TS_CAUSE_STACK;
        else
            cause = TS_CAUSE_ERROR;
        summarize(tb ? tb : "(no message)", msg, msglen);
        lua_pop(L, 1);
    }
    lua_remove(L, base);
    sb->tripped = TS_CAUSE_NONE;
    return cause;
}

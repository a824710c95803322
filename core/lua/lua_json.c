#include "lua/lua_json.h"

#include <math.h>
#include <stdint.h>
#include <string.h>
#include <lauxlib.h>
#include "lua/readonly.h"
#include "lua/sandbox_limits.h"

/* cJSON's type tests (cJSON_IsString and the like, as cJSON 1.7 defines
 * them) without a library call for each value a rule reads. */
static inline int is_a(int type, const cJSON *node)
{
    return node && (node->type & 0xFF) == type;
}

/* A snapshot container is an empty proxy table.  Which node it shows is
 * kept outside it, in the state's records (struct json_rec, found by the
 * proxy's address), so a proxy is a bare table with a metatable: no slot
 * to allocate, set or look up.  All untouched proxies of one snapshot
 * share one metatable.  An object's first few reads of members are served
 * from the tree (lazy_read: a table member as a proxy kept by node for the
 * generation, so that a wrapper such as a region's "logs" is passed
 * through unconverted); after LAZY_READS of them, or at the first #, pairs
 * or array read, the container converts: its direct children (scalars as
 * Lua values, containers as further proxies, the ones lazy_read gave among
 * them) go into a backing table, and the proxy gets a metatable of its own
 * whose __index is that backing, so from then on every read is the VM's
 * table fast path, with no C call.  The backing is reachable only through
 * protected metatables, so it stays read-only. */
static const char mt_key = 'm';    /* registry: this generation's metatable */
static const char state_key = 's'; /* registry: the struct ts_lua_json_state */
static const char null_key = 'z';

/* Member names pushed from a cache instead of lua_pushlstring (which hashes
 * the text and looks it up in Lua's string table): the snapshot arena keeps
 * one copy of each name (snapshot_arena.c), so the name's address picks a
 * slot and the same name is found there again.  A hit is confirmed by the
 * text, so an address reused for another name is only a miss.  The strings
 * are in the state's user value NAMES_UV (slot + 1), its converted
 * metatables in CONVERTED_UV (stale_converted). */
#define NAME_SLOTS 512
#define NAME_MAX_BYTES 40 /* longer ones are not kept: the cache stays small */
#define NAMES_UV 1
#define CONVERTED_UV 2
#define MT_UV 3 /* the shared metatable of this generation (as mt_key) */
#define CHILDREN_UV 4 /* this generation's proxies served by lazy_read */
#define RECS_UV 5 /* the userdata holding the records */
#define STATE_UVS 5
#define CHILDREN_PRESIZE 128

/* A proxy of this generation: its table's address, its node and the reads
 * lazy_read served.  Records are an open-addressed table (linear probing)
 * in a userdata, so their memory counts against the sandbox's cap and goes
 * with the state.  A record is this generation's when its gen is the
 * state's: a new generation empties the table by counting up.  Every proxy
 * stays reachable until its generation ends (from its parent's backing,
 * which its converted metatable in CONVERTED_UV holds, or from
 * CHILDREN_UV, which keeps the roots ts_lua_json_push gives and the
 * members lazy_read gives), so no other table can have the address of one
 * with a record: a table with a record is a proxy of this generation. */
struct json_rec {
    const void *proxy;
    const cJSON *node;
    unsigned short reads;
    unsigned short gave; /* lazy_read gave a table member: fill looks for it */
    unsigned gen;
};

#define RECS_MIN 512 /* a generated organisation's account has some 300 */
struct ts_lua_json_state {
    lua_Integer converted;          /* metatables in CONVERTED_UV */
    struct json_rec *recs;          /* RECS_UV's memory, mask + 1 of them */
    size_t mask, used;              /* used: records of this generation */
    unsigned gen;
    const char *names[NAME_SLOTS];  /* the address cached in each slot */
};

/* Most objects of an organisation are read a few times by one rule: its
 * thousands of log groups, for a name, a retention and an ARN.  Converting
 * one costs as much as some twenty reads from the tree, so an object is
 * converted only once it has been read this often. */
#define LAZY_READS 7u
#define SMALL_ARRAY 4 /* longer arrays convert at their first element read */

static size_t rec_hash(const struct ts_lua_json_state *st, const void *proxy)
{
    return (size_t)(((uint64_t)(uintptr_t)proxy * 0x9E3779B97F4A7C15ull) >> 32) & st->mask;
}

/* The record of the proxy at address p, or NULL. */
static struct json_rec *rec_find(struct ts_lua_json_state *st, const void *p)
{
    for (size_t i = rec_hash(st, p);; i = (i + 1) & st->mask) {
        struct json_rec *r = &st->recs[i];

        if (r->gen != st->gen)
            return NULL;
        if (r->proxy == p)
            return r;
    }
}

/* Where the record of p goes: its old one (a dead proxy's address now
 * taken by p) or a free one. */
static struct json_rec *rec_place(struct ts_lua_json_state *st, const void *p)
{
    for (size_t i = rec_hash(st, p);; i = (i + 1) & st->mask) {
        struct json_rec *r = &st->recs[i];

        if (r->gen != st->gen) {
            st->used++;
            return r;
        }
        if (r->proxy == p)
            return r;
    }
}

/* Makes room for cap records (a power of two), moving this generation's
 * (state at index state). */
static void recs_resize(lua_State *L, struct ts_lua_json_state *st, int state, size_t cap)
{
    struct json_rec *old = st->recs;
    size_t n = old ? st->mask + 1 : 0;

    st->recs = lua_newuserdatauv(L, cap * sizeof(*st->recs), 0);
    memset(st->recs, 0, cap * sizeof(*st->recs));
    st->mask = cap - 1;
    st->used = 0;
    for (size_t i = 0; i < n; i++)
        if (old[i].gen == st->gen)
            *rec_place(st, old[i].proxy) = old[i];
    lua_setiuservalue(L, state, RECS_UV); /* the old one goes */
}

/* Records that the proxy at the top of the stack shows node. */
static void rec_add(lua_State *L, struct ts_lua_json_state *st, int state, const cJSON *node)
{
    struct json_rec *r;

    if ((st->used + 1) * 2 > st->mask + 1)
        recs_resize(L, st, state, (st->mask + 1) * 2);
    r = rec_place(st, lua_topointer(L, -1));
    r->proxy = lua_topointer(L, -1);
    r->node = node;
    r->reads = 0;
    r->gave = 0;
    r->gen = st->gen;
}

/* Pushes the state (the upvalue of the snapshot's metamethods, or the
 * registry's for calls from elsewhere) and returns it. */
static struct ts_lua_json_state *push_state(lua_State *L)
{
    struct ts_lua_json_state *st = lua_touserdata(L, lua_upvalueindex(1));

    if (st) {
        lua_pushvalue(L, lua_upvalueindex(1));
        return st;
    }
    lua_rawgetp(L, LUA_REGISTRYINDEX, &state_key);
    return lua_touserdata(L, -1);
}

/* The slot of a name's address: its bits above the alignment, mixed. */
static size_t name_slot(const char *s)
{
    uint64_t h = (uint64_t)(uintptr_t)s * 0x9E3779B97F4A7C15ull;

    return (size_t)(h >> 40) & (NAME_SLOTS - 1);
}

/* Pushes member name s, from the cache (its strings at names) when there. */
static void push_name(lua_State *L, struct ts_lua_json_state *st, int names, const char *s)
{
    size_t slot = name_slot(s), len;

    if (st->names[slot] == s) {
        const char *c;

        lua_rawgeti(L, names, (lua_Integer)slot + 1);
        c = lua_tolstring(L, -1, &len);
        if (c && memcmp(c, s, len) == 0 && s[len] == '\0')
            return;
        lua_pop(L, 1);
    }
    len = strlen(s);
    lua_pushlstring(L, s, len);
    if (len > NAME_MAX_BYTES)
        return;
    lua_pushvalue(L, -1);
    lua_rawseti(L, names, (lua_Integer)slot + 1);
    st->names[slot] = s;
}

void ts_lua_json_push_null(lua_State *L)
{
    /* A unique light userdata: compares equal only to itself. */
    lua_pushlightuserdata(L, (void *)&null_key);
}

static void push_number(lua_State *L, double d)
{
    /* Integers stay integers (retentionInDays == 365 and math.type agree). */
    if (d >= -9007199254740992.0 && d <= 9007199254740992.0 && floor(d) == d)
        lua_pushinteger(L, (lua_Integer)d);
    else
        lua_pushnumber(L, d);
}

static void push_value(lua_State *L, const cJSON *node, struct ts_lua_json_state *st, int state);

/* lua_pushstring looks each text up in Lua's cache by its address first
 * (two strcmp calls); snapshot texts are never at an address seen before,
 * so that only costs. */
static void push_text(lua_State *L, const char *s)
{
    lua_pushlstring(L, s, strlen(s));
}

static void push_child(lua_State *L, const cJSON *child, struct ts_lua_json_state *st, int state,
                       int keep);

/* Fills the new backing at the top of the stack with node's members (the
 * state at index state, its names at names).  A loaded snapshot has no
 * duplicate member names (snapshot_check.c refuses them, a name cut short
 * by a NUL byte included), so each is set once.  A container lazy_read
 * has served (lazy) may have given out proxies of its table members or
 * elements: the backing holds those same ones. */
static void fill(lua_State *L, const cJSON *node, struct ts_lua_json_state *st, int state, int names,
                 int lazy)
{
    const cJSON *child;
    lua_Integer i = 1;

    if (is_a(cJSON_Array, node)) {
        cJSON_ArrayForEach(child, node) {
            if (is_a(cJSON_NULL, child))
                ts_lua_json_push_null(L);
            else if (lazy && (is_a(cJSON_Object, child) || is_a(cJSON_Array, child)))
                push_child(L, child, st, state, 0);
            else
                push_value(L, child, st, state);
            lua_rawseti(L, -2, i++);
        }
        return;
    }
    cJSON_ArrayForEach(child, node) {
        if (is_a(cJSON_NULL, child) || !child->string)
            continue;
        push_name(L, st, names, child->string);
        if (lazy && (is_a(cJSON_Object, child) || is_a(cJSON_Array, child)))
            push_child(L, child, st, state, 0);
        else
            push_value(L, child, st, state);
        lua_rawset(L, -3);
    }
}

static int json_stale(lua_State *L)
{
    return luaL_error(L, "snapshot data from an earlier account is no longer available"
                         " (do not keep snapshot tables between checks)");
}

static struct json_rec *proxy_rec(lua_State *L, int idx);

/* The record of the proxy at idx, or raises when its snapshot is gone. */
static struct json_rec *live_rec(lua_State *L, int idx)
{
    struct json_rec *r = proxy_rec(L, idx);

    if (!r)
        json_stale(L);
    return r;
}

static int json_len(lua_State *L);
static int json_pairs(lua_State *L);
static int json_backing(lua_State *L);

/* Lists the metatable at the top of the stack among this generation's
 * converted ones (the state at index state), for stale_converted. */
static void remember_converted(lua_State *L, struct ts_lua_json_state *st, int state)
{
    lua_getiuservalue(L, state, CONVERTED_UV);
    lua_pushvalue(L, -2);
    lua_rawseti(L, -2, ++st->converted);
    lua_pop(L, 1);
}

/* Converts the untouched proxy at idx (its record r) and pushes its
 * backing: the proxy switches to a metatable of its own (see the top). */
static void convert(lua_State *L, int idx, const struct json_rec *r)
{
    const cJSON *node = r->node;
    int lazy = r->gave, state; /* (r moves when fill adds records) */
    struct ts_lua_json_state *st;
    int size;

    idx = lua_absindex(L, idx);
    st = push_state(L);
    state = lua_gettop(L);
    lua_getiuservalue(L, state, NAMES_UV);
    size = cJSON_GetArraySize(node);
    lua_createtable(L, is_a(cJSON_Array, node) ? size : 0, is_a(cJSON_Array, node) ? 0 : size);
    fill(L, node, st, state, state + 1, lazy);
    /* No materialize slot: the backing slot is always found first.  Its
     * __len and __pairs need no state: they never convert. */
    lua_createtable(L, 0, 6);
    lua_pushliteral(L, "__index");
    lua_pushvalue(L, -3);
    lua_rawset(L, -3); /* a table: the VM's fast path */
    lua_pushliteral(L, "__newindex");
    lua_pushcfunction(L, ts_readonly_newindex);
    lua_rawset(L, -3);
    lua_pushliteral(L, "__len");
    lua_pushcfunction(L, json_len);
    lua_rawset(L, -3);
    lua_pushliteral(L, "__pairs");
    lua_pushcfunction(L, json_pairs);
    lua_rawset(L, -3);
    lua_pushliteral(L, "__metatable");
    lua_pushliteral(L, TS_READONLY_PROTECTED);
    lua_rawset(L, -3);
    lua_pushvalue(L, -2);
    lua_rawsetp(L, -2, &ts_ro_backing_key);
    remember_converted(L, st, state);
    lua_setmetatable(L, idx);
    lua_remove(L, state + 1); /* the names */
    lua_remove(L, state);
}

/* Pushes the backing of the proxy at idx, converting it on first touch. */
static void backing(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    if (lua_getmetatable(L, idx)) {
        if (lua_rawgetp(L, -1, &ts_ro_backing_key) == LUA_TTABLE) {
            lua_remove(L, -2);
            return;
        }
        lua_pop(L, 2);
    }
    convert(L, idx, live_rec(L, idx));
}

static int json_backing(lua_State *L)
{
    backing(L, 1);
    return 1;
}

/* The member of object node named by the len bytes at key, or NULL.  A
 * name with a NUL byte matches nothing, as in a converted backing. */
static const cJSON *find_member(const cJSON *node, const char *key, size_t len)
{
    const cJSON *child;

    cJSON_ArrayForEach(child, node)
        if (child->string && child->string[0] == key[0] && strlen(child->string) == len
            && memcmp(child->string, key, len) == 0)
            return child;
    return NULL;
}

/* Pushes the proxy of container child, the one lazy_read gave before if
 * any (the same member must always be the same table): a wrapper such as
 * a region's "logs" is then passed through without converting it.  The
 * proxies lazy_read gives (keep) are kept in CHILDREN_UV of the state at
 * index state, by node, until the next generation. */
static void push_child(lua_State *L, const cJSON *child, struct ts_lua_json_state *st, int state,
                       int keep)
{
    lua_getiuservalue(L, state, CHILDREN_UV);
    if (lua_rawgetp(L, -1, child) == LUA_TNIL) {
        lua_pop(L, 1);
        push_value(L, child, st, state);
        if (keep) {
            lua_pushvalue(L, -1);
            lua_rawsetp(L, -3, child);
        }
    }
    lua_remove(L, -2);
}

/* Element key (at 2) of array node, into *child (NULL: none, so nil),
 * when the array is small enough to be read from the tree; returns 0 when
 * it is not (it converts instead: a rule reads most of a long list). */
static int small_element(lua_State *L, const cJSON *node, const cJSON **child)
{
    const cJSON *c = node->child;
    lua_Integer k = 0, n = 0;
    int whole = 0;

    for (; c && n <= SMALL_ARRAY; c = c->next)
        n++;
    if (n > SMALL_ARRAY)
        return 0;
    /* As the backing would: an integral float is its integer; a string,
     * even "1", is no index. */
    if (lua_type(L, 2) == LUA_TNUMBER)
        k = lua_tointegerx(L, 2, &whole);
    for (c = node->child; whole && k > 1 && c; k--)
        c = c->next;
    *child = whole && k == 1 ? c : NULL;
    return 1;
}

/* Reads key (at 2) of the untouched proxy at 1 (its record r) straight
 * from the tree, and counts the read: an object's member, or an element
 * of a small array (small_element); a scalar as a value, a table as the
 * proxy push_child keeps (state at index state).  Returns 0 when the read
 * needs the conversion instead: the container has had its LAZY_READS, or
 * it is a long array. */
static int lazy_read(lua_State *L, struct json_rec *r, struct ts_lua_json_state *st, int state)
{
    const cJSON *node = r->node, *child = NULL;

    if (r->reads >= LAZY_READS)
        return 0;
    if (is_a(cJSON_Array, node)) {
        if (!small_element(L, node, &child))
            return 0;
    } else if (lua_type(L, 2) == LUA_TSTRING) { /* (an object's other keys: none) */
        size_t len;
        const char *key = lua_tolstring(L, 2, &len);

        if ((child = find_member(node, key, len)) && is_a(cJSON_NULL, child))
            child = NULL; /* a null member is absent */
    }
    r->reads++; /* now: r moves when push_child adds a record */
    if (!child)
        lua_pushnil(L);
    else if (is_a(cJSON_NULL, child)) /* an array's */
        ts_lua_json_push_null(L);
    else if (is_a(cJSON_Object, child) || is_a(cJSON_Array, child)) {
        r->gave = 1;
        push_child(L, child, st, state, 1);
    } else
        push_value(L, child, st, state);
    return 1;
}

/* __index of untouched proxies: a few scalar reads come from the tree
 * (lazy_read); then the proxy converts, and reads as every later read
 * does (a key the backing lacks, such as a name with a NUL byte, is nil). */
static int json_index(lua_State *L)
{
    struct ts_lua_json_state *st = lua_touserdata(L, lua_upvalueindex(1));
    /* Only the current snapshot's shared metatable has this __index (see
     * ts_lua_json_new_generation): the proxy is this generation's, so it
     * has a record. */
    struct json_rec *r = rec_find(st, lua_topointer(L, 1));

    if (!r)
        return json_stale(L);
    if (lazy_read(L, r, st, lua_upvalueindex(1))) /* (the VM passes t, k) */
        return 1;
    lua_settop(L, 2);
    convert(L, 1, r);
    lua_pushvalue(L, 2);
    lua_rawget(L, 3);
    return 1;
}

/* # of a snapshot table.  An untouched one (its __len is the shared
 * metatable's, with the state as upvalue) counts it as a read and answers
 * from the tree: an empty list, or one a rule only asks the length of,
 * never converts. */
static int json_len(lua_State *L)
{
    struct ts_lua_json_state *st = lua_touserdata(L, lua_upvalueindex(1));

    if (st) {
        struct json_rec *r = rec_find(st, lua_topointer(L, 1));

        if (!r)
            return json_stale(L);
        if (r->reads < LAZY_READS) {
            r->reads++;
            lua_pushinteger(L, is_a(cJSON_Array, r->node) ? cJSON_GetArraySize(r->node) : 0);
            return 1;
        }
    }
    backing(L, 1);
    lua_pushinteger(L, (lua_Integer)lua_rawlen(L, -1));
    return 1;
}

/* Iterator of json_pairs: upvalues backing, proxy, cursor (the next cJSON
 * child, a light userdata), i and whether it is an array. */
static int json_iter(lua_State *L)
{
    const cJSON *child = lua_touserdata(L, lua_upvalueindex(3));
    lua_Integer i = lua_tointeger(L, lua_upvalueindex(4)) + 1;

    if (!ts_lua_json_node(L, lua_upvalueindex(2)))
        return luaL_error(L, "snapshot data from an earlier account is no longer available");
    if (lua_toboolean(L, lua_upvalueindex(5))) { /* an array */
        lua_pushinteger(L, i);
        lua_replace(L, lua_upvalueindex(4));
        lua_pushinteger(L, i);
        return lua_rawgeti(L, lua_upvalueindex(1), i) == LUA_TNIL ? 1 : 2;
    }
    /* Objects in document order; nulls (absent) and duplicates skipped. */
    for (; child; child = child->next) {
        if (is_a(cJSON_NULL, child) || !child->string)
            continue;
        push_text(L, child->string);
        lua_pushvalue(L, -1);
        lua_rawget(L, lua_upvalueindex(1));
        if (!lua_isnil(L, -1)) {
            lua_pushlightuserdata(L, (void *)child->next);
            lua_replace(L, lua_upvalueindex(3));
            return 2;
        }
        lua_pop(L, 2);
    }
    lua_pushlightuserdata(L, NULL);
    lua_replace(L, lua_upvalueindex(3));
    lua_pushnil(L);
    return 1;
}

/* pairs() over a snapshot table: document order. */
static int json_pairs(lua_State *L)
{
    const cJSON *node;

    backing(L, 1);
    node = live_rec(L, 1)->node;
    lua_pushvalue(L, 1);
    lua_pushlightuserdata(L, node->child);
    lua_pushinteger(L, 0);
    lua_pushboolean(L, is_a(cJSON_Array, node));
    lua_pushcclosure(L, json_iter, 5);
    return 1;
}

/* Turns the last generation's converted proxies stale: no backing (so
 * #, pairs and next find none, and raise as an untouched one does) and an
 * __index that raises.  Empties the list for the next generation. */
static void stale_converted(lua_State *L, struct ts_lua_json_state *st, int state)
{
    lua_getiuservalue(L, state, CONVERTED_UV);
    for (lua_Integer i = 1; i <= st->converted; i++) {
        lua_rawgeti(L, -1, i);
        lua_pushcfunction(L, json_stale);
        lua_setfield(L, -2, "__index");
        lua_pushnil(L);
        lua_rawsetp(L, -2, &ts_ro_backing_key);
        lua_pushcfunction(L, json_backing);
        lua_rawsetp(L, -2, &ts_ro_materialize_key);
        lua_pop(L, 1);
        lua_pushnil(L);
        lua_rawseti(L, -2, i);
    }
    lua_pop(L, 1);
    st->converted = 0;
}

/* Pushes the state, made on the first generation. */
static struct ts_lua_json_state *state_of(lua_State *L)
{
    struct ts_lua_json_state *st;

    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &state_key) == LUA_TUSERDATA)
        return lua_touserdata(L, -1);
    lua_pop(L, 1);
    st = lua_newuserdatauv(L, sizeof(*st), STATE_UVS);
    memset(st, 0, sizeof(*st));
    lua_createtable(L, NAME_SLOTS, 0);
    lua_setiuservalue(L, -2, NAMES_UV);
    lua_newtable(L);
    lua_setiuservalue(L, -2, CONVERTED_UV);
    recs_resize(L, st, lua_gettop(L), RECS_MIN);
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &state_key);
    return st;
}

/* Sets field k of the table at -2 to f, a closure over the state at -3
 * (so a conversion finds the state without a registry lookup). */
static void set_method(lua_State *L, const char *k, lua_CFunction f)
{
    lua_pushvalue(L, -2);
    lua_pushcclosure(L, f, 1);
    lua_setfield(L, -2, k);
}

void ts_lua_json_new_generation(lua_State *L)
{
    struct ts_lua_json_state *st;

    /* Untouched proxies of the last snapshot now refuse every read (their
     * nodes are about to be freed, and their records are free below); and
     * so do its converted ones, so that a table kept by a rule fails alike
     * however often it was read (their backings would still read). */
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &mt_key) == LUA_TTABLE) {
        lua_pushcfunction(L, json_stale);
        lua_setfield(L, -2, "__index");
        lua_pushcfunction(L, json_stale);
        lua_setfield(L, -2, "__len");
    }
    lua_pop(L, 1);
    st = state_of(L);
    stale_converted(L, st, lua_absindex(L, -1));
    /* The records of the last generation's proxies are free from now on
     * (gen 0 is never a generation's: the userdata starts zeroed). */
    if (++st->gen == 0) {
        memset(st->recs, 0, (st->mask + 1) * sizeof(*st->recs));
        st->gen = 1;
    }
    st->used = 0;
    /* The last generation's are stale: let them go.  Sized for a usual
     * account's (some 75 in a generated organisation's; growing from
     * empty rehashed them all some eight times). */
    lua_createtable(L, 0, CHILDREN_PRESIZE);
    lua_setiuservalue(L, -2, CHILDREN_UV);
    lua_createtable(L, 0, 8);
    set_method(L, "__index", json_index);
    lua_pushcfunction(L, ts_readonly_newindex);
    lua_setfield(L, -2, "__newindex");
    set_method(L, "__len", json_len);
    set_method(L, "__pairs", json_pairs);
    lua_pushliteral(L, TS_READONLY_PROTECTED);
    lua_setfield(L, -2, "__metatable");
    lua_pushvalue(L, -2);
    lua_pushcclosure(L, json_backing, 1);
    lua_rawsetp(L, -2, &ts_ro_materialize_key);
    lua_pushvalue(L, -1);
    lua_setiuservalue(L, -3, MT_UV);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &mt_key);
    lua_pop(L, 1);
}

/* Pushes node's value; a container's proxy gets the shared metatable and
 * a record from the state st (at index state). */
static void push_value(lua_State *L, const cJSON *node, struct ts_lua_json_state *st, int state)
{
    if (is_a(cJSON_String, node))
        push_text(L, node->valuestring);
    else if (is_a(cJSON_Number, node))
        push_number(L, node->valuedouble);
    else if (node && (node->type & (cJSON_True | cJSON_False)))
        lua_pushboolean(L, is_a(cJSON_True, node));
    else if (is_a(cJSON_Object, node) || is_a(cJSON_Array, node)) {
        lua_createtable(L, 0, 0);
        lua_getiuservalue(L, state, MT_UV);
        lua_setmetatable(L, -2);
        rec_add(L, st, state, node);
    } else
        lua_pushnil(L);
}

void ts_lua_json_push(lua_State *L, const cJSON *node)
{
    struct ts_lua_json_state *st;
    int state;

    if (!is_a(cJSON_Object, node) && !is_a(cJSON_Array, node)) {
        push_value(L, node, NULL, 0); /* a scalar needs no state */
        return;
    }
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &mt_key) != LUA_TTABLE)
        ts_lua_json_new_generation(L); /* (a proxy needs one) */
    lua_pop(L, 1);
    st = state_of(L);
    state = lua_gettop(L);
    /* Kept by node, as lazy_read keeps members: one proxy (and one
     * record) a node, however often a root is asked for. */
    push_child(L, node, st, state, 1);
    lua_remove(L, state);
}

/* The record of the proxy at idx (st: the state's), or NULL when it is
 * none of this generation's.  A table with a record is one: this
 * generation's proxies all stay reachable until it ends (see struct
 * json_rec), so no other table has a live one's address, and an earlier
 * generation's records are free. */
static struct json_rec *rec_in(lua_State *L, struct ts_lua_json_state *st, int idx)
{
    if (!st || lua_type(L, idx) != LUA_TTABLE)
        return NULL;
    return rec_find(st, lua_topointer(L, idx));
}

static struct json_rec *proxy_rec(lua_State *L, int idx)
{
    return rec_in(L, ts_lua_json_state(L), idx);
}

const cJSON *ts_lua_json_node(lua_State *L, int idx)
{
    struct json_rec *r = proxy_rec(L, idx);

    return r ? r->node : NULL;
}

struct ts_lua_json_state *ts_lua_json_state(lua_State *L)
{
    struct ts_lua_json_state *st = NULL;

    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &state_key) == LUA_TUSERDATA)
        st = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return st;
}

const cJSON *ts_lua_json_node_in(lua_State *L, struct ts_lua_json_state *st, int idx)
{
    struct json_rec *r = rec_in(L, st, idx);

    return r ? r->node : NULL;
}

/* trailscan.columns(list, key, ...): for each key, a new plain table whose
 * i-th entry is the i-th element's member key, read straight from the
 * tree: strings, numbers and booleans only (an absent or null member, a
 * table, or an element that is not an object leaves nil).  A rule's loop
 * over thousands of log groups then reads plain tables instead of calling
 * __index twice a group, and no element proxy is made for the ones it
 * only glances at. */
#define COLUMNS_MAX 8

struct column_key {
    const char *s; /* NULL: a name with a NUL byte, which no member has */
    size_t len;
};

/* Sets entry i of the columns (the first at index base) from element el;
 * left: how many of the keys a member can have. */
static void fill_columns(lua_State *L, const cJSON *el, const struct column_key *keys,
                         int nkeys, int left, int base, lua_Integer i)
{
    const cJSON *child;

    if (!is_a(cJSON_Object, el))
        return;
    cJSON_ArrayForEach(child, el) {
        const char *name = child->string;

        if (!name)
            continue;
        for (int k = 0; k < nkeys; k++) {
            if (!keys[k].s || name[0] != keys[k].s[0] || memcmp(name, keys[k].s, keys[k].len) != 0
                || name[keys[k].len] != '\0')
                continue;
            if (is_a(cJSON_String, child) || is_a(cJSON_Number, child)
                || (child->type & (cJSON_True | cJSON_False))) {
                push_value(L, child, NULL, 0); /* (a scalar needs no state) */
                lua_rawseti(L, base + k, i);
            }
            if (--left == 0) /* (a loaded snapshot has no duplicate names) */
                return;
        }
    }
}

int ts_lua_json_columns(lua_State *L)
{
    const cJSON *list = ts_lua_json_node(L, 1), *el;
    struct column_key keys[COLUMNS_MAX];
    int nkeys = lua_gettop(L) - 1, left = 0, base;
    lua_Integer n, i = 1;

    luaL_argcheck(L, is_a(cJSON_Array, list), 1,
                  "a list read from this account's snapshot expected");
    luaL_argcheck(L, nkeys >= 1 && nkeys <= COLUMNS_MAX, nkeys < 1 ? 2 : COLUMNS_MAX + 2,
                  "one to 8 member names expected");
    for (int k = 0; k < nkeys; k++) {
        keys[k].s = luaL_checklstring(L, k + 2, &keys[k].len);
        if (strlen(keys[k].s) != keys[k].len)
            keys[k].s = NULL;
        else
            left++;
    }
    n = cJSON_GetArraySize(list);
    ts_sandbox_charge(L, (double)n * nkeys);
    base = lua_gettop(L) + 1;
    for (int k = 0; k < nkeys; k++)
        lua_createtable(L, (int)n, 0);
    if (left > 0) {
        cJSON_ArrayForEach(el, list)
            fill_columns(L, el, keys, nkeys, left, base, i++);
    }
    return nkeys;
}

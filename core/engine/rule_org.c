#include "engine/rule_org.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <lauxlib.h>
#include "engine/budget.h"
#include "lua/lua_json.h"
#include "lua/readonly.h"
#include "lua/sandbox_limits.h"
#include "snapshot/snapshot_load.h"
#include "util/error.h"

static const char view_key = 'v';  /* registry: the view (light userdata) */
static const char seen_key = 's';  /* registry: {id -> snapshot table} this account */

/* One owner's snapshot, loaded once (or not: why not). */
struct owner {
    char *id;
    struct ts_snapshot s;
    int ok;
    int held;               /* given by ts_org_view_hold: kept for the view's life */
    unsigned long used;     /* the account (run) that last asked */
};

struct ts_org_view {
    const struct ts_org_index *ix;
    struct owner *owners;
    size_t nowners, nheld;
    unsigned long run;      /* counts accounts */
    const struct ts_snapshot *cur;
    size_t longest;         /* the longest path an owner's snapshot can have */
};

struct ts_org_view *ts_org_view_new(const struct ts_org_index *ix)
{
    struct ts_org_view *v = ts_xmalloc(sizeof(*v));

    memset(v, 0, sizeof(*v));
    v->ix = ix;
    for (size_t i = 0; ix && ix->files && i < ix->files->count; i++) {
        size_t n = strlen(ix->files->items[i]);
        if (n > v->longest)
            v->longest = n;
    }
    return v;
}

static void owner_release(struct owner *o)
{
    free(o->id);
    ts_snapshot_release(&o->s);
}

void ts_org_view_free(struct ts_org_view *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->nowners; i++)
        owner_release(&v->owners[i]);
    free(v->owners);
    free(v);
}

static struct ts_org_view *view_of(lua_State *L)
{
    struct ts_org_view *v;

    lua_rawgetp(L, LUA_REGISTRYINDEX, &view_key);
    v = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return v;
}

/* Keeps at most TS_ORG_KEEP owners between accounts: the ones used
 * longest ago go first.  Only between accounts, so no table a rule holds
 * points into a freed snapshot (tables of an earlier account's lookups
 * refuse to convert: lua_json's generations). */
static void trim(struct ts_org_view *v)
{
    while (v->nowners - v->nheld > TS_ORG_KEEP) {
        size_t old = SIZE_MAX;
        for (size_t i = 0; i < v->nowners; i++)
            if (!v->owners[i].held && (old == SIZE_MAX || v->owners[i].used < v->owners[old].used))
                old = i;
        owner_release(&v->owners[old]);
        v->owners[old] = v->owners[--v->nowners];
    }
}

void ts_org_view_hold(struct ts_org_view *v, struct ts_snapshot *s)
{
    struct owner *o;

    v->owners = ts_xrealloc(v->owners, (v->nowners + 1) * sizeof(*v->owners));
    o = &v->owners[v->nowners++];
    memset(o, 0, sizeof(*o));
    o->id = ts_xstrdup(s->account_id);
    o->s = *s;
    ts_snapshot_init(s);
    o->ok = o->held = 1;
    v->nheld++;
    if (o->s.path && strlen(o->s.path) > v->longest)
        v->longest = strlen(o->s.path);
}

/* A held owner's snapshot of account id, or NULL. */
static struct owner *held_owner(struct ts_org_view *v, const char *id)
{
    for (size_t i = 0; i < v->nowners; i++)
        if (v->owners[i].held && !strcmp(v->owners[i].id, id))
            return &v->owners[i];
    return NULL;
}

int ts_org_view_holds(struct ts_org_view *v, const char *id)
{
    return v && held_owner(v, id) != NULL;
}

/* A held owner whose global.s3.ListBuckets has bucket name, or NULL (the
 * index knows the others'). */
static const char *held_bucket_owner(struct ts_org_view *v, const char *name)
{
    for (size_t i = 0; i < v->nowners; i++) {
        const cJSON *g = cJSON_GetObjectItemCaseSensitive(v->owners[i].s.root, "global");
        const cJSON *s3 = cJSON_GetObjectItemCaseSensitive(g, "s3");
        const cJSON *lb = cJSON_GetObjectItemCaseSensitive(s3, "ListBuckets");
        const cJSON *b, *n;
        if (!v->owners[i].held)
            continue;
        cJSON_ArrayForEach(b, cJSON_GetObjectItemCaseSensitive(lb, "Buckets")) {
            n = cJSON_GetObjectItemCaseSensitive(b, "Name");
            if (cJSON_IsString(n) && n->valuestring && !strcmp(n->valuestring, name))
                return v->owners[i].id;
        }
    }
    return NULL;
}

/* The file of account id's snapshot: a held one's, or the index's (a path
 * in the scan's list of files, which outlives the view). */
static const char *view_file(struct ts_org_view *v, const char *id)
{
    struct owner *o = held_owner(v, id);

    if (o)
        return o->s.path;
    return v->ix ? ts_org_index_file(v->ix, id) : NULL;
}

/* The owner snapshot of account id (file), loaded if need be. */
static struct owner *owner_of(struct ts_org_view *v, const char *id, const char *file)
{
    struct owner *o;
    struct ts_problems ignored; /* the scan reports the file's problems itself */

    for (size_t i = 0; i < v->nowners; i++)
        if (!strcmp(v->owners[i].id, id)) {
            v->owners[i].used = v->run;
            return &v->owners[i];
        }
    v->owners = ts_xrealloc(v->owners, (v->nowners + 1) * sizeof(*v->owners));
    o = &v->owners[v->nowners++];
    memset(o, 0, sizeof(*o));
    o->id = ts_xstrdup(id);
    o->used = v->run;
    ts_snapshot_init(&o->s);
    ts_problems_init(&ignored);
    /* The file must still say it is this account: the index skimmed it. */
    o->ok = ts_snapshot_load(&o->s, file, &ignored) == 0 && o->s.account_id
            && !strcmp(o->s.account_id, id);
    ts_snapshot_drop_text(&o->s, 0); /* kept for the account: the tree is enough */
    ts_problems_release(&ignored);
    return o;
}

/* A rule that reads another account's snapshot may spend on it what it
 * may on its own (budget.h), from this lookup to the end of the account:
 * a member's budget is sized for the member, the log group it delivers to
 * may hold the management account's thousands.  Once per owner and
 * account, in rule order: the same for any --jobs. */
static void grow_budget(lua_State *L, size_t bytes)
{
    struct ts_sandbox *sb = ts_sandbox_of(L);

    if (!sb)
        return;
    sb->limits.instructions = ts_budget_instructions(sb->limits.instructions, bytes);
    sb->limits.seconds = ts_budget_seconds(sb->limits.seconds, bytes);
}

/* trailscan.org.snapshot(id) */
static int org_snapshot(lua_State *L)
{
    struct ts_org_view *v = view_of(L);
    const char *id = luaL_checkstring(L, 1);
    const char *file = v ? view_file(v, id) : NULL;
    struct owner *o;

    lua_settop(L, 1);
    /* The account being judged is in the table from the start (its own
     * snapshot, so a chain that comes back to it reads it there). */
    if (v && v->cur && v->cur->account_id && !strcmp(v->cur->account_id, id))
        file = v->cur->path;
    if (!file) {
        lua_pushnil(L);
        lua_pushfstring(L, "the snapshot of account %s is not in this scan", id);
        return 2;
    }
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &seen_key) == LUA_TTABLE) {
        if (lua_getfield(L, -1, id) != LUA_TNIL) {
            lua_pushstring(L, file);
            return 2;
        }
        lua_pop(L, 1);
    }
    o = owner_of(v, id, file);
    if (!o->ok) {
        lua_pushnil(L);
        lua_pushfstring(L, "the snapshot of account %s (%s) could not be loaded", id, file);
        return 2;
    }
    grow_budget(L, o->s.len);
    ts_lua_json_push(L, o->s.root);
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushvalue(L, -1);
        lua_setfield(L, 2, id);
    }
    lua_pushstring(L, file);
    return 2;
}

/* Pushes the index's owner of bucket name and returns 1, or 0 if it has
 * none.  An id of any length: a long one is read again straight into a
 * Lua buffer (no malloc'd memory across a push that can raise). */
static int push_indexed_owner(lua_State *L, const struct ts_org_index *ix, const char *name)
{
    char id[64]; /* an AWS account id is 12 digits */
    size_t n = ts_org_index_bucket_owner(ix, name, id, sizeof(id));
    luaL_Buffer b;
    char *room;

    if (n == TS_ORG_INDEX_NONE)
        return 0;
    if (n < sizeof(id)) {
        lua_pushlstring(L, id, n);
        return 1;
    }
    room = luaL_buffinitsize(L, &b, n + 1);
    if (ts_org_index_bucket_owner(ix, name, room, n + 1) != n) {
        luaL_pushresultsize(&b, 0); /* a failed read (ts_org_index_error) */
        lua_pop(L, 1);
        return 0;
    }
    luaL_pushresultsize(&b, n);
    return 1;
}

/* trailscan.org.bucket_owner(name) */
static int org_bucket_owner(lua_State *L)
{
    struct ts_org_view *v = view_of(L);
    const char *name = luaL_checkstring(L, 1);
    const char *held;

    if (v && v->ix && push_indexed_owner(L, v->ix, name))
        return 1;
    if (v && (held = held_bucket_owner(v, name)) != NULL)
        lua_pushstring(L, held);
    else
        lua_pushnil(L);
    return 1;
}

int ts_rule_org_where(lua_State *L, const cJSON *node, const char **file, unsigned *line,
                      unsigned *column)
{
    struct ts_org_view *v = view_of(L);

    if (!v || !node)
        return -1;
    for (size_t i = 0; i < v->nowners; i++)
        if (v->owners[i].ok && v->owners[i].used == v->run
            && ts_snapshot_position(&v->owners[i].s, node, line, column) == 0) {
            *file = v->owners[i].s.path;
            return 0;
        }
    return -1;
}

size_t ts_rule_org_longest_path(lua_State *L)
{
    struct ts_org_view *v = view_of(L);

    return v ? v->longest : 0;
}

/* trailscan.org.where(t) */
static int org_where(lua_State *L)
{
    const cJSON *node = ts_lua_json_node(L, 1);
    const char *file;
    unsigned line, column;

    if (ts_rule_org_where(L, node, &file, &line, &column) < 0) {
        lua_pushnil(L);
        return 1;
    }
    lua_pushstring(L, file);
    lua_pushinteger(L, line);
    return 2;
}

void ts_rule_org_install(lua_State *L, struct ts_org_view *v)
{
    static const luaL_Reg fns[] = {
        {"snapshot", org_snapshot},
        {"bucket_owner", org_bucket_owner},
        {"where", org_where},
        {NULL, NULL},
    };

    ts_rule_org_set(L, v);
    luaL_newlib(L, fns);
    ts_readonly_wrap(L, -1);
    lua_remove(L, -2);
    lua_setfield(L, -2, "org");
}

void ts_rule_org_set(lua_State *L, struct ts_org_view *v)
{
    lua_pushlightuserdata(L, v);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &view_key);
}

void ts_rule_org_finish(lua_State *L)
{
    struct ts_org_view *v = view_of(L);

    if (!v)
        return;
    v->cur = NULL;
    lua_pushnil(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &seen_key);
}

void ts_rule_org_start(lua_State *L, const struct ts_snapshot *s, int root)
{
    struct ts_org_view *v = view_of(L);

    if (!v)
        return;
    root = lua_absindex(L, root);
    v->run++;
    v->cur = s;
    trim(v);
    lua_newtable(L);
    if (s->account_id) {
        lua_pushvalue(L, root);
        lua_setfield(L, -2, s->account_id);
    }
    lua_rawsetp(L, LUA_REGISTRYINDEX, &seen_key);
}

/* Memory for one Lua state's small objects.  A scan creates and drops
 * hundreds of thousands of small tables and strings per account; glibc's
 * malloc spends much of a scan on them (and on consolidating its bins).
 * A pool serves blocks up to TS_LUA_POOL_MAX bytes from size-class free
 * lists, larger ones from malloc.  Lua always says a block's size when it
 * frees or resizes it, so no header is needed.  One state, one thread. */
#ifndef TS_LUA_POOL_H
#define TS_LUA_POOL_H

#include <stddef.h>
#include <string.h>

#define TS_LUA_POOL_MAX 256

struct ts_lua_pool {
    void *free[TS_LUA_POOL_MAX / 16 + 1]; /* per class: a list of free blocks */
    struct ts_lua_pool_page *pages;
    char *next, *end;                      /* the unused rest of the newest page */
};

void ts_lua_pool_init(struct ts_lua_pool *p);
/* Frees every page (after lua_close). */
void ts_lua_pool_release(struct ts_lua_pool *p);

/* realloc() for Lua: ptr of osize bytes (ptr NULL: a new block) to nsize
 * bytes (nsize > 0).  NULL when out of memory, ptr then unchanged. */
void *ts_lua_pool_resize(struct ts_lua_pool *p, void *ptr, size_t osize, size_t nsize);
void ts_lua_pool_free(struct ts_lua_pool *p, void *ptr, size_t osize);

/* The common cases, inline for the allocator's fast path (a function Lua
 * calls through a pointer some seven times per result: without a call of
 * its own it needs no stack frame).  n is 1..TS_LUA_POOL_MAX. */

/* Size class of a block of n bytes: 16-byte steps. */
static inline size_t ts_lua_pool_class(size_t n)
{
    return (n + 15) / 16;
}

/* A block for n bytes from its class's free list or the newest page's
 * rest, or NULL when that needs a new page (ts_lua_pool_resize's). */
static inline void *ts_lua_pool_take_fast(struct ts_lua_pool *p, size_t n)
{
    size_t c = ts_lua_pool_class(n);
    void *b = p->free[c];

    if (b) {
        memcpy(&p->free[c], b, sizeof(void *));
        return b;
    }
    if ((size_t)(p->end - p->next) < c * 16)
        return NULL;
    b = p->next;
    p->next += c * 16;
    return b;
}

/* Frees a pool block (osize 1..TS_LUA_POOL_MAX). */
static inline void ts_lua_pool_put(struct ts_lua_pool *p, void *ptr, size_t osize)
{
    size_t c = ts_lua_pool_class(osize);

    memcpy(ptr, &p->free[c], sizeof(void *));
    p->free[c] = ptr;
}

#endif

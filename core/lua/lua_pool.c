#include "lua/lua_pool.h"

#include <stdlib.h>
#include <string.h>

#define PAGE_BYTES ((size_t)64 * 1024)

struct ts_lua_pool_page {
    struct ts_lua_pool_page *next;
    size_t pad; /* keeps blocks 16-byte aligned */
};

void ts_lua_pool_init(struct ts_lua_pool *p)
{
    memset(p, 0, sizeof(*p));
}

void ts_lua_pool_release(struct ts_lua_pool *p)
{
    while (p->pages) {
        struct ts_lua_pool_page *next = p->pages->next;
        free(p->pages);
        p->pages = next;
    }
    ts_lua_pool_init(p);
}

static void *take(struct ts_lua_pool *p, size_t n)
{
    void *b = ts_lua_pool_take_fast(p, n);
    struct ts_lua_pool_page *page;

    if (b)
        return b;
    page = malloc(sizeof(*page) + PAGE_BYTES);
    if (!page)
        return NULL;
    /* The old page's tail is too small for this class: it stays unused. */
    page->next = p->pages;
    p->pages = page;
    p->next = (char *)(page + 1);
    p->end = p->next + PAGE_BYTES;
    return ts_lua_pool_take_fast(p, n); /* the new page's first block */
}

void ts_lua_pool_free(struct ts_lua_pool *p, void *ptr, size_t osize)
{
    if (!ptr)
        return;
    if (osize > TS_LUA_POOL_MAX)
        free(ptr);
    else
        ts_lua_pool_put(p, ptr, osize);
}

void *ts_lua_pool_resize(struct ts_lua_pool *p, void *ptr, size_t osize, size_t nsize)
{
    void *n;

    if (!ptr)
        return nsize > TS_LUA_POOL_MAX ? malloc(nsize) : take(p, nsize);
    if (osize > TS_LUA_POOL_MAX && nsize > TS_LUA_POOL_MAX)
        return realloc(ptr, nsize);
    if (osize <= TS_LUA_POOL_MAX && nsize <= TS_LUA_POOL_MAX && ts_lua_pool_class(osize) == ts_lua_pool_class(nsize))
        return ptr;
    n = nsize > TS_LUA_POOL_MAX ? malloc(nsize) : take(p, nsize);
    /* A pool block that cannot move to a smaller class stays where it is:
     * Lua expects shrinking to succeed, and freed later it serves the
     * smaller class. */
    if (!n && osize <= TS_LUA_POOL_MAX && nsize < osize)
        return ptr;
    if (!n)
        return NULL;
    memcpy(n, ptr, osize < nsize ? osize : nsize);
    ts_lua_pool_free(p, ptr, osize);
    return n;
}

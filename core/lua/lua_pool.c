#include "lua/lua_pool.h"

#include <stdlib.h>
#include <string.h>

#define PAGE_BYTES ((size_t)64 * 1024)

struct ts_lua_pool_page {
    struct ts_lua_pool_page *next;
    size_t pad; /* keeps blocks 16-byte aligned */
};

/* Size class of a block of n bytes (1..TS_LUA_POOL_MAX): 16-byte steps. */
static size_t class_of(size_t n)
{
    return (n + 15) / 16;
}

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
    size_t c = class_of(n), bytes = c * 16;
    void *b = p->free[c];

    if (b) {
        memcpy(&p->free[c], b, sizeof(void *));
        return b;
    }
    if ((size_t)(p->end - p->next) < bytes) {
        struct ts_lua_pool_page *page = malloc(sizeof(*page) + PAGE_BYTES);
        if (!page)
            return NULL;
        /* The old page's tail is too small for this class: it stays unused. */
        page->next = p->pages;
        p->pages = page;
        p->next = (char *)(page + 1);
        p->end = p->next + PAGE_BYTES;
    }
    b = p->next;
    p->next += bytes;
    return b;
}

void ts_lua_pool_free(struct ts_lua_pool *p, void *ptr, size_t osize)
{
    size_t c;

    if (!ptr)
        return;
    if (osize > TS_LUA_POOL_MAX) {
        free(ptr);
        return;
    }
    c = class_of(osize);
    memcpy(ptr, &p->free[c], sizeof(void *));
    p->free[c] = ptr;
}

void *ts_lua_pool_resize(struct ts_lua_pool *p, void *ptr, size_t osize, size_t nsize)
{
    void *n;

    if (!ptr)
        return nsize > TS_LUA_POOL_MAX ? malloc(nsize) : take(p, nsize);
    if (osize > TS_LUA_POOL_MAX && nsize > TS_LUA_POOL_MAX)
        return realloc(ptr, nsize);
    if (osize <= TS_LUA_POOL_MAX && nsize <= TS_LUA_POOL_MAX && class_of(osize) == class_of(nsize))
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

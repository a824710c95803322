#include "snapshot/snapshot_arena.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

/* A block of arena memory; the header keeps the data 16-byte aligned, as
 * malloc's would be. */
struct chunk {
    struct chunk *next;
    size_t size, used;
    size_t pad;
};

struct arena {
    struct arena *next_live;
    const cJSON *root;
    struct chunk *chunks;
    size_t next_size;
};

/* cJSON's hooks are process-wide: they hand out arena memory only to a
 * thread that is parsing a snapshot (filling), and malloc's otherwise. */
static _Thread_local struct arena *filling;
/* Arenas whose trees are in use, so a stray cJSON free of their memory is
 * recognised instead of handed to free(). */
static pthread_mutex_t live_lock = PTHREAD_MUTEX_INITIALIZER;
static struct arena *live;
static atomic_size_t nlive;
static pthread_once_t hooks_once = PTHREAD_ONCE_INIT;

static int owns(const struct arena *a, const void *p)
{
    for (const struct chunk *c = a->chunks; c; c = c->next) {
        uintptr_t start = (uintptr_t)(c + 1), at = (uintptr_t)p;
        if (at >= start && at < start + c->size)
            return 1;
    }
    return 0;
}

static void *arena_malloc(size_t n)
{
    struct arena *a = filling;
    struct chunk *c;
    void *p;

    if (!a)
        return malloc(n);
    n = (n + 15) & ~(size_t)15;
    c = a->chunks;
    if (!c || c->size - c->used < n) {
        size_t size = a->next_size > n ? a->next_size : n;
        c = malloc(sizeof(*c) + size);
        if (!c)
            return NULL;
        c->size = size;
        c->used = 0;
        c->next = a->chunks;
        a->chunks = c;
        a->next_size = size * 2;
    }
    p = (char *)(c + 1) + c->used;
    c->used += n;
    return p;
}

static void arena_free(void *p)
{
    int ours = 0;

    if (!p)
        return;
    if (filling && owns(filling, p))
        return; /* a failed parse dropping its part-built tree */
    if (atomic_load(&nlive) > 0) {
        pthread_mutex_lock(&live_lock);
        for (const struct arena *a = live; a && !ours; a = a->next_live)
            ours = owns(a, p);
        pthread_mutex_unlock(&live_lock);
    }
    if (!ours)
        free(p); /* arena memory goes with its arena */
}

static void install_hooks(void)
{
    cJSON_Hooks hooks = {arena_malloc, arena_free};
    cJSON_InitHooks(&hooks);
}

static void free_arena(struct arena *a)
{
    while (a->chunks) {
        struct chunk *next = a->chunks->next;
        free(a->chunks);
        a->chunks = next;
    }
    free(a);
}

cJSON *ts_snapshot_arena_parse(const char *json, size_t len, const char **end)
{
    struct arena *a = calloc(1, sizeof(*a));
    cJSON *root;

    if (!a)
        return cJSON_ParseWithLengthOpts(json, len, end, 1);
    pthread_once(&hooks_once, install_hooks);
    /* About three bytes of tree per byte of text: one chunk, usually. */
    a->next_size = len < ((size_t)1 << 40) ? len * 3 + 4096 : len;
    filling = a;
    root = cJSON_ParseWithLengthOpts(json, len, end, 1);
    filling = NULL;
    if (!root) {
        free_arena(a);
        return NULL;
    }
    a->root = root;
    pthread_mutex_lock(&live_lock);
    a->next_live = live;
    live = a;
    atomic_fetch_add(&nlive, 1);
    pthread_mutex_unlock(&live_lock);
    return root;
}

void ts_snapshot_arena_delete(cJSON *root)
{
    struct arena *a = NULL;

    if (!root)
        return;
    pthread_mutex_lock(&live_lock);
    for (struct arena **at = &live; *at; at = &(*at)->next_live)
        if ((*at)->root == root) {
            a = *at;
            *at = a->next_live;
            atomic_fetch_sub(&nlive, 1);
            break;
        }
    pthread_mutex_unlock(&live_lock);
    if (a)
        free_arena(a);
    else
        cJSON_Delete(root);
}

#include "snapshot/snapshot_arena.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A block of arena memory; the header keeps the data 16-byte aligned.
 * Nodes are 8-byte aligned, not malloc's 16 (cJSON needs no more), and
 * strings, half of cJSON's allocations, are packed with no padding. */
struct chunk {
    struct chunk *next;
    size_t size, used;
    size_t pad;
};

/* Member names seen while parsing, each kept once in the arena: a large
 * account repeats the same few names (logGroupName, arn, ...) hundreds of
 * thousands of times.  Open addressing over the arena's copies; at most
 * MAX_KEYS distinct names (a hostile file's millions of distinct names are
 * kept as cJSON keeps them, one copy each). */
#define MAX_KEYS 4096
#define MAX_KEY_BYTES 128
struct keys {
    const char **slots;
    size_t cap, count;
};

struct arena {
    struct arena *next_live;
    const cJSON *root;
    struct chunk *chunks;
    size_t next_size;
    /* The last allocation, and the one before it if it was of a node's
     * size: a member's name is the allocation right after its node. */
    char *last, *before;
    size_t last_asked;
    struct keys keys;
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

static size_t hash_key(const char *s, size_t *len)
{
    size_t h = 2166136261u, i = 0;

    for (; s[i]; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    *len = i;
    return h;
}

/* The arena's copy of name s, added if new (when there is room); NULL
 * when it is not kept. */
static const char *key_find(struct keys *k, const char *s)
{
    size_t len, h = hash_key(s, &len), i;

    if (len > MAX_KEY_BYTES)
        return NULL;
    if (!k->slots) {
        k->cap = 256;
        k->slots = calloc(k->cap, sizeof(*k->slots));
        if (!k->slots)
            return NULL;
    }
    for (i = h & (k->cap - 1); k->slots[i]; i = (i + 1) & (k->cap - 1))
        if (!strcmp(k->slots[i], s))
            return k->slots[i];
    if (k->count >= MAX_KEYS || 2 * (k->count + 1) > k->cap)
        return NULL; /* full: 2 * MAX_KEYS slots at most (see grow_keys) */
    k->slots[i] = s;
    k->count++;
    return s;
}

/* Doubles the table once it is half full, up to 2 * MAX_KEYS slots. */
static void grow_keys(struct keys *k)
{
    const char **old = k->slots;
    size_t cap = k->cap;

    if (!old || 2 * (k->count + 1) <= cap || cap >= 2 * MAX_KEYS)
        return;
    k->slots = calloc(2 * cap, sizeof(*k->slots));
    if (!k->slots) {
        k->slots = old;
        return;
    }
    k->cap = 2 * cap;
    for (size_t j = 0; j < cap; j++)
        if (old[j]) {
            size_t len, i = hash_key(old[j], &len) & (k->cap - 1);
            while (k->slots[i])
                i = (i + 1) & (k->cap - 1);
            k->slots[i] = old[j];
        }
    free(old);
}

/* If the last allocation was the name of the member whose node came just
 * before it, points the node at the arena's one copy of that name and
 * takes the allocation back.  cJSON allocates a member's node (zeroed),
 * then its name, and sets node->string before it allocates anything else;
 * a node's first byte, its next pointer, is still 0 then, while a string
 * of a node's size is never empty (see arena_malloc for the zeroed case). */
static void intern_last(struct arena *a)
{
    cJSON *node = (cJSON *)a->before;
    const char *kept;

    if (!node || *(unsigned char *)a->before != 0 || node->string != a->last)
        return;
    grow_keys(&a->keys);
    kept = key_find(&a->keys, a->last);
    if (!kept || kept == a->last)
        return;
    node->string = (char *)kept;
    /* The last allocation, so still on top of the newest chunk. */
    a->chunks->used = (size_t)(a->last - (char *)(a->chunks + 1));
    a->last = NULL;
}

static void *arena_malloc(size_t n)
{
    struct arena *a = filling;
    struct chunk *c;
    char *p;
    size_t at;

    if (!a)
        return malloc(n);
    intern_last(a);
    a->before = a->last && a->last_asked == sizeof(cJSON) ? a->last : NULL;
    if (n == 0)
        n = 1;
    /* A struct's size is a multiple of its alignment: those sizes start on
     * 8 bytes (cJSON needs no more), other sizes are strings, packed. */
    c = a->chunks;
    at = c ? (n % 8 ? c->used : (c->used + 7) & ~(size_t)7) : 0;
    if (!c || at > c->size || c->size - at < n) {
        size_t size = a->next_size > n ? a->next_size : n;
        c = malloc(sizeof(*c) + size);
        if (!c)
            return NULL;
        c->size = size;
        c->used = 0;
        c->next = a->chunks;
        a->chunks = c;
        a->next_size = size * 2;
        at = 0;
    }
    p = (char *)(c + 1) + at;
    c->used = at + n;
    /* Node-sized allocations start zeroed (cJSON zeroes its nodes anyway):
     * a string of that size that intern_last reads as a node has no
     * undefined bytes, and one that starts with an escaped NUL (which the
     * loader's scan refuses before any parse) is zeros past its text. */
    if (n == sizeof(cJSON))
        memset(p, 0, n);
    a->last = p;
    a->last_asked = n;
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
    free(a->keys.slots); /* names are interned while parsing only */
    a->keys.slots = NULL;
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

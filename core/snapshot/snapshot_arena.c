#include "snapshot/snapshot_arena.h"
#include "json/json_parse.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
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
    uint8_t *lens;            /* each name's length: at most MAX_KEY_BYTES */
    /* The slot of the name that came after each one last time, and the
     * last name's slot (NO_SLOT: none): objects of one kind repeat their
     * names in one order, so the next name is usually a guess away. */
    uint16_t *next, prev;
    size_t cap, count;
};
#define NO_SLOT UINT16_MAX

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

/* A name's hash, 8 bytes at a time (names are short: a few words). */
static size_t hash_key(const char *s, size_t len)
{
    uint64_t h = len * 0x9E3779B97F4A7C15ull, w;
    size_t i = 0;

    for (; len - i >= 8; i += 8) {
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDull;
    }
    if (i < len) {
        w = 0;
        memcpy(&w, s + i, len - i);
        h = (h ^ w) * 0xFF51AFD7ED558CCDull;
    }
    return (size_t)(h ^ (h >> 29));
}

/* The slot of name s (len bytes), added if new (when there is room), or
 * NO_SLOT when it is not kept. */
static uint16_t key_slot(struct keys *k, const char *s, size_t len)
{
    size_t i;

    for (i = hash_key(s, len) & (k->cap - 1); k->slots[i]; i = (i + 1) & (k->cap - 1))
        if (k->lens[i] == len && !memcmp(k->slots[i], s, len))
            return (uint16_t)i;
    if (k->count >= MAX_KEYS || 2 * (k->count + 1) > k->cap)
        return NO_SLOT; /* full: 2 * MAX_KEYS slots at most (see grow_keys) */
    k->slots[i] = s;
    k->lens[i] = (uint8_t)len;
    k->count++;
    return (uint16_t)i;
}

static int alloc_keys(struct keys *k, size_t cap)
{
    k->slots = calloc(cap, sizeof(*k->slots));
    k->lens = calloc(cap, sizeof(*k->lens));
    k->next = malloc(cap * sizeof(*k->next));
    if (!k->slots || !k->lens || !k->next) {
        free(k->slots);
        free(k->lens);
        free(k->next);
        k->slots = NULL;
        k->lens = NULL;
        k->next = NULL;
        return -1;
    }
    memset(k->next, 0xFF, cap * sizeof(*k->next)); /* NO_SLOT */
    k->cap = cap;
    k->prev = NO_SLOT;
    return 0;
}

/* Doubles the table once it is half full, up to 2 * MAX_KEYS slots (the
 * guesses start over). */
static void grow_keys(struct keys *k)
{
    struct keys old = *k;

    if (2 * (k->count + 1) <= k->cap || k->cap >= 2 * MAX_KEYS)
        return;
    if (alloc_keys(k, 2 * old.cap) < 0) {
        *k = old;
        return;
    }
    for (size_t j = 0; j < old.cap; j++)
        if (old.slots[j]) {
            size_t i = hash_key(old.slots[j], old.lens[j]) & (k->cap - 1);
            while (k->slots[i])
                i = (i + 1) & (k->cap - 1);
            k->slots[i] = old.slots[j];
            k->lens[i] = old.lens[j];
        }
    free(old.slots);
    free(old.lens);
    free(old.next);
}

static void free_keys(struct keys *k)
{
    free(k->slots);
    free(k->lens);
    free(k->next);
    memset(k, 0, sizeof(*k));
}

/* The slot of member name s (len bytes; -1: NUL-terminated, length not
 * yet counted), added if new and there is room, or NO_SLOT: the guess of
 * the name after the last one first, then the table. */
static uint16_t name_slot(struct keys *k, const char *s, size_t len)
{
    uint16_t i = NO_SLOT, guess = k->prev != NO_SLOT ? k->next[k->prev] : NO_SLOT;

    if (guess != NO_SLOT && (len == (size_t)-1 ? !strcmp(k->slots[guess], s)
                             : k->lens[guess] == len && !memcmp(k->slots[guess], s, len)))
        i = guess;
    else if ((len = len == (size_t)-1 ? strlen(s) : len) <= MAX_KEY_BYTES) {
        grow_keys(k);
        i = key_slot(k, s, len);
        if (i != NO_SLOT && k->prev != NO_SLOT)
            k->next[k->prev] = i;
    }
    k->prev = i;
    return i;
}

/* If the last allocation was the name of the member whose node came just
 * before it, points the node at the arena's one copy of that name and
 * takes the allocation back.  cJSON allocates a member's node (zeroed),
 * then its name, and sets node->string before it allocates anything else;
 * a node's first byte, its next pointer, is still 0 then, while a string
 * of a node's size is never empty (see arena_malloc for the one that
 * starts with an escaped NUL).  The guess of the next name saves most
 * lookups. */
static void intern_last(struct arena *a)
{
    cJSON *node = (cJSON *)a->before;
    struct keys *k = &a->keys;
    uint16_t i;

    if (!node || *(unsigned char *)a->before != 0 || node->string != a->last)
        return;
    if (!k->slots && alloc_keys(k, 256) < 0)
        return;
    i = name_slot(k, a->last, (size_t)-1);
    if (i == NO_SLOT || k->slots[i] == a->last)
        return;
    node->string = (char *)k->slots[i];
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
    /* A node-sized allocation starts with its name pointer zeroed (cJSON
     * zeroes its nodes whole): a string of that size that intern_last
     * reads as a node (one starting with an escaped NUL, which the
     * loader's scan refuses before any parse) reads no undefined byte. */
    if (n == sizeof(cJSON)) {
        char *none = NULL;
        memcpy(p + offsetof(cJSON, string), &none, sizeof(none));
    }
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

/* A new arena for a text of len bytes, the hooks installed (a stray
 * cJSON_Delete of part of its tree must find it), or NULL. */
static struct arena *new_arena(size_t len)
{
    struct arena *a = calloc(1, sizeof(*a));

    if (!a)
        return NULL;
    pthread_once(&hooks_once, install_hooks);
    /* About three bytes of tree per byte of text: one chunk, usually. */
    a->next_size = len < ((size_t)1 << 40) ? len * 3 + 4096 : len;
    return a;
}

/* Ends a parse into a: the tree's arena is kept (live) if there is one,
 * freed otherwise. */
static cJSON *finish(struct arena *a, cJSON *root)
{
    free_keys(&a->keys); /* names are interned while parsing only */
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

cJSON *ts_snapshot_arena_parse(const char *json, size_t len, const char **end)
{
    struct arena *a = new_arena(len);
    cJSON *root;

    if (!a)
        return cJSON_ParseWithLengthOpts(json, len, end, 1);
    filling = a;
    root = cJSON_ParseWithLengthOpts(json, len, end, 1);
    filling = NULL;
    return finish(a, root);
}

/* ts_json_parse's blocks: whole chunks of the arena, so owns() knows
 * them. */
static void *parse_block(void *ctx, size_t min, size_t *size)
{
    struct arena *a = ctx;
    size_t want = a->next_size > min ? a->next_size : min;
    struct chunk *c = malloc(sizeof(*c) + want);

    if (!c)
        return NULL;
    c->size = c->used = want;
    c->next = a->chunks;
    a->chunks = c;
    a->next_size = want * 2;
    *size = want;
    return c + 1;
}

/* ts_json_parse's member names, kept once as intern_last keeps cJSON's. */
static const char *parse_name(void *ctx, const char *s, size_t len)
{
    struct arena *a = ctx;
    uint16_t i;

    if (!a->keys.slots && alloc_keys(&a->keys, 256) < 0)
        return s;
    i = name_slot(&a->keys, s, len);
    return i == NO_SLOT ? s : a->keys.slots[i];
}

cJSON *ts_snapshot_arena_parse_valid(const char *json, size_t len, struct ts_json_pos *pos)
{
    struct arena *a = new_arena(len);
    struct ts_json_parse_mem mem = {parse_block, parse_name, a};

    if (!a)
        return NULL;
    return finish(a, ts_json_parse(json, len, &mem, pos));
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

#include "engine/account_store.h"

#include <stdlib.h>
#include <string.h>
#include "snapshot/snapshot_errors.h"
#include "util/error.h"

/* Where an account is: in memory (held), or its record in a log (the
 * size bytes at rec), read back with one read. */
struct ts_account_ref {
    union {
        struct ts_account *held;   /* size 0 */
        struct ts_result_log *log; /* size > 0: parked */
    } at;
    uint64_t rec;
    uint32_t size;
};

/* An account read back: its fields point into text. */
struct ts_account_cached {
    size_t index;           /* SIZE_MAX: empty */
    struct ts_account a;
    char *text;
    size_t text_cap;
    char **errors;
    size_t errors_cap;
};

/* A parked record: this head, then the file, account id, partition, name
 * (if has_name), collected_at (if has_at), the hash and the nerrors error
 * lines, each with its NUL. */
struct rec_head {
    uint32_t size;          /* the whole record */
    uint32_t nerrors;
    uint64_t log_offset, nlogged;
    uint8_t has_name, has_at;
    uint8_t unused[6];
};

void ts_account_store_init(struct ts_account_store *st)
{
    memset(st, 0, sizeof(*st));
}

static void free_account(struct ts_account *a)
{
    if (!a)
        return;
    free(a->file);
    free(a->account_id);
    free(a->partition);
    free(a->name);
    free(a->collected_at);
    ts_snapshot_error_lines_free(a->errors);
    free(a);
}

void ts_account_store_release(struct ts_account_store *st)
{
    for (size_t i = 0; i < st->n; i++)
        if (st->refs[i].size == 0)
            free_account(st->refs[i].at.held);
    free(st->refs);
    if (st->cache)
        for (size_t k = 0; k < TS_ACCOUNT_CACHE; k++) {
            free(st->cache[k].text);
            free(st->cache[k].errors);
        }
    free(st->cache);
    ts_account_store_init(st);
}

/* Room for one more ref: doubling, as a reallocation a record at a time
 * left a trail of freed blocks behind in the heap. */
static struct ts_account_ref *new_ref(struct ts_account_store *st)
{
    if (st->n == st->cap) {
        st->cap = st->cap ? 2 * st->cap : 16;
        st->refs = ts_xrealloc(st->refs, st->cap * sizeof(*st->refs));
    }
    memset(&st->refs[st->n], 0, sizeof(st->refs[st->n]));
    return &st->refs[st->n++];
}

size_t ts_account_store_add(struct ts_account_store *st, struct ts_account *a)
{
    struct ts_account_ref *ref = new_ref(st);

    ref->at.held = ts_xmalloc(sizeof(*ref->at.held));
    *ref->at.held = *a;
    memset(a, 0, sizeof(*a));
    return st->n - 1;
}

struct ts_account *ts_account_store_held(struct ts_account_store *st, size_t i)
{
    return st->refs[i].size == 0 ? st->refs[i].at.held : NULL;
}

/* The record's strings in order; NULLs are absent (name, collected_at). */
static size_t record_texts(const struct ts_account *a, const char *t[6])
{
    t[0] = a->file;
    t[1] = a->account_id;
    t[2] = a->partition;
    t[3] = a->name;
    t[4] = a->collected_at;
    t[5] = a->sha256;
    return 6;
}

/* Bytes of the record of a, with its head filled in. */
static size_t record_size(const struct ts_account *a, struct rec_head *h)
{
    const char *t[6];
    size_t size = sizeof(*h), n = record_texts(a, t);

    memset(h, 0, sizeof(*h));
    for (size_t k = 0; k < n; k++)
        size += t[k] ? strlen(t[k]) + 1 : 0;
    for (char **l = a->errors; l && *l; l++, h->nerrors++)
        size += strlen(*l) + 1;
    h->size = (uint32_t)size;
    h->log_offset = a->log_offset;
    h->nlogged = a->nlogged;
    h->has_name = a->name != NULL;
    h->has_at = a->collected_at != NULL;
    return size;
}

static char *put(char *p, const char *s)
{
    size_t n = strlen(s) + 1;

    memcpy(p, s, n);
    return p + n;
}

int ts_account_store_park(struct ts_account_store *st, size_t i)
{
    struct ts_account_ref *ref = &st->refs[i];
    struct ts_account *a = ref->at.held;
    struct ts_result_log *log = a->log;
    const char *t[6];
    struct rec_head h;
    size_t size = record_size(a, &h), n = record_texts(a, t);
    uint64_t at = ts_result_log_size(log);
    char *rec = ts_xmalloc(size), *p = rec + sizeof(h);
    int ret;

    memcpy(rec, &h, sizeof(h));
    for (size_t k = 0; k < n; k++)
        if (t[k])
            p = put(p, t[k]);
    for (char **l = a->errors; l && *l; l++)
        p = put(p, *l);
    ret = ts_result_log_append_raw(log, rec, size);
    free(rec);
    if (ret < 0)
        return -1;
    free_account(a);
    ref->at.log = log;
    ref->rec = at;
    ref->size = (uint32_t)size;
    return 0;
}

/* Points c's account at the record read into c->text (its head first). */
static void decode(struct ts_account_cached *c, struct ts_result_log *log)
{
    struct rec_head h;
    char *p = c->text + sizeof(h);
    char **fields[5] = {&c->a.file, &c->a.account_id, &c->a.partition, &c->a.name,
                        &c->a.collected_at};

    memcpy(&h, c->text, sizeof(h));
    memset(&c->a, 0, sizeof(c->a));
    for (size_t k = 0; k < 5; k++) {
        if ((k == 3 && !h.has_name) || (k == 4 && !h.has_at))
            continue;
        *fields[k] = p;
        p += strlen(p) + 1;
    }
    /* sha256 is inline in the struct: at most 64 hex digits. */
    strncpy(c->a.sha256, p, sizeof(c->a.sha256) - 1);
    p += strlen(p) + 1;
    if (h.nerrors + 1 > c->errors_cap) {
        free(c->errors);
        c->errors_cap = h.nerrors + 1;
        c->errors = ts_xmalloc(c->errors_cap * sizeof(*c->errors));
    }
    for (uint32_t k = 0; k < h.nerrors; k++) {
        c->errors[k] = p;
        p += strlen(p) + 1;
    }
    c->errors[h.nerrors] = NULL;
    c->a.errors = c->errors;
    c->a.log = log;
    c->a.log_offset = h.log_offset;
    c->a.nlogged = (size_t)h.nlogged;
}

/* Reads the record at ref into c; a record that cannot be read reads as
 * an account with empty fields and no results. */
static void read_back(struct ts_account_cached *c, const struct ts_account_ref *ref)
{
    static char empty[1];

    if (ref->size + 1 > c->text_cap) {
        free(c->text);
        c->text_cap = ref->size + 1;
        c->text = ts_xmalloc(c->text_cap);
    }
    if (ts_result_log_read_raw(ref->at.log, ref->rec, c->text, ref->size) < 0) {
        memset(&c->a, 0, sizeof(c->a));
        c->a.file = c->a.account_id = c->a.partition = empty;
        return;
    }
    c->text[ref->size] = '\0';
    decode(c, ref->at.log);
}

const struct ts_account *ts_account_store_get(struct ts_account_store *st, size_t i)
{
    const struct ts_account_ref *ref = &st->refs[i];
    struct ts_account_cached *c;

    if (ref->size == 0)
        return ref->at.held;
    if (!st->cache) {
        st->cache = ts_xmalloc(TS_ACCOUNT_CACHE * sizeof(*st->cache));
        memset(st->cache, 0, TS_ACCOUNT_CACHE * sizeof(*st->cache));
        for (size_t k = 0; k < TS_ACCOUNT_CACHE; k++)
            st->cache[k].index = SIZE_MAX;
    }
    c = &st->cache[i % TS_ACCOUNT_CACHE];
    if (c->index != i) {
        read_back(c, ref);
        c->index = i;
    }
    return &c->a;
}

size_t ts_account_store_move(struct ts_account_store *to, struct ts_account_store *from,
                             size_t i)
{
    struct ts_account_ref *ref = new_ref(to);

    *ref = from->refs[i];
    memset(&from->refs[i], 0, sizeof(from->refs[i]));
    return to->n - 1;
}

void ts_account_store_split(struct ts_account_store *from, size_t base,
                            struct ts_account_store *to)
{
    for (size_t i = base; i < from->n; i++)
        ts_account_store_move(to, from, i);
    from->n = base;
    /* What was read back under those indices is another account's now. */
    if (from->cache)
        for (size_t k = 0; k < TS_ACCOUNT_CACHE; k++)
            from->cache[k].index = SIZE_MAX;
}

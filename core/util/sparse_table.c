#include "util/sparse_table.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util/error.h"
#include "util/temp_file.h"

/* A record is its key, a NUL, its value, a NUL: a block is read and
 * walked as it is, with no length fields to trust. */

void ts_sparse_table_init(struct ts_sparse_table *t)
{
    memset(t, 0, sizeof(*t));
    t->fd = -1;
}

void ts_sparse_table_release(struct ts_sparse_table *t)
{
    if (t->fd >= 0)
        close(t->fd);
    free(t->mem);
    free(t->keys);
    free(t->marks);
    free(t->read_errno);
    ts_sparse_table_init(t);
}

/* buf, of *cap items of size bytes, grown (doubling) to hold need. */
static void *grow(void *buf, size_t *cap, size_t need, size_t size)
{
    size_t n = *cap ? *cap : 64;

    if (need <= *cap)
        return buf;
    while (n < need && n <= SIZE_MAX / 2 / size)
        n *= 2;
    if (n < need)
        n = need;
    *cap = n;
    /* Past the address space: ts_xrealloc says out of memory. */
    return ts_xrealloc(buf, n <= SIZE_MAX / size ? n * size : SIZE_MAX);
}

/* Appends the n bytes at p and a NUL to mem (len + n + 1 cannot wrap:
 * both are bytes in memory already). */
static void put(struct ts_sparse_table *t, const char *p, size_t n)
{
    t->mem = grow(t->mem, &t->cap, t->len + n + 1, 1);
    memcpy(t->mem + t->len, p, n);
    t->mem[t->len + n] = '\0';
    t->len += n + 1;
}

/* A block starts at the record about to be added, whose key is key. */
static void mark(struct ts_sparse_table *t, const char *key, size_t n)
{
    t->marks = grow(t->marks, &t->marks_cap, t->nmarks + 1, sizeof(*t->marks));
    t->keys = grow(t->keys, &t->keys_cap, t->keys_len + n + 1, 1);
    t->marks[t->nmarks].off = t->len;
    t->marks[t->nmarks].key = t->keys_len;
    t->nmarks++;
    memcpy(t->keys + t->keys_len, key, n + 1);
    t->keys_len += n + 1;
}

void ts_sparse_table_add(struct ts_sparse_table *t, const char *key, const char *value)
{
    size_t n = strlen(key);

    if (t->count % TS_SPARSE_EVERY == 0)
        mark(t, key, n);
    put(t, key, n);
    put(t, value, strlen(value));
    t->count++;
}

/* The records to a new temporary file; 0, or -1 with errno. */
static int to_file(struct ts_sparse_table *t, const char *prefix)
{
    int fd = ts_temp_file(prefix);

    if (fd < 0)
        return -1;
    if (ts_temp_file_write(fd, t->mem, t->len, 0) < 0) {
        int e = errno;
        close(fd); /* unlinked: its space goes with it */
        errno = e;
        return -1;
    }
    t->fd = fd;
    return 0;
}

/* An array kept for the whole run, cut to what it holds. */
static void *fit(void *p, size_t n)
{
    return n ? ts_xrealloc(p, n) : p;
}

void ts_sparse_table_finish(struct ts_sparse_table *t, const char *prefix)
{
    t->read_errno = ts_xmalloc(sizeof(*t->read_errno));
    atomic_init(t->read_errno, 0);
    if (t->count > 0 && to_file(t, prefix) == 0) {
        free(t->mem);
        t->mem = NULL;
    } else if (t->count > 0) {
        t->file_errno = errno ? errno : EIO;
        t->mem = fit(t->mem, t->len);
    }
    t->cap = t->len;
    t->keys = fit(t->keys, t->keys_len);
    t->keys_cap = t->keys_len;
    t->marks = fit(t->marks, t->nmarks * sizeof(*t->marks));
    t->marks_cap = t->nmarks;
}

/* The last block whose first key is at most key, or SIZE_MAX when key
 * comes before every record. */
static size_t block_of(const struct ts_sparse_table *t, const char *key)
{
    size_t lo = 0, hi = t->nmarks;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(t->keys + t->marks[mid].key, key) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? lo - 1 : SIZE_MAX;
}

/* The value of key among the n bytes of records at p, or NULL; its length
 * in *vlen.  Records are sorted, so a greater key ends the search. */
static const char *in_block(const char *p, size_t n, const char *key, size_t *vlen)
{
    const char *end = p + n;

    while (p < end) {
        const char *kend = memchr(p, '\0', (size_t)(end - p)), *v, *vend;
        int c;
        if (!kend || !(vend = memchr(v = kend + 1, '\0', (size_t)(end - kend - 1))))
            return NULL; /* cannot be: a block ends after a record */
        if ((c = strcmp(p, key)) == 0) {
            *vlen = (size_t)(vend - v);
            return v;
        }
        if (c > 0)
            return NULL;
        p = vend + 1;
    }
    return NULL;
}

/* Keeps the first failed read's errno for ts_sparse_table_error. */
static void failed(const struct ts_sparse_table *t, int e)
{
    int none = 0;

    atomic_compare_exchange_strong(t->read_errno, &none, e ? e : EIO);
}

/* Finds key among the n bytes of records at block: see ts_sparse_table_find. */
static int find_in(const char *block, size_t n, const char *key, char *buf, size_t size,
                   size_t *len)
{
    size_t vlen = 0, cut;
    const char *v = in_block(block, n, key, &vlen);

    if (!v)
        return 0;
    if (size > 0) {
        cut = vlen < size ? vlen : size - 1;
        memcpy(buf, v, cut);
        buf[cut] = '\0';
    }
    *len = vlen;
    return 1;
}

int ts_sparse_table_find(const struct ts_sparse_table *t, const char *key, char *buf,
                         size_t size, size_t *len)
{
    char stack[4096]; /* a block of AWS's names fits: no malloc per lookup */
    char *block = stack;
    size_t b, n;
    uint64_t off;
    int found = 0;

    if (t->count == 0 || (b = block_of(t, key)) == SIZE_MAX)
        return 0;
    off = t->marks[b].off;
    n = (size_t)((b + 1 < t->nmarks ? t->marks[b + 1].off : t->len) - off);
    if (t->mem)
        return find_in(t->mem + off, n, key, buf, size, len);
    if (n > sizeof(stack))
        block = ts_xmalloc(n); /* 32 records of long names */
    if (ts_temp_file_read(t->fd, block, n, off) == 0)
        found = find_in(block, n, key, buf, size, len);
    else
        failed(t, errno);
    if (block != stack)
        free(block);
    return found;
}

int ts_sparse_table_error(const struct ts_sparse_table *t)
{
    return t->read_errno ? atomic_load(t->read_errno) : 0;
}

int ts_sparse_table_file_error(const struct ts_sparse_table *t)
{
    return t->file_errno;
}

#include "snapshot/org_index.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/error.h"
#include "util/file_read.h"
#include "json/json_bits.h"

/* ---- the skimmer ---------------------------------------------------------
 * Walks the JSON text without building anything, descending only along the
 * two paths the index wants (account_id; global.s3.ListBuckets.Buckets[].Name)
 * and jumping over every other value by counting brackets outside strings.
 * The scan's loader checks the file properly later: here a malformed file
 * only ends the skim. */

enum at { AT_NONE, AT_ROOT, AT_GLOBAL, AT_S3, AT_LB, AT_BUCKETS, AT_ITEM, AT_ID, AT_NAME };

struct span {
    const char *s;
    size_t n;
};

struct skim {
    const char *p, *end;
    int wide;               /* blocks classified with AVX2 (skip_container) */
    struct span id;
    struct span *names;
    size_t nnames, anames;
};

static void ws(struct skim *k)
{
    while (k->p < k->end && (*k->p == ' ' || *k->p == '\n' || *k->p == '\r' || *k->p == '\t'))
        k->p++;
}

static void broken(struct skim *k)
{
    k->p = k->end;
}

/* At a '"': moves past the string; its content (escapes unresolved) in *out,
 * and whether it holds a backslash. */
static int string(struct skim *k, struct span *out)
{
    const char *start = ++k->p;
    int escaped = 0;

    while (k->p < k->end) {
        const char *q = memchr(k->p, '"', (size_t)(k->end - k->p));
        const char *b = q;
        if (!q)
            break;
        while (b > start && b[-1] == '\\')
            b--;
        if ((q - b) % 2 == 0) {
            escaped |= memchr(start, '\\', (size_t)(q - start)) != NULL;
            out->s = start;
            out->n = (size_t)(q - start);
            k->p = q + 1;
            return escaped;
        }
        k->p = q + 1;
    }
    broken(k);
    out->s = NULL;
    out->n = 0;
    return 1;
}

/* One byte of a container being skipped (see skip_container); returns 1
 * past the bracket that closes it. */
static int skip_byte(struct skim *k, size_t *depth, int *in_string)
{
    char c = *k->p++;

    if (*in_string) {
        if (c == '\\')
            k->p += k->p < k->end; /* the escaped byte */
        else if (c == '"')
            *in_string = 0;
    } else if (c == '"') {
        *in_string = 1;
    } else if (c == '{' || c == '[') {
        ++*depth;
    } else if ((c == '}' || c == ']') && --*depth == 0) {
        return 1;
    }
    return 0;
}

#ifdef TS_JSON_BITS
/* Bits set in x: hw says the caller's code may use the CPU's popcount
 * instruction (a constant: each caller keeps one branch). */
static inline unsigned count_bits(uint64_t x, int hw)
{
    return hw ? (unsigned)__builtin_popcountll(x) : ts_json_count_bits(x);
}

/* The 64 bytes at k->p, classified in m, when they hold no backslash:
 * their brackets outside strings counted (see skip_container).  Returns 1
 * past the closing bracket, 0 after the whole block, -1 to leave it to
 * skip_byte. */
static inline int skip_block(struct skim *k, size_t *depth, int *in_string,
                             struct ts_json_bits_brackets m, int hw)
{
    uint64_t inside, opens, closes, all;
    size_t nclose;

    if (m.bslash)
        return -1;
    inside = ts_json_prefix_xor(m.quote) ^ (*in_string ? ~(uint64_t)0 : 0);
    opens = m.open & ~inside;
    closes = m.close & ~inside;
    *in_string = (int)(inside >> 63);
    nclose = count_bits(closes, hw);
    if (nclose < *depth) { /* it cannot close here */
        *depth += count_bits(opens, hw) - nclose;
        k->p += TS_JSON_BLOCK;
        return 0;
    }
    for (all = opens | closes; all; all &= all - 1) {
        unsigned b = (unsigned)__builtin_ctzll(all);
        if (opens >> b & 1) {
            ++*depth;
        } else if (--*depth == 0) {
            k->p += b + 1;
            return 1;
        }
    }
    k->p += TS_JSON_BLOCK;
    return 0;
}

/* The container at k->p ('{' or '['), skipped by counting its brackets
 * outside strings: 64 bytes at a time where they hold no escape, else a
 * byte at a time (a block with a backslash is left to bytes, so an
 * escaped quote is never taken for the end of a string).  classify and
 * hw are constants of each caller: the block classifier (with AVX2 where
 * the CPU has it, see skip_container) and whether popcount is an
 * instruction there; inlined into each, so each has its own loop. */
static inline __attribute__((always_inline)) void
skip_blocks(struct skim *k, struct ts_json_bits_brackets (*classify)(const unsigned char *),
            int hw)
{
    size_t depth = 0;
    int in_string = 0;

    while (k->p < k->end) {
        if (k->end - k->p >= TS_JSON_BLOCK) {
            int r = skip_block(k, &depth, &in_string, classify((const unsigned char *)k->p), hw);
            if (r > 0)
                return;
            if (r == 0)
                continue;
            for (const char *stop = k->p + TS_JSON_BLOCK; k->p < stop && k->p < k->end;)
                if (skip_byte(k, &depth, &in_string))
                    return;
            continue;
        }
        if (skip_byte(k, &depth, &in_string))
            return;
    }
    k->p = k->end; /* an escape at the very end */
}

static void skip_blocks_narrow(struct skim *k)
{
    skip_blocks(k, ts_json_bits_brackets, 0);
}

#ifdef TS_JSON_BITS_WIDE
/* Most x86-64 CPUs made since 2013 have AVX2 (and popcount): the skim of
 * every file of an organisation takes a third of the instructions. */
__attribute__((target("avx2,popcnt"))) static void skip_blocks_wide(struct skim *k)
{
    skip_blocks(k, ts_json_bits_brackets_wide, 1);
}
#endif

static void skip_container(struct skim *k)
{
#ifdef TS_JSON_BITS_WIDE
    if (k->wide) {
        skip_blocks_wide(k);
        return;
    }
#endif
    skip_blocks_narrow(k);
}
#else
/* The container at k->p ('{' or '['), skipped by counting its brackets
 * outside strings, a byte at a time. */
static void skip_container(struct skim *k)
{
    size_t depth = 0;
    int in_string = 0;

    while (k->p < k->end)
        if (skip_byte(k, &depth, &in_string))
            return;
    k->p = k->end; /* an escape at the very end */
}
#endif

/* Any value, skipped: a string, a container (skip_container), or a
 * scalar up to what ends it. */
static void skip(struct skim *k)
{
    struct span ignored;

    ws(k);
    while (k->p < k->end) {
        char c = *k->p;
        if (c == '"') {
            string(k, &ignored);
            return;
        }
        if (c == '{' || c == '[') {
            skip_container(k);
            return;
        }
        if (c == '}' || c == ']' || strchr(", \n\r\t", c))
            return; /* a scalar ended by what follows it */
        k->p++;
    }
}

static enum at child(enum at at, const struct span *key)
{
    static const struct { enum at from; const char *key; enum at to; } paths[] = {
        {AT_ROOT, "account_id", AT_ID}, {AT_ROOT, "global", AT_GLOBAL},
        {AT_GLOBAL, "s3", AT_S3}, {AT_S3, "ListBuckets", AT_LB},
        {AT_LB, "Buckets", AT_BUCKETS}, {AT_ITEM, "Name", AT_NAME},
    };

    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
        if (paths[i].from == at && strlen(paths[i].key) == key->n
            && !memcmp(paths[i].key, key->s, key->n))
            return paths[i].to;
    return AT_NONE;
}

static void value(struct skim *k, enum at at);

static void object(struct skim *k, enum at at)
{
    k->p++;
    ws(k);
    if (k->p < k->end && *k->p == '}') {
        k->p++;
        return;
    }
    while (k->p < k->end) {
        struct span key;
        ws(k);
        if (k->p >= k->end || *k->p != '"' || string(k, &key))
            return broken(k);
        ws(k);
        if (k->p >= k->end || *k->p != ':')
            return broken(k);
        k->p++;
        value(k, child(at, &key));
        ws(k);
        if (k->p < k->end && *k->p == ',') {
            k->p++;
            continue;
        }
        if (k->p < k->end && *k->p == '}')
            k->p++;
        else
            broken(k);
        return;
    }
}

static void array(struct skim *k, enum at item)
{
    k->p++;
    ws(k);
    if (k->p < k->end && *k->p == ']') {
        k->p++;
        return;
    }
    while (k->p < k->end) {
        value(k, item);
        ws(k);
        if (k->p < k->end && *k->p == ',') {
            k->p++;
            continue;
        }
        if (k->p < k->end && *k->p == ']')
            k->p++;
        else
            broken(k);
        return;
    }
}

static void keep_name(struct skim *k, const struct span *name)
{
    if (k->nnames == k->anames) {
        k->anames = k->anames ? 2 * k->anames : 16;
        k->names = ts_xrealloc(k->names, k->anames * sizeof(*k->names));
    }
    k->names[k->nnames++] = *name;
}

static void value(struct skim *k, enum at at)
{
    struct span sp;

    ws(k);
    if (k->p >= k->end)
        return;
    if ((at == AT_ID || at == AT_NAME) && *k->p == '"') {
        if (string(k, &sp) == 0 && sp.n > 0) {
            if (at == AT_ID)
                k->id = sp;
            else
                keep_name(k, &sp);
        }
    } else if (*k->p == '{' && (at == AT_ROOT || at == AT_GLOBAL || at == AT_S3
                                || at == AT_LB || at == AT_ITEM)) {
        object(k, at);
    } else if (*k->p == '[' && at == AT_BUCKETS) {
        array(k, AT_ITEM);
    } else {
        skip(k);
    }
}

/* ---- the index -----------------------------------------------------------
 * It is kept for the whole scan, so what it holds per account is what an
 * organisation's peak grows by: its tables go to a temporary file
 * (util/sparse_table.h), memory keeps a few bytes an account.  While it
 * is merged, the parts' blocks are sorted through arrays of pointers into
 * them, written out, and freed. */

#define TEMP_PREFIX "trailscan-org-"

void ts_org_index_init(struct ts_org_index *ix)
{
    ts_sparse_table_init(&ix->accounts);
    ts_sparse_table_init(&ix->buckets);
    ix->files = NULL;
}

void ts_org_index_release(struct ts_org_index *ix)
{
    ts_sparse_table_release(&ix->accounts);
    ts_sparse_table_release(&ix->buckets);
    ts_org_index_init(ix);
}

/* Copies span sp and a NUL to at; returns the byte after.  A raw NUL in
 * the text (not JSON: the loader refuses the file) ends the copy, so the
 * block's strings are found one after another. */
static char *put_span(char *at, const struct span *sp)
{
    const char *nul = memchr(sp->s, '\0', sp->n);
    size_t n = nul ? (size_t)(nul - sp->s) : sp->n;

    memcpy(at, sp->s, n);
    at[n] = '\0';
    return at + n + 1;
}

/* The skim of file; wide: with AVX2 where the CPU has it. */
static void skim_file(struct ts_org_index_part *part, const char *file, int wide)
{
    struct skim k;
    struct ts_error err;
    char *text = NULL;
    size_t len = 0;

    memset(part, 0, sizeof(*part));
    if (ts_file_read_input(file, TS_MAX_SNAPSHOT_BYTES, &text, &len, &err) < 0)
        return;
    memset(&k, 0, sizeof(k));
#ifdef TS_JSON_BITS_WIDE
    k.wide = wide && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
#else
    (void)wide;
#endif
    k.p = text;
    k.end = text + len;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
        k.p += 3;
    ws(&k);
    if (k.p < k.end && *k.p == '{')
        object(&k, AT_ROOT);
    if (k.id.s) {
        size_t bytes = k.id.n + 1;
        char *at;

        for (size_t i = 0; i < k.nnames; i++)
            bytes += k.names[i].n + 1;
        part->id = ts_xmalloc(bytes);
        at = put_span(part->id, &k.id);
        part->nnames = k.nnames;
        for (size_t i = 0; i < k.nnames; i++)
            at = put_span(at, &k.names[i]);
    }
    free(k.names);
    free(text);
}

void ts_org_index_skim(struct ts_org_index_part *part, const char *file)
{
    skim_file(part, file, 1);
}

void ts_org_index_skim_narrow(struct ts_org_index_part *part, const char *file)
{
    skim_file(part, file, 0);
}

/* An account while the index is merged: its id (a part's block) and the
 * number of its file. */
struct staged_account {
    const char *id;
    size_t file;
};

/* A bucket while the index is merged: its name and its owner's id. */
struct staged_bucket {
    const char *name, *owner;
};

/* By id, then file: the first file of an account comes first. */
static int by_id(const void *a, const void *b)
{
    const struct staged_account *x = a, *y = b;
    int c = strcmp(x->id, y->id);

    return c ? c : (x->file > y->file) - (x->file < y->file);
}

/* By name, then owner: two accounts cannot list one bucket in AWS, but
 * the index is the same whatever the input's order (qsort is not stable). */
static int by_name(const void *a, const void *b)
{
    const struct staged_bucket *x = a, *y = b;
    int c = strcmp(x->name, y->name);

    return c ? c : strcmp(x->owner, y->owner);
}

/* The string after s in a part's block. */
static const char *after(const char *s)
{
    return s + strlen(s) + 1;
}

/* Every part's account, sorted by id, the first file of each only; its
 * count is returned, the array (the caller's) in *out. */
static size_t stage_accounts(const struct ts_org_index_part *parts, size_t nparts,
                             struct staged_account **out)
{
    struct staged_account *a = ts_xmalloc((nparts + 1) * sizeof(*a));
    size_t n = 0, kept = 0;

    for (size_t f = 0; f < nparts; f++)
        if (parts[f].id)
            a[n++] = (struct staged_account){parts[f].id, f};
    if (n > 0)
        qsort(a, n, sizeof(*a), by_id);
    for (size_t i = 0; i < n; i++)
        if (kept == 0 || strcmp(a[kept - 1].id, a[i].id))
            a[kept++] = a[i];
    *out = a;
    return kept;
}

/* The buckets of the kept accounts, sorted by name; of two owners of one
 * name (not possible in AWS) the lower id.  Count and array as above. */
static size_t stage_buckets(const struct ts_org_index_part *parts, const struct staged_account *a,
                            size_t na, struct staged_bucket **out)
{
    struct staged_bucket *b;
    size_t total = 0, n = 0, kept = 0;

    for (size_t i = 0; i < na; i++)
        total += parts[a[i].file].nnames;
    b = ts_xmalloc((total + 1) * sizeof(*b));
    for (size_t i = 0; i < na; i++) {
        const char *name = a[i].id;
        for (size_t k = 0; k < parts[a[i].file].nnames; k++)
            b[n++] = (struct staged_bucket){name = after(name), a[i].id};
    }
    if (n > 0)
        qsort(b, n, sizeof(*b), by_name);
    for (size_t i = 0; i < n; i++)
        if (kept == 0 || strcmp(b[kept - 1].name, b[i].name))
            b[kept++] = b[i];
    *out = b;
    return kept;
}

/* The staged tables into the index's. */
static void write_tables(struct ts_org_index *ix, const struct staged_account *a, size_t na,
                         const struct staged_bucket *b, size_t nb)
{
    char number[24];

    for (size_t i = 0; i < na; i++) {
        snprintf(number, sizeof(number), "%zu", a[i].file);
        ts_sparse_table_add(&ix->accounts, a[i].id, number);
    }
    ts_sparse_table_finish(&ix->accounts, TEMP_PREFIX);
    for (size_t i = 0; i < nb; i++)
        ts_sparse_table_add(&ix->buckets, b[i].name, b[i].owner);
    ts_sparse_table_finish(&ix->buckets, TEMP_PREFIX);
}

void ts_org_index_merge(struct ts_org_index *ix, const struct ts_strlist *files,
                        struct ts_org_index_part *parts)
{
    struct staged_account *a;
    struct staged_bucket *b;
    size_t na = stage_accounts(parts, files->count, &a);
    size_t nb = stage_buckets(parts, a, na, &b);

    ix->files = files;
    write_tables(ix, a, na, b, nb);
    free(a);
    free(b);
    for (size_t f = 0; f < files->count; f++) {
        free(parts[f].id);
        memset(&parts[f], 0, sizeof(parts[f]));
    }
}

void ts_org_index_build(struct ts_org_index *ix, const struct ts_strlist *files)
{
    struct ts_org_index_part *parts = ts_xmalloc((files->count + 1) * sizeof(*parts));

    for (size_t f = 0; f < files->count; f++)
        ts_org_index_skim(&parts[f], files->items[f]);
    ts_org_index_merge(ix, files, parts);
    free(parts);
}

const char *ts_org_index_file(const struct ts_org_index *ix, const char *id)
{
    char number[24], *end;
    size_t len;
    unsigned long long f;

    if (!ix || !ix->files || !ts_sparse_table_find(&ix->accounts, id, number, sizeof(number), &len)
        || len >= sizeof(number))
        return NULL;
    f = strtoull(number, &end, 10);
    return *end == '\0' && f < ix->files->count ? ix->files->items[f] : NULL;
}

size_t ts_org_index_bucket_owner(const struct ts_org_index *ix, const char *name, char *buf,
                                 size_t size)
{
    size_t len;

    if (!ix || !ts_sparse_table_find(&ix->buckets, name, buf, size, &len))
        return TS_ORG_INDEX_NONE;
    return len;
}

int ts_org_index_error(const struct ts_org_index *ix)
{
    int e = ts_sparse_table_error(&ix->accounts);

    return e ? e : ts_sparse_table_error(&ix->buckets);
}

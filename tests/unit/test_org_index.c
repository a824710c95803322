/* snapshot/org_index.c: the organisation view's index, skimmed from the
 * files' text: account ids, their files, the buckets each lists. */
#include "snapshot/org_index.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
#include <malloc.h>
#define HAVE_MALLINFO2 1
#endif
#include "test.h"

static char dir[] = "/tmp/ts_org_index_XXXXXX";

/* The owner of bucket name, or NULL: in a buffer of the test's, big
 * enough for the 40,000-byte id below (one thread only). */
static const char *owner(const struct ts_org_index *ix, const char *name)
{
    static char buf[65536];
    size_t n = ts_org_index_bucket_owner(ix, name, buf, sizeof(buf));

    return n == TS_ORG_INDEX_NONE || n >= sizeof(buf) ? NULL : buf;
}

static void put(struct ts_strlist *files, const char *name, const char *text)
{
    char path[256];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "w");
    ASSERT(f != NULL);
    if (!f)
        return;
    fputs(text, f);
    fclose(f);
    ts_strlist_push(files, path);
}

static void finds_accounts_and_buckets(void)
{
    struct ts_strlist files;
    struct ts_org_index ix;
    const char *f;

    ts_strlist_init(&files);
    /* Other members before and after, nested containers, strings with
     * brackets, quotes and escapes in them: skipped, not misread. */
    put(&files, "a.json",
        "\xEF\xBB\xBF{\"regions\": {\"us-east-1\": {\"x\": [1, {\"Name\": \"not-a-bucket\"},"
        " \"}]\\\"{[\"]}}, \"format\": \"trailscan-snapshot/1\",\n"
        " \"global\": {\"s3\": {\"GetBucketLogging\": {\"logs\": {}},"
        " \"ListBuckets\": {\"Owner\": {\"ID\": \"x\"}, \"Buckets\": [{\"CreationDate\": 1,"
        " \"Name\": \"logs\"}, {\"Name\": \"data-2\"}, null, {\"Name\": 7}]}}},"
        " \"account_id\": \"222222222222\"}");
    put(&files, "b.json", "{\"account_id\": \"111111111111\", \"global\": {}}");
    /* A duplicate account (the scan reports it): the first file stays. */
    put(&files, "c.json", "{\"account_id\": \"111111111111\", \"global\": {\"s3\": "
        "{\"ListBuckets\": {\"Buckets\": [{\"Name\": \"dup\"}]}}}}");
    /* No account id, or not JSON at all: left out. */
    put(&files, "d.json", "{\"global\": {\"s3\": {\"ListBuckets\": {\"Buckets\": [{\"Name\": \"orphan\"}]}}}}");
    put(&files, "e.json", "{\"account_id\": ");
    ts_strlist_push(&files, "/nonexistent/f.json");
    ts_org_index_init(&ix);
    ts_org_index_build(&ix, &files);
    ASSERT_EQ_INT(ix.accounts.count, 2);
    f = ts_org_index_file(&ix, "222222222222");
    ASSERT(f && strstr(f, "/a.json"));
    f = ts_org_index_file(&ix, "111111111111");
    ASSERT(f && strstr(f, "/b.json"));
    ASSERT(ts_org_index_file(&ix, "333333333333") == NULL);
    ASSERT(owner(&ix, "logs")
           && !strcmp(owner(&ix, "logs"), "222222222222"));
    ASSERT(owner(&ix, "data-2")
           && !strcmp(owner(&ix, "data-2"), "222222222222"));
    ASSERT(owner(&ix, "not-a-bucket") == NULL);
    ASSERT(owner(&ix, "dup") == NULL);
    ASSERT(owner(&ix, "orphan") == NULL);
    ts_org_index_release(&ix);
    for (size_t i = 0; i < files.count; i++)
        unlink(files.items[i]);
    ts_strlist_release(&files);
}

/* Thousands of accounts: found by binary search, the same whatever order. */
static void many_accounts(void)
{
    struct ts_strlist files;
    struct ts_org_index ix;
    char name[64], text[256];

    ts_strlist_init(&files);
    for (int i = 0; i < 300; i++) {
        snprintf(name, sizeof(name), "%03d.json", i);
        snprintf(text, sizeof(text), "{\"account_id\": \"%012d\", \"global\": {\"s3\": "
                 "{\"ListBuckets\": {\"Buckets\": [{\"Name\": \"b-%d\"}]}}}}", (i * 7919) % 1000, i);
        put(&files, name, text);
    }
    ts_org_index_init(&ix);
    ts_org_index_build(&ix, &files);
    ASSERT_EQ_INT(ix.accounts.count, 300);
    snprintf(text, sizeof(text), "%012d", (123 * 7919) % 1000);
    ASSERT(ts_org_index_file(&ix, text) && strstr(ts_org_index_file(&ix, text), "/123.json"));
    ASSERT(owner(&ix, "b-123")
           && !strcmp(owner(&ix, "b-123"), text));
    ts_org_index_release(&ix);
    for (size_t i = 0; i < files.count; i++)
        unlink(files.items[i]);
    ts_strlist_release(&files);
}

/* A long member skipped before the ones the index wants, its brackets,
 * quotes and escapes falling at every offset of the skim's 64-byte
 * blocks: decoys inside it (an account_id, a global, bucket names, a
 * string of closing brackets, escaped quotes and backslashes) are never
 * read, and what follows it is. */
static void skips_long_members(void)
{
    static const char *const decoys[] = {
        "{\"account_id\": \"999999999999\", \"global\": {\"s3\": {\"ListBuckets\": "
        "{\"Buckets\": [{\"Name\": \"decoy\"}]}}}}",
        "\"}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]\"",
        "\"a \\\"quoted\\\" }] text\"", "\"ends in a backslash\\\\\"", "[[[[[[]]]]]]",
        "{\"x\": \"\\\\\\\"}\"}", "\"\xC3\xA9\xE4\xB8\xAD{\"", "12345", "[\"\\u0041]\", {}]"};
    struct ts_strlist files;
    struct ts_org_index ix;
    char name[64], id[16], bucket[32];
    size_t cap = 1 << 16;
    char *text = malloc(cap);

    ts_strlist_init(&files);
    for (int pad = 0; pad < 80; pad++) {
        size_t n = 0;
        n += (size_t)snprintf(text + n, cap - n, "{\"regions\": {\"p\": \"%*s\", \"r\": [", pad, "");
        for (int i = 0; i < 40; i++)
            n += (size_t)snprintf(text + n, cap - n, "%s%s\n  ", i ? ", " : "",
                                  decoys[(i + pad) % 9]);
        snprintf(text + n, cap - n, "]}, \"global\": {\"s3\": {\"ListBuckets\": {\"Buckets\": "
                 "[{\"Name\": \"b-%d\"}]}}}, \"account_id\": \"%012d\"}", pad, pad);
        snprintf(name, sizeof(name), "pad-%02d.json", pad);
        put(&files, name, text);
    }
    ts_org_index_init(&ix);
    ts_org_index_build(&ix, &files);
    ASSERT_EQ_INT(ix.accounts.count, 80);
    ASSERT_EQ_INT(ix.buckets.count, 80);
    ASSERT(ts_org_index_file(&ix, "999999999999") == NULL);
    ASSERT(owner(&ix, "decoy") == NULL);
    for (int pad = 0; pad < 80; pad++) {
        snprintf(id, sizeof(id), "%012d", pad);
        snprintf(bucket, sizeof(bucket), "b-%d", pad);
        ASSERT(owner(&ix, bucket)
               && !strcmp(owner(&ix, bucket), id));
    }
    ts_org_index_release(&ix);
    for (size_t i = 0; i < files.count; i++)
        unlink(files.items[i]);
    ts_strlist_release(&files);
    free(text);
}

/* Sets $TMPDIR to value (NULL: unset); returns what it was, to give back. */
static char *set_tmpdir(const char *value)
{
    const char *was = getenv("TMPDIR");
    char *saved = was ? strdup(was) : NULL;

    if (value)
        setenv("TMPDIR", value, 1);
    else
        unsetenv("TMPDIR");
    return saved;
}

static void restore_tmpdir(char *saved)
{
    free(set_tmpdir(saved));
    free(saved);
}

#ifdef HAVE_MALLINFO2
/* Bytes malloc has handed out and not had back (glibc's own count). */
static size_t heap_in_use(void)
{
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
}
#endif

/* The index is kept for the whole scan, so what it holds per account is
 * what an organisation's peak grows by: 500 accounts of nine 19-byte
 * bucket names each hold under 32 bytes an account, the skimmed parts
 * freed (14: every 32nd key in memory, the tables in a temporary file;
 * the tables in memory held 420, one malloc per name, id and file 650 to
 * 730). */
static void keeps_little_per_account(void)
{
    struct ts_strlist files;
    struct ts_org_index ix;
    char name[64], text[1024];
    size_t before = 0;
    int measured = 0;
    char *saved = set_tmpdir(dir); /* the tables in a file, whatever the caller's */

    ts_strlist_init(&files);
    for (int i = 0; i < 500; i++) {
        size_t n = 0;
        n += (size_t)snprintf(text + n, sizeof(text) - n, "{\"account_id\": \"%012d\", "
                              "\"global\": {\"s3\": {\"ListBuckets\": {\"Buckets\": [", i);
        for (int b = 0; b < 9; b++)
            n += (size_t)snprintf(text + n, sizeof(text) - n, "%s{\"Name\": \"logs-%012d-%d\"}",
                                  b ? ", " : "", i, b);
        snprintf(text + n, sizeof(text) - n, "]}}}}");
        snprintf(name, sizeof(name), "mem-%03d.json", i);
        put(&files, name, text);
    }
#ifdef HAVE_MALLINFO2
    {
        /* Under a sanitizer glibc does not see the program's mallocs. */
        size_t at = heap_in_use();
        char *probe = malloc(100000);
        measured = probe && heap_in_use() >= at + 100000;
        free(probe);
        before = heap_in_use();
    }
#endif
    ts_org_index_init(&ix);
    ts_org_index_build(&ix, &files);
#ifdef HAVE_MALLINFO2
    if (measured) {
        size_t per = (heap_in_use() - before) / 500;
        if (per >= 32 || getenv("TS_TEST_VERBOSE"))
            fprintf(stderr, "the index holds %zu bytes an account\n", per);
        ASSERT(per < 32);
    }
#endif
    if (!measured)
        printf("note: heap use not measured (no glibc mallinfo2, or a sanitizer)\n");
    ASSERT_EQ_INT(ix.accounts.count, 500);
    ASSERT_EQ_INT(ix.buckets.count, 4500);
    ASSERT(owner(&ix, "logs-000000000499-8")
           && !strcmp(owner(&ix, "logs-000000000499-8"), "000000000499"));
    ASSERT(ts_org_index_file(&ix, "000000000007")
           && strstr(ts_org_index_file(&ix, "000000000007"), "/mem-007.json"));
    ts_org_index_release(&ix);
    for (size_t i = 0; i < files.count; i++)
        unlink(files.items[i]);
    ts_strlist_release(&files);
    restore_tmpdir(saved);
}

/* Skimmed in parts by several threads, in any order, then merged: the
 * index ts_org_index_build makes (the first file of an account wins, its
 * buckets only; of two owners of one name, the lower id). */
static void parts_merge_as_built(void)
{
    struct ts_strlist files;
    struct ts_org_index built, merged;
    struct ts_org_index_part *parts;
    char name[64], text[256];

    ts_strlist_init(&files);
    for (int i = 0; i < 120; i++) {
        snprintf(name, sizeof(name), "p%03d.json", i);
        snprintf(text, sizeof(text), "{\"account_id\": \"%012d\", \"global\": {\"s3\": "
                 "{\"ListBuckets\": {\"Buckets\": [{\"Name\": \"b-%d\"}, {\"Name\": \"s-%d\"}]}}}}",
                 (i * 37) % 100, i, i % 7);
        put(&files, name, text);
    }
    ts_strlist_push(&files, "/nonexistent/p.json");
    ts_org_index_init(&built);
    ts_org_index_build(&built, &files);
    parts = malloc(files.count * sizeof(*parts));
    for (size_t f = files.count; f-- > 0;)
        ts_org_index_skim(&parts[f], files.items[f]);
    ASSERT(parts[files.count - 1].id == NULL);
    ts_org_index_init(&merged);
    ts_org_index_merge(&merged, &files, parts);
    ASSERT_EQ_INT(built.accounts.count, 100);
    ASSERT_EQ_INT(merged.accounts.count, built.accounts.count);
    ASSERT_EQ_INT(merged.buckets.count, built.buckets.count);
    /* Every id and bucket name the files hold (and one they do not): the
     * same answer from both. */
    for (int i = 0; i <= 120; i++) {
        char id[16], b[16], s[16], ob[64], os[64];
        const char *fb, *fm;
        snprintf(id, sizeof(id), "%012d", i);
        snprintf(b, sizeof(b), "b-%d", i);
        snprintf(s, sizeof(s), "s-%d", i);
        fb = ts_org_index_file(&built, id);
        fm = ts_org_index_file(&merged, id);
        ASSERT(i < 100 ? fb && fm && !strcmp(fb, fm) : !fb && !fm);
        snprintf(ob, sizeof(ob), "%s", owner(&built, b) ? owner(&built, b) : "-");
        snprintf(os, sizeof(os), "%s", owner(&built, s) ? owner(&built, s) : "-");
        ASSERT(!strcmp(ob, owner(&merged, b) ? owner(&merged, b) : "-"));
        ASSERT(!strcmp(os, owner(&merged, s) ? owner(&merged, s) : "-"));
    }
    /* p107's account is p007's: its bucket b-107 is not indexed. */
    ASSERT(owner(&merged, "b-107") == NULL);
    ASSERT(owner(&merged, "s-3")
           && !strcmp(owner(&merged, "s-3"), "000000000001"));
    free(parts);
    ts_org_index_release(&built);
    ts_org_index_release(&merged);
    for (size_t i = 0; i + 1 < files.count; i++)
        unlink(files.items[i]);
    ts_strlist_release(&files);
}

/* The skim with AVX2 (where the CPU has it) and with 16-byte lanes finds
 * the same in files whose regions hold brackets and quotes in strings,
 * escapes, and containers that end at every offset of a 64-byte block. */
static void wide_and_narrow_skims_agree(void)
{
    static const char *const fill[] = {"{\"a\": [1, {\"b\": \"x}]\"}]}", "\"q\\\"}{\"",
        "[[[]]]", "{\"s\": \"\\\\\"}", "\"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\"", "0",
        "{\"global\": {\"s3\": {}}}"};
    struct ts_strlist files;
    char name[64], text[4096];

    ts_strlist_init(&files);
    for (int i = 0; i < 300; i++) {
        int n = snprintf(text, sizeof(text), "{\"regions\": {\"pad\": \"%*s\", \"v\": [",
                         i % 97, "");
        for (int j = 0; j < i % 23 && n < 3000; j++)
            n += snprintf(text + n, sizeof(text) - (size_t)n, "%s%s", j ? ", " : "",
                          fill[(i + j) % 7]);
        snprintf(text + n, sizeof(text) - (size_t)n, "]}, \"account_id\": \"%012d\", "
                 "\"global\": {\"s3\": {\"ListBuckets\": {\"Buckets\": [{\"Name\": "
                 "\"b-%d\"}]}}}}", i, i);
        snprintf(name, sizeof(name), "w%03d.json", i);
        put(&files, name, text);
    }
    for (size_t f = 0; f < files.count; f++) {
        struct ts_org_index_part wide, narrow;
        ts_org_index_skim(&wide, files.items[f]);
        ts_org_index_skim_narrow(&narrow, files.items[f]);
        ASSERT(wide.id && narrow.id);
        if (wide.id && narrow.id) {
            const char *w = wide.id, *n = narrow.id;
            ASSERT_EQ_INT(wide.nnames, 1);
            ASSERT_EQ_INT(narrow.nnames, 1);
            /* id, the bucket: two strings each */
            for (int k = 0; k < 2; k++, w += strlen(w) + 1, n += strlen(n) + 1)
                ASSERT(!strcmp(w, n));
        }
        free(wide.id);
        free(narrow.id);
        unlink(files.items[f]);
    }
    ts_strlist_release(&files);
}

/* A raw NUL in an id or a bucket name (not JSON: the scan refuses the
 * file) ends that string; the names after it are still found, their owner
 * is the right one, and nothing is read past the index's copy. */
static void raw_nul_in_names(void)
{
    static const char text[] = "{\"account_id\": \"4444\0x\", \"global\": {\"s3\": "
        "{\"ListBuckets\": {\"Buckets\": [{\"Name\": \"a\0b\"}, {\"Name\": \"after\"}]}}}}";
    struct ts_strlist files;
    struct ts_org_index ix;
    char path[256];
    FILE *f;

    ts_strlist_init(&files);
    snprintf(path, sizeof(path), "%s/nul.json", dir);
    f = fopen(path, "w");
    ASSERT(f != NULL);
    if (!f)
        return;
    fwrite(text, 1, sizeof(text) - 1, f);
    fclose(f);
    ts_strlist_push(&files, path);
    put(&files, "nul-2.json", "{\"account_id\": \"555555555555\", \"global\": {\"s3\": "
        "{\"ListBuckets\": {\"Buckets\": [{\"Name\": \"five\"}]}}}}");
    ts_org_index_init(&ix);
    ts_org_index_build(&ix, &files);
    ASSERT_EQ_INT(ix.accounts.count, 2);
    ASSERT(ts_org_index_file(&ix, "4444") && strstr(ts_org_index_file(&ix, "4444"), "/nul.json"));
    ASSERT(owner(&ix, "a") && !strcmp(owner(&ix, "a"), "4444"));
    ASSERT(owner(&ix, "after")
           && !strcmp(owner(&ix, "after"), "4444"));
    ASSERT(owner(&ix, "five")
           && !strcmp(owner(&ix, "five"), "555555555555"));
    ASSERT(owner(&ix, "b") == NULL);
    ts_org_index_release(&ix);
    for (size_t i = 0; i < files.count; i++)
        unlink(files.items[i]);
    ts_strlist_release(&files);
}

/* An id of 40,000 bytes is kept whole, between short ones, and found. */
static void keeps_long_names(void)
{
    struct ts_strlist files;
    struct ts_org_index ix;
    size_t long_n = 40000;
    char *big = malloc(long_n + 200);

    if (!big)
        return;
    ts_strlist_init(&files);
    put(&files, "long-a.json", "{\"account_id\": \"111111111111\", \"global\": {\"s3\": "
        "{\"ListBuckets\": {\"Buckets\": [{\"Name\": \"short-a\"}]}}}}");
    memset(big, 'x', long_n);
    memcpy(big, "{\"account_id\": \"", 16);
    snprintf(big + long_n, 200, "\", \"global\": {\"s3\": {\"ListBuckets\": {\"Buckets\": "
             "[{\"Name\": \"long-id-bucket\"}]}}}}");
    put(&files, "long-b.json", big);
    put(&files, "long-c.json", "{\"account_id\": \"333333333333\", \"global\": {\"s3\": "
        "{\"ListBuckets\": {\"Buckets\": [{\"Name\": \"short-c\"}]}}}}");
    ts_org_index_init(&ix);
    ts_org_index_build(&ix, &files);
    ASSERT_EQ_INT(ix.accounts.count, 3);
    memset(big, 'x', long_n - 16);
    big[long_n - 16] = '\0';
    ASSERT(owner(&ix, "long-id-bucket")
           && !strcmp(owner(&ix, "long-id-bucket"), big));
    ASSERT(ts_org_index_file(&ix, big) && strstr(ts_org_index_file(&ix, big), "/long-b.json"));
    ASSERT(owner(&ix, "short-a")
           && !strcmp(owner(&ix, "short-a"), "111111111111"));
    ASSERT(owner(&ix, "short-c")
           && !strcmp(owner(&ix, "short-c"), "333333333333"));
    ASSERT(ts_org_index_file(&ix, "333333333333")
           && strstr(ts_org_index_file(&ix, "333333333333"), "/long-c.json"));
    ts_org_index_release(&ix);
    for (size_t i = 0; i < files.count; i++)
        unlink(files.items[i]);
    ts_strlist_release(&files);
    free(big);
}

/* ---- thousands of accounts, from parts -----------------------------------
 * MANY accounts (the skims' parts made here, no files read), so that every
 * sparse block's first and last key and the keys between blocks are asked
 * for: file order is not id order (7919 is prime to MANY), ids are 10
 * apart (a key between two is asked for), account i lists i % 4 buckets,
 * the first 20 share five names, and 20 more files repeat their ids. */

#define MANY 5000
#define REPEATS 20

static void many_id(char *out, size_t size, int i)
{
    snprintf(out, size, "%012d", (i * 7919) % MANY * 10);
}

/* Part of account id listing names (one block, as the skim makes). */
static void make_part(struct ts_org_index_part *part, const char *id, char names[][64],
                      size_t nnames)
{
    size_t bytes = strlen(id) + 1, at;

    for (size_t k = 0; k < nnames; k++)
        bytes += strlen(names[k]) + 1;
    part->id = malloc(bytes);
    part->nnames = nnames;
    memcpy(part->id, id, at = strlen(id) + 1);
    for (size_t k = 0; k < nnames; k++) {
        memcpy(part->id + at, names[k], strlen(names[k]) + 1);
        at += strlen(names[k]) + 1;
    }
}

/* The names account i lists. */
static size_t many_names(int i, char names[][64])
{
    char id[32];
    size_t n = 0;

    many_id(id, sizeof(id), i % MANY);
    for (int k = 0; k < i % MANY % 4; k++)
        snprintf(names[n++], 64, "bkt-%s-%d", id, k);
    if (i < REPEATS)
        snprintf(names[n++], 64, "shared-%d", i % 5);
    if (i >= MANY)
        snprintf(names[n++], 64, "dupe-%d", i - MANY); /* a repeat's: never indexed */
    return n;
}

/* The index of the MANY accounts; files (which it answers from) the
 * caller's to release after it. */
static void build_many(struct ts_org_index *ix, struct ts_strlist *files)
{
    struct ts_org_index_part *parts = malloc((MANY + REPEATS) * sizeof(*parts));
    char path[64], id[32], names[8][64];

    ts_strlist_init(files);
    for (int i = 0; i < MANY + REPEATS; i++) {
        snprintf(path, sizeof(path), "/org/f%05d.json", i);
        ts_strlist_push(files, path);
        many_id(id, sizeof(id), i % MANY);
        make_part(&parts[i], id, names, many_names(i, names));
    }
    ts_org_index_init(ix);
    ts_org_index_merge(ix, files, parts);
    for (int i = 0; i < MANY + REPEATS; i++)
        ASSERT(parts[i].id == NULL);
    free(parts);
}

/* 1 if ix's owner of name is want (NULL: none); buffers of its own, so
 * any thread may ask. */
static int owner_is(const struct ts_org_index *ix, const char *name, const char *want)
{
    char got[64];
    size_t n = ts_org_index_bucket_owner(ix, name, got, sizeof(got));

    if (!want)
        return n == TS_ORG_INDEX_NONE;
    return n == strlen(want) && !strcmp(got, want);
}

/* The answers about account i that are wrong. */
static size_t wrong_about(const struct ts_org_index *ix, const struct ts_strlist *files, int i)
{
    char id[32], between[32], name[64];
    const char *f;
    size_t wrong = 0;

    many_id(id, sizeof(id), i);
    f = ts_org_index_file(ix, id);
    wrong += !f || strcmp(f, files->items[i]);
    for (int k = 0; k < i % 4; k++) {
        snprintf(name, sizeof(name), "bkt-%s-%d", id, k);
        wrong += !owner_is(ix, name, id);
    }
    snprintf(name, sizeof(name), "bkt-%s-9", id); /* between two of them */
    wrong += !owner_is(ix, name, NULL);
    snprintf(between, sizeof(between), "%012d", (i * 7919) % MANY * 10 + 5);
    wrong += ts_org_index_file(ix, between) != NULL;
    return wrong;
}

/* Wrong answers of ix about the MANY accounts and their buckets. */
static size_t many_wrong(const struct ts_org_index *ix, const struct ts_strlist *files)
{
    static const char *const absent[] = {"", "0", "00000000000", "000000049991", "1", "bkt-",
        "dupe-0", "dupe-19", "shared-5", "shared-", "zzz", "\x7f", "\xff"};
    char name[64], id[32], low[32];
    size_t wrong = 0;

    for (int i = 0; i < MANY; i++)
        wrong += wrong_about(ix, files, i);
    for (int j = 0; j < 5; j++) { /* the lowest id of those that list it */
        snprintf(low, sizeof(low), "~");
        for (int i = j; i < REPEATS; i += 5) {
            many_id(id, sizeof(id), i);
            if (strcmp(id, low) < 0)
                memcpy(low, id, sizeof(low));
        }
        snprintf(name, sizeof(name), "shared-%d", j);
        wrong += !owner_is(ix, name, low);
    }
    for (size_t k = 0; k < sizeof(absent) / sizeof(absent[0]); k++)
        wrong += ts_org_index_file(ix, absent[k]) != NULL || !owner_is(ix, absent[k], NULL);
    return wrong;
}

/* Names of files left in folder d that start with prefix. */
static int files_in(const char *d, const char *prefix)
{
    DIR *dp = opendir(d);
    struct dirent *de;
    int n = 0;

    while (dp && (de = readdir(dp)) != NULL)
        n += !strncmp(de->d_name, prefix, strlen(prefix));
    if (dp)
        closedir(dp);
    return n;
}

/* Every account's file and every bucket's owner, the first and last key
 * of every sparse block and the keys between blocks too, answered from the
 * temporary file, of which nothing is left in $TMPDIR. */
static void many_accounts_from_file(void)
{
    struct ts_strlist files;
    struct ts_org_index ix;
    char *saved = set_tmpdir(dir);

    build_many(&ix, &files);
    ASSERT_EQ_INT(ix.accounts.count, MANY);
    ASSERT_EQ_INT(ix.accounts.nmarks, (MANY + TS_SPARSE_EVERY - 1) / TS_SPARSE_EVERY);
    ASSERT_EQ_INT(ts_sparse_table_file_error(&ix.accounts), 0);
    ASSERT_EQ_INT(ts_sparse_table_file_error(&ix.buckets), 0);
    ASSERT(ix.accounts.fd >= 0 && ix.buckets.fd >= 0 && !ix.accounts.mem && !ix.buckets.mem);
    ASSERT_EQ_INT(files_in(dir, "trailscan-"), 0);
    ASSERT_EQ_INT(many_wrong(&ix, &files), 0);
    ASSERT_EQ_INT(ts_org_index_error(&ix), 0);
    ts_org_index_release(&ix);
    ts_strlist_release(&files);
    restore_tmpdir(saved);
}

/* No temporary file can be made ($TMPDIR does not exist): the tables stay
 * in memory and every answer is the same. */
static void many_accounts_in_memory(void)
{
    struct ts_strlist files;
    struct ts_org_index ix;
    char *saved = set_tmpdir("/nonexistent/trailscan-test");

    build_many(&ix, &files);
    ASSERT_EQ_INT(ts_sparse_table_file_error(&ix.accounts), ENOENT);
    ASSERT_EQ_INT(ts_sparse_table_file_error(&ix.buckets), ENOENT);
    ASSERT(ix.accounts.fd < 0 && ix.buckets.fd < 0 && ix.accounts.mem && ix.buckets.mem);
    ASSERT_EQ_INT(many_wrong(&ix, &files), 0);
    ts_org_index_release(&ix);
    ts_strlist_release(&files);
    restore_tmpdir(saved);
}

struct asker {
    pthread_t thread;
    const struct ts_org_index *ix;
    const struct ts_strlist *files;
    size_t wrong;
};

static void *ask_all(void *arg)
{
    struct asker *a = arg;

    a->wrong = many_wrong(a->ix, a->files);
    return NULL;
}

/* Four threads ask one index everything at once (as --jobs 4's workers
 * do): every answer right in each. */
static void lookups_from_threads(void)
{
    struct ts_strlist files;
    struct ts_org_index ix;
    struct asker askers[4];
    char *saved = set_tmpdir(dir);

    build_many(&ix, &files);
    for (int t = 0; t < 4; t++) {
        askers[t] = (struct asker){.ix = &ix, .files = &files, .wrong = 1};
        ASSERT(pthread_create(&askers[t].thread, NULL, ask_all, &askers[t]) == 0);
    }
    for (int t = 0; t < 4; t++) {
        pthread_join(askers[t].thread, NULL);
        ASSERT_EQ_INT(askers[t].wrong, 0);
    }
    ts_org_index_release(&ix);
    ts_strlist_release(&files);
    restore_tmpdir(saved);
}

/* The index's file cannot be read (a directory is put in its place, so
 * pread fails): lookups answer "none", never crash, and the index keeps
 * why for the scan to report. */
static void failed_read_answers_none(void)
{
    struct ts_strlist files;
    struct ts_org_index ix;
    char *saved = set_tmpdir(dir);
    char id[32];
    int d = open(dir, O_RDONLY);

    build_many(&ix, &files);
    many_id(id, sizeof(id), 7);
    ASSERT(ts_org_index_file(&ix, id) != NULL);
    ASSERT(d >= 0 && dup2(d, ix.accounts.fd) >= 0 && dup2(d, ix.buckets.fd) >= 0);
    ASSERT(ts_org_index_file(&ix, id) == NULL);
    ASSERT(owner_is(&ix, "shared-1", NULL));
    ASSERT_EQ_INT(ts_org_index_error(&ix), EISDIR);
    if (d >= 0)
        close(d);
    ts_org_index_release(&ix);
    ts_strlist_release(&files);
    restore_tmpdir(saved);
}

/* A buffer too small for the owner's id gets what fits and a NUL, and the
 * id's whole length says how much to ask for. */
static void owner_cut_to_buffer(void)
{
    struct ts_strlist files;
    struct ts_org_index ix;
    char id[32], name[64], small[5] = "xxxx";

    build_many(&ix, &files);
    many_id(id, sizeof(id), 3);
    snprintf(name, sizeof(name), "bkt-%s-2", id);
    ASSERT_EQ_INT(ts_org_index_bucket_owner(&ix, name, small, 0), 12);
    ASSERT(!strcmp(small, "xxxx"));
    ASSERT_EQ_INT(ts_org_index_bucket_owner(&ix, name, small, sizeof(small)), 12);
    ASSERT(!strncmp(small, id, 4) && small[4] == '\0');
    ts_org_index_release(&ix);
    ts_strlist_release(&files);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    RUN(finds_accounts_and_buckets);
    RUN(many_accounts);
    RUN(skips_long_members);
    RUN(keeps_little_per_account);
    RUN(keeps_long_names);
    RUN(raw_nul_in_names);
    RUN(parts_merge_as_built);
    RUN(wide_and_narrow_skims_agree);
    RUN(many_accounts_from_file);
    RUN(many_accounts_in_memory);
    RUN(lookups_from_threads);
    RUN(failed_read_answers_none);
    RUN(owner_cut_to_buffer);
    rmdir(dir);
    return TEST_EXIT();
}

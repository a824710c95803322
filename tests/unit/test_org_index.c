/* snapshot/org_index.c: the organisation view's index, skimmed from the
 * files' text: account ids, their files, the buckets each lists. */
#include "snapshot/org_index.h"

#include <stdio.h>
#include <unistd.h>
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
#include <malloc.h>
#define HAVE_MALLINFO2 1
#endif
#include "test.h"

static char dir[] = "/tmp/ts_org_index_XXXXXX";

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
    ASSERT_EQ_INT(ix.naccounts, 2);
    f = ts_org_index_file(&ix, "222222222222");
    ASSERT(f && strstr(f, "/a.json"));
    f = ts_org_index_file(&ix, "111111111111");
    ASSERT(f && strstr(f, "/b.json"));
    ASSERT(ts_org_index_file(&ix, "333333333333") == NULL);
    ASSERT(ts_org_index_bucket_owner(&ix, "logs")
           && !strcmp(ts_org_index_bucket_owner(&ix, "logs"), "222222222222"));
    ASSERT(ts_org_index_bucket_owner(&ix, "data-2")
           && !strcmp(ts_org_index_bucket_owner(&ix, "data-2"), "222222222222"));
    ASSERT(ts_org_index_bucket_owner(&ix, "not-a-bucket") == NULL);
    ASSERT(ts_org_index_bucket_owner(&ix, "dup") == NULL);
    ASSERT(ts_org_index_bucket_owner(&ix, "orphan") == NULL);
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
    ASSERT_EQ_INT(ix.naccounts, 300);
    snprintf(text, sizeof(text), "%012d", (123 * 7919) % 1000);
    ASSERT(ts_org_index_file(&ix, text) && strstr(ts_org_index_file(&ix, text), "/123.json"));
    ASSERT(ts_org_index_bucket_owner(&ix, "b-123")
           && !strcmp(ts_org_index_bucket_owner(&ix, "b-123"), text));
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
    ASSERT_EQ_INT(ix.naccounts, 80);
    ASSERT_EQ_INT(ix.nbuckets, 80);
    ASSERT(ts_org_index_file(&ix, "999999999999") == NULL);
    ASSERT(ts_org_index_bucket_owner(&ix, "decoy") == NULL);
    for (int pad = 0; pad < 80; pad++) {
        snprintf(id, sizeof(id), "%012d", pad);
        snprintf(bucket, sizeof(bucket), "b-%d", pad);
        ASSERT(ts_org_index_bucket_owner(&ix, bucket)
               && !strcmp(ts_org_index_bucket_owner(&ix, bucket), id));
    }
    ts_org_index_release(&ix);
    for (size_t i = 0; i < files.count; i++)
        unlink(files.items[i]);
    ts_strlist_release(&files);
    free(text);
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
 * bucket names each hold under 500 bytes an account (one malloc per name,
 * id and file and a doubled array held 650 to 730). */
static void keeps_little_per_account(void)
{
    struct ts_strlist files;
    struct ts_org_index ix;
    char name[64], text[1024];
    size_t before = 0;
    int measured = 0;

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
        if (per >= 500 || getenv("TS_TEST_VERBOSE"))
            fprintf(stderr, "the index holds %zu bytes an account\n", per);
        ASSERT(per < 500);
    }
#endif
    if (!measured)
        printf("note: heap use not measured (no glibc mallinfo2, or a sanitizer)\n");
    ASSERT_EQ_INT(ix.naccounts, 500);
    ASSERT_EQ_INT(ix.nbuckets, 4500);
    ASSERT(ts_org_index_bucket_owner(&ix, "logs-000000000499-8")
           && !strcmp(ts_org_index_bucket_owner(&ix, "logs-000000000499-8"), "000000000499"));
    ASSERT(ts_org_index_file(&ix, "000000000007")
           && strstr(ts_org_index_file(&ix, "000000000007"), "/mem-007.json"));
    ts_org_index_release(&ix);
    for (size_t i = 0; i < files.count; i++)
        unlink(files.items[i]);
    ts_strlist_release(&files);
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
    ASSERT_EQ_INT(built.naccounts, 100);
    ASSERT_EQ_INT(merged.naccounts, built.naccounts);
    ASSERT_EQ_INT(merged.nbuckets, built.nbuckets);
    for (size_t i = 0; i < built.naccounts && i < merged.naccounts; i++)
        ASSERT(!strcmp(built.accounts[i].id, merged.accounts[i].id)
               && !strcmp(built.accounts[i].file, merged.accounts[i].file));
    for (size_t i = 0; i < built.nbuckets && i < merged.nbuckets; i++)
        ASSERT(!strcmp(built.buckets[i].name, merged.buckets[i].name)
               && !strcmp(built.buckets[i].account, merged.buckets[i].account));
    /* p107's account is p007's: its bucket b-107 is not indexed. */
    ASSERT(ts_org_index_bucket_owner(&merged, "b-107") == NULL);
    ASSERT(ts_org_index_bucket_owner(&merged, "s-3")
           && !strcmp(ts_org_index_bucket_owner(&merged, "s-3"), "000000000001"));
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
            /* id, file, the bucket: three strings each */
            for (int k = 0; k < 3; k++, w += strlen(w) + 1, n += strlen(n) + 1)
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
    ASSERT_EQ_INT(ix.naccounts, 2);
    ASSERT(ts_org_index_file(&ix, "4444") && strstr(ts_org_index_file(&ix, "4444"), "/nul.json"));
    ASSERT(ts_org_index_bucket_owner(&ix, "a") && !strcmp(ts_org_index_bucket_owner(&ix, "a"), "4444"));
    ASSERT(ts_org_index_bucket_owner(&ix, "after")
           && !strcmp(ts_org_index_bucket_owner(&ix, "after"), "4444"));
    ASSERT(ts_org_index_bucket_owner(&ix, "five")
           && !strcmp(ts_org_index_bucket_owner(&ix, "five"), "555555555555"));
    ASSERT(ts_org_index_bucket_owner(&ix, "b") == NULL);
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
    ASSERT_EQ_INT(ix.naccounts, 3);
    memset(big, 'x', long_n - 16);
    big[long_n - 16] = '\0';
    ASSERT(ts_org_index_bucket_owner(&ix, "long-id-bucket")
           && !strcmp(ts_org_index_bucket_owner(&ix, "long-id-bucket"), big));
    ASSERT(ts_org_index_file(&ix, big) && strstr(ts_org_index_file(&ix, big), "/long-b.json"));
    ASSERT(ts_org_index_bucket_owner(&ix, "short-a")
           && !strcmp(ts_org_index_bucket_owner(&ix, "short-a"), "111111111111"));
    ASSERT(ts_org_index_bucket_owner(&ix, "short-c")
           && !strcmp(ts_org_index_bucket_owner(&ix, "short-c"), "333333333333"));
    ASSERT(ts_org_index_file(&ix, "333333333333")
           && strstr(ts_org_index_file(&ix, "333333333333"), "/long-c.json"));
    ts_org_index_release(&ix);
    for (size_t i = 0; i < files.count; i++)
        unlink(files.items[i]);
    ts_strlist_release(&files);
    free(big);
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
    rmdir(dir);
    return TEST_EXIT();
}

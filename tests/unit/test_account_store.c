/* engine/account_store.c: a done account's record goes to its log and
 * comes back whole, in any order, while memory keeps a few bytes of it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
#include <malloc.h>
#define HAVE_MALLINFO2 1
#endif
#include "test.h"
#include "engine/account_store.h"
#include "util/error.h"

/* Account i's fields: every third without a name, every fifth without a
 * time, some with collection errors, a long file name now and then. */
static void make(struct ts_account *a, size_t i, struct ts_result_log *log)
{
    char buf[600];

    memset(a, 0, sizeof(*a));
    snprintf(buf, sizeof(buf), "/org/%s%zu.json", i % 7 == 0 ? "a-long-folder-name/" : "", i);
    a->file = ts_xstrdup(buf);
    snprintf(buf, sizeof(buf), "%012zu", i);
    a->account_id = ts_xstrdup(buf);
    a->partition = ts_xstrdup(i % 4 ? "aws" : "aws-us-gov");
    if (i % 3) {
        snprintf(buf, sizeof(buf), "member %zu", i);
        a->name = ts_xstrdup(buf);
    }
    if (i % 5) {
        snprintf(buf, sizeof(buf), "2026-12-%02zuT00:00:00Z", 1 + i % 28);
        a->collected_at = ts_xstrdup(buf);
    }
    snprintf(a->sha256, sizeof(a->sha256), "%064zx", i * 2654435761u);
    if (i % 6 == 1) {
        a->errors = malloc(3 * sizeof(*a->errors));
        snprintf(buf, sizeof(buf), "s3 GetBucketPolicy %zu: AccessDenied", i);
        a->errors[0] = ts_xstrdup(buf);
        a->errors[1] = ts_xstrdup("");
        a->errors[2] = NULL;
    }
    a->log = log;
    a->log_offset = i * 1000;
    a->nlogged = i % 9;
}

static int same_opt(const char *x, const char *y)
{
    return (!x && !y) || (x && y && !strcmp(x, y));
}

/* 1 if got holds what make gave account i. */
static int same(const struct ts_account *got, size_t i, struct ts_result_log *log)
{
    struct ts_account want;
    int ok;
    size_t k = 0;

    make(&want, i, log);
    ok = !strcmp(got->file, want.file) && !strcmp(got->account_id, want.account_id)
         && !strcmp(got->partition, want.partition) && same_opt(got->name, want.name)
         && same_opt(got->collected_at, want.collected_at) && !strcmp(got->sha256, want.sha256)
         && got->log == log && got->log_offset == want.log_offset
         && got->nlogged == want.nlogged;
    for (; ok && want.errors && want.errors[k]; k++)
        ok = got->errors && got->errors[k] && !strcmp(got->errors[k], want.errors[k]);
    ok = ok && (got->errors == NULL || got->errors[k] == NULL);
    free(want.file);
    free(want.account_id);
    free(want.partition);
    free(want.name);
    free(want.collected_at);
    for (size_t j = 0; want.errors && want.errors[j]; j++)
        free(want.errors[j]);
    free(want.errors);
    return ok;
}

/* Adds and parks n accounts, the log's tail 1 byte: every record is in the
 * file but the last's bytes. */
static void fill(struct ts_account_store *st, struct ts_result_log *log, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct ts_account a;
        make(&a, i, log);
        ASSERT_EQ_INT(ts_account_store_add(st, &a), i);
        ASSERT(a.file == NULL); /* moved in */
        ASSERT(ts_account_store_held(st, i) != NULL);
        ASSERT(ts_account_store_park(st, i) == 0);
        ASSERT(ts_account_store_held(st, i) == NULL);
    }
}

static void parked_accounts_read_back_whole(void)
{
    struct ts_account_store st;
    struct ts_result_log log;
    const size_t n = 500;
    size_t bad = 0;

    ts_result_log_init(&log);
    log.tail_limit = 1;
    ts_account_store_init(&st);
    fill(&st, &log, n);
    ASSERT(log.fd >= 0);
    for (size_t i = 0; i < n; i++)
        bad += !same(ts_account_store_get(&st, i), i, &log);
    /* Backwards and strided: no read depends on the one before. */
    for (size_t i = n; i-- > 0;)
        bad += !same(ts_account_store_get(&st, i), i, &log);
    for (size_t i = 0; i < 5 * n; i++)
        bad += !same(ts_account_store_get(&st, (i * 37) % n), (i * 37) % n, &log);
    ASSERT_EQ_INT(bad, 0);
    /* Fewer than TS_ACCOUNT_CACHE others in between: still valid. */
    {
        const struct ts_account *a = ts_account_store_get(&st, 3);
        for (size_t i = 4; i < 3 + TS_ACCOUNT_CACHE; i++)
            ts_account_store_get(&st, i);
        ASSERT(same(a, 3, &log));
    }
    ts_account_store_release(&st);
    ts_result_log_release(&log);
}

/* A record the quota refuses stays in memory, and reads the same. */
static void refused_record_stays_held(void)
{
    struct ts_account_store st;
    struct ts_result_log log;
    struct ts_result_quota q;
    struct ts_account a;

    ts_result_log_init(&log);
    ts_result_quota_init(&q, 10);
    log.quota = &q;
    ts_account_store_init(&st);
    make(&a, 1, &log);
    ts_account_store_add(&st, &a);
    ASSERT(ts_account_store_park(&st, 0) == -1);
    ASSERT(ts_account_store_held(&st, 0) != NULL);
    ASSERT(same(ts_account_store_get(&st, 0), 1, &log));
    ASSERT_EQ_INT(ts_result_log_size(&log), 0);
    ts_account_store_release(&st);
    ts_result_log_release(&log);
}

/* A log whose file can no longer be read: empty fields, no crash, and the
 * log says why (the reports check it). */
static void unreadable_record_reads_empty(void)
{
    struct ts_account_store st;
    struct ts_result_log log;
    const struct ts_account *a;

    ts_result_log_init(&log);
    log.tail_limit = 1;
    ts_account_store_init(&st);
    fill(&st, &log, 3);
    close(log.fd);
    log.fd = open("/dev/null", O_WRONLY); /* reads fail */
    a = ts_account_store_get(&st, 0);
    ASSERT(a && !strcmp(a->account_id, "") && !strcmp(a->file, "") && a->nlogged == 0);
    ASSERT(log.read_errno != 0);
    ts_account_store_release(&st);
    ts_result_log_release(&log);
}

/* Moved and split accounts keep their records (a scan's workers). */
static void moves_keep_records(void)
{
    struct ts_account_store a, b, c;
    struct ts_result_log log;
    struct ts_account held;

    ts_result_log_init(&log);
    log.tail_limit = 1;
    ts_account_store_init(&a);
    ts_account_store_init(&b);
    ts_account_store_init(&c);
    fill(&a, &log, 40);
    make(&held, 40, &log);
    ts_account_store_add(&a, &held); /* one not parked */
    ASSERT(same(ts_account_store_get(&a, 20), 20, &log)); /* cached under 20 */
    ts_account_store_split(&a, 20, &b);
    ASSERT_EQ_INT(a.n, 20);
    ASSERT_EQ_INT(b.n, 21);
    ASSERT(same(ts_account_store_get(&b, 0), 20, &log));
    ASSERT(same(ts_account_store_get(&b, 20), 40, &log));
    for (size_t i = 21; i-- > 0;)
        ASSERT_EQ_INT(ts_account_store_move(&c, &b, i), 20 - i);
    for (size_t i = 0; i < 21; i++)
        ASSERT(same(ts_account_store_get(&c, i), 40 - i, &log));
    ASSERT(same(ts_account_store_get(&a, 19), 19, &log));
    ts_account_store_release(&a);
    ts_account_store_release(&b);
    ts_account_store_release(&c);
    ts_result_log_release(&log);
}

#ifdef HAVE_MALLINFO2
/* Bytes malloc has given out, big blocks (mmap'd) too. */
static size_t heap_in_use(void)
{
    struct mallinfo2 m = mallinfo2();
    return m.uordblks + m.hblkhd;
}
#endif

/* What the store keeps per parked account: its place, not its fields. */
static void memory_stays_flat(void)
{
#ifdef HAVE_MALLINFO2
    struct ts_account_store st;
    struct ts_result_log log;
    const size_t n = 20000;
    size_t before, after;

    ts_result_log_init(&log);
    ts_account_store_init(&st);
    log.tail_limit = 1;
    /* The log's own tail buffer first, so only the store is counted. */
    fill(&st, &log, 1);
    before = heap_in_use();
    for (size_t i = 1; i < n; i++) {
        struct ts_account a;
        make(&a, i, &log);
        ts_account_store_add(&st, &a);
        ts_account_store_park(&st, i);
    }
    after = heap_in_use();
    printf("kept per account: %zu bytes\n", (after - before) / (n - 1));
    /* 24 bytes of place, the array doubling: under 64 either way; held
     * whole, an account takes some 300 bytes. */
    ASSERT((after - before) / (n - 1) < 64);
    ts_account_store_release(&st);
    ts_result_log_release(&log);
#endif
}

int main(void)
{
    RUN(parked_accounts_read_back_whole);
    RUN(refused_record_stays_held);
    RUN(unreadable_record_reads_empty);
    RUN(moves_keep_records);
    RUN(memory_stays_flat);
    return TEST_EXIT();
}

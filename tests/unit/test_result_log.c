/* Results kept in a temporary file: every field comes back as it went in,
 * from the file and from the memory tail alike; what is set after the scan
 * is stored again; without a usable $TMPDIR the log keeps everything in
 * memory; a file that cannot be read back is an error, not a short list. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "test.h"
#include "engine/engine.h"
#include "engine/result_log.h"

#define N 300

/* Result i: texts of varied lengths (long ones cross the reader's window),
 * region and fix sometimes absent, sometimes empty. */
static char empty[] = "", region[] = "eu-west-1", message[] = "message";
static char file_a[] = "org/management.json", file_b[] = "org/audit.json", what[] = "SNS topic";
/* Evidence: none, one place, or three (a what sometimes absent), some with
 * places past the cap counted. */
static struct ts_place places[3] = {
    {file_a, what, 14, 3}, {file_b, NULL, 40, 7}, {file_a, empty, 9000, 1},
};

static void make(struct ts_result *r, size_t i, char *buf, size_t cap)
{
    size_t len = (i * 37) % 9000;

    memset(r, 0, sizeof(*r));
    memset(buf, 'a' + (int)(i % 26), len < cap ? len : cap - 1);
    buf[len < cap ? len : cap - 1] = '\0';
    r->rule = i % 7;
    r->verdict = (enum ts_verdict)(i % 3);
    r->resource = buf;
    r->region = i % 4 == 0 ? NULL : i % 4 == 1 ? empty : region;
    r->message = i % 5 == 0 ? empty : message;
    r->fix = i % 3 == 0 ? NULL : buf + len / 2;
    r->line = (unsigned)i + 1;
    r->column = (unsigned)i * 2 + 1;
    r->waiver = i % 11;
    r->baseline_state = (int)(i % 5);
    r->worse = (int)(i % 2);
    r->nevidence = i % 3 == 0 ? 0 : i % 3 == 1 ? 1 : 3;
    r->evidence = r->nevidence ? places : NULL;
    r->evidence_more = i % 6 == 5 ? (unsigned)i : 0;
    r->more = i % 4 == 3 ? i * 1000 : 0; /* counted brief results */
}

static int same_text(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

static int same_places(const struct ts_result *a, const struct ts_result *b)
{
    if (a->nevidence != b->nevidence || a->evidence_more != b->evidence_more)
        return 0;
    for (unsigned i = 0; i < a->nevidence; i++)
        if (a->evidence[i].line != b->evidence[i].line
            || a->evidence[i].column != b->evidence[i].column
            || !same_text(a->evidence[i].file, b->evidence[i].file)
            || !same_text(a->evidence[i].what, b->evidence[i].what))
            return 0;
    return 1;
}

static int same(const struct ts_result *a, const struct ts_result *b)
{
    return a->rule == b->rule && a->verdict == b->verdict && a->more == b->more && a->line == b->line
           && a->column == b->column && a->waiver == b->waiver
           && a->baseline_state == b->baseline_state && a->worse == b->worse
           && same_text(a->resource, b->resource) && same_text(a->region, b->region)
           && same_text(a->message, b->message) && same_text(a->fix, b->fix)
           && same_places(a, b);
}

static char want_buf[10000];

/* Appends n (at most N) results; checks they read back, change, and read back changed. */
static void round_trip(struct ts_result_log *log, size_t n)
{
    struct ts_result_reader rd;
    struct ts_result want, got;
    uint64_t offs[N], off = 0;
    size_t bad = 0;

    for (size_t i = 0; i < n; i++) {
        offs[i] = ts_result_log_size(log);
        make(&want, i, want_buf, sizeof(want_buf));
        ts_result_log_append(log, &want);
    }
    ts_result_reader_init(&rd, log);
    for (size_t i = 0; i < n; i++) {
        make(&want, i, want_buf, sizeof(want_buf));
        ASSERT(off == offs[i]);
        if (ts_result_reader_next(&rd, &off, &got) < 0 || !same(&want, &got))
            bad++;
        /* Waivers and baselines are judged after the scan. */
        got.waiver = i + 1000;
        got.baseline_state = 4;
        got.worse = 1;
        ts_result_log_update(log, offs[i], &got);
    }
    ASSERT_EQ_INT(bad, 0);
    ASSERT(off == ts_result_log_size(log));
    ts_result_reader_release(&rd);
    ts_result_reader_init(&rd, log);
    off = 0;
    for (size_t i = 0; i < n; i++) {
        make(&want, i, want_buf, sizeof(want_buf));
        want.waiver = i + 1000;
        want.baseline_state = 4;
        want.worse = 1;
        if (ts_result_reader_next(&rd, &off, &got) < 0 || !same(&want, &got))
            bad++;
    }
    ASSERT_EQ_INT(bad, 0);
    ts_result_reader_release(&rd);
}

/* Most of the log in the file, the last records in the memory tail. */
static void test_file_and_tail(void)
{
    struct ts_result_log log;

    ts_result_log_init(&log);
    log.tail_limit = 50000;
    round_trip(&log, N);
    ASSERT(log.fd >= 0);
    ASSERT_EQ_INT(log.file_errno, 0);
    ASSERT(log.file_len > 0);
    ASSERT(log.tail_len > 0 && log.tail_len < 50000);
    ASSERT_EQ_INT(log.read_errno, 0);
    ts_result_log_release(&log);
}

/* A small scan never touches the disk. */
static void test_memory_only(void)
{
    struct ts_result_log log;

    ts_result_log_init(&log);
    round_trip(&log, 40);
    ASSERT(log.fd < 0);
    ASSERT(log.file_len == 0);
    ts_result_log_release(&log);
}

/* $TMPDIR that cannot hold a file: the log says why and keeps going in
 * memory. */
static void test_no_tmpdir(void)
{
    struct ts_result_log log;
    const char *was = getenv("TMPDIR");
    char *saved = was ? strdup(was) : NULL;

    setenv("TMPDIR", "/nonexistent/trailscan-test", 1);
    ts_result_log_init(&log);
    log.tail_limit = 4096;
    round_trip(&log, N);
    ASSERT(log.fd < 0);
    ASSERT_EQ_INT(log.file_errno, ENOENT);
    ASSERT(log.file_len == 0);
    ts_result_log_release(&log);
    if (saved)
        setenv("TMPDIR", saved, 1);
    else
        unsetenv("TMPDIR");
    free(saved);
}

/* The file is gone (here: closed) before it is read back. */
static void test_read_error(void)
{
    struct ts_result_log log;
    struct ts_result_reader rd;
    struct ts_result r;
    uint64_t off = 0;

    ts_result_log_init(&log);
    log.tail_limit = 1;
    make(&r, 5, want_buf, sizeof(want_buf));
    ts_result_log_append(&log, &r);
    ts_result_log_append(&log, &r);
    ASSERT(log.fd >= 0);
    close(log.fd);
    log.fd = 1000;  /* not open */
    ts_result_reader_init(&rd, &log);
    ASSERT(ts_result_reader_next(&rd, &off, &r) == -1);
    ASSERT_EQ_INT(log.read_errno, EBADF);
    ASSERT(ts_result_reader_next(&rd, &off, &r) == -1);
    ts_result_reader_release(&rd);
    log.fd = -1;
    ts_result_log_release(&log);
}

/* Records read in place (in the reader's window on the file) and one
 * larger than that window (copied) read back alike, in order. */
static void test_record_past_the_window(void)
{
    static char big[100000];
    struct ts_result_log log;
    struct ts_result_reader rd;
    struct ts_result want, got;
    uint64_t off = 0;

    memset(big, 'b', sizeof(big) - 1);
    ts_result_log_init(&log);
    log.tail_limit = 1; /* every record to the file */
    for (size_t i = 0; i < 5; i++) {
        make(&want, i, want_buf, sizeof(want_buf));
        if (i == 2)
            want.resource = big;
        ASSERT(ts_result_log_append(&log, &want) == 0);
    }
    ASSERT(log.fd >= 0 && log.tail_len == 0);
    ts_result_reader_init(&rd, &log);
    for (size_t i = 0; i < 5; i++) {
        make(&want, i, want_buf, sizeof(want_buf));
        if (i == 2)
            want.resource = big;
        ASSERT(ts_result_reader_next(&rd, &off, &got) == 0);
        ASSERT(same(&want, &got));
    }
    ASSERT(off == ts_result_log_size(&log));
    ts_result_reader_release(&rd);
    ts_result_log_release(&log);
}

/* Two logs (two workers) share one quota: past it appends are refused,
 * `over` says so, and what was kept still reads back. */
static void test_quota(void)
{
    struct ts_result_quota q;
    struct ts_result_log a, b;
    struct ts_result_reader rd;
    struct ts_result r, got;
    uint64_t off = 0;
    size_t kept = 0, refused = 0;

    ts_result_quota_init(&q, 64 * 1024);
    ts_result_log_init(&a);
    ts_result_log_init(&b);
    a.quota = b.quota = &q;
    a.tail_limit = b.tail_limit = 4096;
    for (size_t i = 0; i < 100; i++) {
        make(&r, 1000 + i, want_buf, 1200); /* about 1 KiB each */
        if (ts_result_log_append(i % 2 ? &b : &a, &r) == 0)
            kept++;
        else
            refused++;
    }
    ASSERT(atomic_load(&q.over));
    ASSERT(kept > 40 && kept < 64);
    ASSERT_EQ_INT(kept + refused, 100);
    ASSERT(ts_result_log_size(&a) + ts_result_log_size(&b) <= q.max);
    ts_result_reader_init(&rd, &a);
    ASSERT(ts_result_reader_next(&rd, &off, &got) == 0);
    make(&r, 1000, want_buf, 1200);
    ASSERT(same(&got, &r));
    ts_result_reader_release(&rd);
    ts_result_log_release(&a);
    ts_result_log_release(&b);
}

int main(void)
{
    RUN(test_file_and_tail);
    RUN(test_memory_only);
    RUN(test_no_tmpdir);
    RUN(test_read_error);
    RUN(test_record_past_the_window);
    RUN(test_quota);
    return TEST_EXIT();
}

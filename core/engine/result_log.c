#include "engine/result_log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "engine/result.h"
#include "util/error.h"
#include "util/temp_file.h"

/* A record: this head, then resource, region, message and fix, each with
 * its NUL (an absent region or fix takes no bytes), then the evidence's
 * places, each a struct place then its file and what, with their NULs
 * (an absent what takes no bytes). */
struct head {
    uint32_t size;          /* the whole record */
    uint32_t rule;
    uint32_t line, column;
    uint32_t nevidence, evidence_more;
    uint32_t more;          /* ts_result.more (at most --max-results' 100 million) */
    uint32_t len[4];        /* resource, region, message, fix */
    uint8_t verdict;
    uint8_t present;        /* 1: region, 2: fix */
    /* Set after the scan, so stored again (ts_result_log_update): */
    uint8_t baseline_state, worse;
    uint64_t waiver;
};

struct place {
    uint32_t line, column, len[2]; /* file, what */
    uint8_t has_what;
};

#define CHANGED offsetof(struct head, baseline_state)

/* Window on the file for reading; records are mostly far smaller (about
 * 10 KiB with the engine's limits on result texts, and a file name and a
 * short text per place of evidence); copy_out reads larger ones too. */
#define WINDOW ((size_t)64 << 10)

void ts_result_quota_init(struct ts_result_quota *q, uint64_t max)
{
    q->max = max;
    atomic_init(&q->used, 0);
    atomic_init(&q->over, 0);
}

/* Takes n bytes of the quota, or says it is spent. */
static int quota_take(struct ts_result_quota *q, uint64_t n)
{
    if (!q)
        return 0;
    if (atomic_fetch_add(&q->used, n) + n > q->max) {
        atomic_store(&q->over, 1);
        return -1;
    }
    return 0;
}

void ts_result_log_init(struct ts_result_log *log)
{
    memset(log, 0, sizeof(*log));
    log->fd = -1;
    log->tail_limit = TS_RESULT_LOG_TAIL;
}

void ts_result_log_release(struct ts_result_log *log)
{
    if (log->fd >= 0)
        close(log->fd);
    free(log->tail);
    ts_result_log_init(log);
}

uint64_t ts_result_log_size(const struct ts_result_log *log)
{
    return log->file_len + log->tail_len;
}

/* Moves the tail to the file; on any failure the log stays in memory. */
static void flush_tail(struct ts_result_log *log)
{
    if (log->file_errno)
        return;
    if (log->fd < 0 && (log->fd = ts_temp_file("trailscan-results-")) < 0) {
        log->file_errno = errno ? errno : EIO;
        return;
    }
    if (ts_temp_file_write(log->fd, log->tail, log->tail_len, log->file_len) < 0) {
        /* What did get written past file_len is ignored: the tail keeps it. */
        log->file_errno = errno ? errno : EIO;
        return;
    }
    log->file_len += log->tail_len;
    log->tail_len = 0;
}

static void tail_reserve(struct ts_result_log *log, size_t n)
{
    size_t need = log->tail_len + n, cap = log->tail_cap ? log->tail_cap : 4096;

    if (need < n)
        need = SIZE_MAX; /* ts_xrealloc says out of memory */
    if (log->tail_cap >= need)
        return;
    while (cap < need && cap <= SIZE_MAX / 2)
        cap *= 2;
    log->tail_cap = cap < need ? need : cap;
    log->tail = ts_xrealloc(log->tail, log->tail_cap);
}

static size_t text_len(const char *s)
{
    return s ? strlen(s) : 0;
}

/* The bytes of r's places in a record. */
static size_t places_size(const struct ts_result *r)
{
    size_t n = 0;

    for (unsigned i = 0; i < r->nevidence; i++)
        n += sizeof(struct place) + strlen(r->evidence[i].file) + 1
             + (r->evidence[i].what ? strlen(r->evidence[i].what) + 1 : 0);
    return n;
}

/* Writes r's places at p; returns the end. */
static char *put_places(char *p, const struct ts_result *r)
{
    for (unsigned i = 0; i < r->nevidence; i++) {
        const struct ts_place *e = &r->evidence[i];
        struct place pl;

        memset(&pl, 0, sizeof(pl));
        pl.line = e->line;
        pl.column = e->column;
        pl.len[0] = (uint32_t)strlen(e->file);
        pl.len[1] = (uint32_t)text_len(e->what);
        pl.has_what = e->what != NULL;
        memcpy(p, &pl, sizeof(pl));
        p += sizeof(pl);
        memcpy(p, e->file, (size_t)pl.len[0] + 1);
        p += pl.len[0] + 1;
        if (e->what) {
            memcpy(p, e->what, (size_t)pl.len[1] + 1);
            p += pl.len[1] + 1;
        }
    }
    return p;
}

int ts_result_log_append(struct ts_result_log *log, const struct ts_result *r)
{
    const char *texts[4] = {r->resource, r->region, r->message, r->fix};
    struct head h;
    char *p;

    memset(&h, 0, sizeof(h));
    h.size = sizeof(h);
    for (int i = 0; i < 4; i++) {
        h.len[i] = (uint32_t)text_len(texts[i]);
        h.size += texts[i] ? h.len[i] + 1 : 0;
    }
    h.size += (uint32_t)places_size(r);
    h.rule = (uint32_t)r->rule;
    h.line = r->line;
    h.column = r->column;
    h.nevidence = r->nevidence;
    h.evidence_more = r->evidence_more;
    h.more = (uint32_t)r->more;
    h.waiver = r->waiver;
    h.verdict = (uint8_t)r->verdict;
    h.baseline_state = (uint8_t)r->baseline_state;
    h.worse = (uint8_t)r->worse;
    h.present = (uint8_t)((r->region ? 1 : 0) | (r->fix ? 2 : 0));
    if (quota_take(log->quota, h.size) < 0)
        return -1;
    tail_reserve(log, h.size);
    p = log->tail + log->tail_len;
    memcpy(p, &h, sizeof(h));
    p += sizeof(h);
    for (int i = 0; i < 4; i++)
        if (texts[i]) {
            memcpy(p, texts[i], (size_t)h.len[i] + 1);
            p += h.len[i] + 1;
        }
    put_places(p, r);
    log->tail_len += h.size;
    if (log->tail_len >= log->tail_limit)
        flush_tail(log);
    return 0;
}

int ts_result_log_append_raw(struct ts_result_log *log, const void *p, size_t n)
{
    if (quota_take(log->quota, n) < 0)
        return -1;
    tail_reserve(log, n);
    memcpy(log->tail + log->tail_len, p, n);
    log->tail_len += n;
    if (log->tail_len >= log->tail_limit)
        flush_tail(log);
    return 0;
}

/* Reads n bytes of the file at off into dst. */
static int read_file(struct ts_result_log *log, uint64_t off, char *dst, size_t n)
{
    if (ts_temp_file_read(log->fd, dst, n, off) < 0) {
        log->read_errno = errno ? errno : EIO;
        return -1;
    }
    return 0;
}

int ts_result_log_read_raw(struct ts_result_log *log, uint64_t off, void *dst, size_t n)
{
    char *d = dst;

    if (log->read_errno)
        return -1;
    if (off < log->file_len) {
        size_t k = log->file_len - off < n ? (size_t)(log->file_len - off) : n;
        if (read_file(log, off, d, k) < 0)
            return -1;
        d += k;
        off += k;
        n -= k;
    }
    if (n > 0)
        memcpy(d, log->tail + (off - log->file_len), n);
    return 0;
}

void ts_result_log_update(struct ts_result_log *log, uint64_t off, const struct ts_result *r)
{
    struct head h;
    const size_t n = sizeof(h) - CHANGED;

    memset(&h, 0, sizeof(h));
    h.baseline_state = (uint8_t)r->baseline_state;
    h.worse = (uint8_t)r->worse;
    h.waiver = r->waiver;
    if (off >= log->file_len) {
        memcpy(log->tail + (off - log->file_len) + CHANGED, (char *)&h + CHANGED, n);
        return;
    }
    if (ts_temp_file_write(log->fd, (char *)&h + CHANGED, n, off + CHANGED) < 0 && !log->read_errno)
        log->read_errno = errno ? errno : EIO;
}

void ts_result_reader_init(struct ts_result_reader *rd, struct ts_result_log *log)
{
    memset(rd, 0, sizeof(*rd));
    rd->log = log;
}

void ts_result_reader_release(struct ts_result_reader *rd)
{
    free(rd->win);
    free(rd->rec);
    free(rd->places);
    memset(rd, 0, sizeof(*rd));
}

/* Fills the window with the file from off. */
static int refill(struct ts_result_reader *rd, uint64_t off)
{
    struct ts_result_log *log = rd->log;
    size_t want = log->file_len - off < WINDOW ? (size_t)(log->file_len - off) : WINDOW;

    if (!rd->win)
        rd->win = ts_xmalloc(WINDOW);
    if (read_file(log, off, rd->win, want) < 0) {
        rd->win_len = 0;
        return -1;
    }
    rd->win_off = off;
    rd->win_len = want;
    return 0;
}

/* Copies n bytes of the log at off into dst. */
static int copy_out(struct ts_result_reader *rd, uint64_t off, char *dst, size_t n)
{
    struct ts_result_log *log = rd->log;

    while (n > 0) {
        size_t k;
        if (off >= log->file_len) {
            memcpy(dst, log->tail + (off - log->file_len), n);
            return 0;
        }
        if (off < rd->win_off || off >= rd->win_off + rd->win_len) {
            if (refill(rd, off) < 0)
                return -1;
        }
        k = (size_t)(rd->win_off + rd->win_len - off);
        if (k > n)
            k = n;
        memcpy(dst, rd->win + (off - rd->win_off), k);
        dst += k;
        off += k;
        n -= k;
    }
    return 0;
}

/* Points r's places into the record at p (the reader owns the array). */
static void get_places(struct ts_result_reader *rd, const char *p, struct ts_result *r)
{
    if (r->nevidence > rd->places_cap) {
        free(rd->places);
        rd->places_cap = r->nevidence;
        rd->places = ts_xmalloc(rd->places_cap * sizeof(*rd->places));
    }
    for (unsigned i = 0; i < r->nevidence; i++) {
        struct place pl;

        memcpy(&pl, p, sizeof(pl));
        p += sizeof(pl);
        rd->places[i].line = pl.line;
        rd->places[i].column = pl.column;
        rd->places[i].file = (char *)p;
        p += pl.len[0] + 1;
        rd->places[i].what = pl.has_what ? (char *)p : NULL;
        p += pl.has_what ? pl.len[1] + 1 : 0;
    }
    r->evidence = r->nevidence ? rd->places : NULL;
}

/* The n bytes of the log at off where they lie whole, in the tail or the
 * window (refilled from off if need be), or NULL: most records are read
 * there, not copied (a report reads every result several times). */
static char *in_place(struct ts_result_reader *rd, uint64_t off, size_t n)
{
    struct ts_result_log *log = rd->log;

    if (off >= log->file_len)
        return log->tail + (off - log->file_len);
    if (off + n > log->file_len || n > WINDOW)
        return NULL;
    if ((off < rd->win_off || off + n > rd->win_off + rd->win_len) && refill(rd, off) < 0)
        return NULL;
    return rd->win + (off - rd->win_off);
}

int ts_result_reader_next(struct ts_result_reader *rd, uint64_t *off, struct ts_result *r)
{
    char **texts[4] = {&r->resource, &r->region, &r->message, &r->fix};
    struct head h;
    char *p;

    if (rd->log->read_errno)
        return -1;
    /* The head where it lies (a window refilled for it holds most of the
     * record after it too), else copied across the window's end. */
    if ((p = in_place(rd, *off, sizeof(h))) != NULL)
        memcpy(&h, p, sizeof(h));
    else if (rd->log->read_errno || copy_out(rd, *off, (char *)&h, sizeof(h)) < 0)
        return -1;
    if ((p = in_place(rd, *off + sizeof(h), h.size - sizeof(h))) == NULL) {
        if (rd->log->read_errno)
            return -1;
        if (h.size > rd->rec_cap) {
            free(rd->rec);
            rd->rec_cap = h.size;
            rd->rec = ts_xmalloc(rd->rec_cap);
        }
        if (copy_out(rd, *off + sizeof(h), rd->rec, h.size - sizeof(h)) < 0)
            return -1;
        p = rd->rec;
    }
    *off += h.size;
    r->rule = h.rule;
    r->verdict = (enum ts_verdict)h.verdict;
    r->line = h.line;
    r->column = h.column;
    r->nevidence = h.nevidence;
    r->evidence_more = h.evidence_more;
    r->more = h.more;
    r->waiver = (size_t)h.waiver;
    r->baseline_state = h.baseline_state;
    r->worse = h.worse;
    for (int i = 0; i < 4; i++) {
        int present = i == 1 ? (h.present & 1) : i == 3 ? (h.present & 2) : 1;
        *texts[i] = present ? p : NULL;
        p += present ? h.len[i] + 1 : 0;
    }
    get_places(rd, p, r);
    return 0;
}

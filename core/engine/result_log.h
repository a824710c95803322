/* Results kept in a temporary file rather than in memory.
 *
 * An organisation's scan finds tens of thousands of results of a few
 * hundred bytes each (messages, fix commands).  Held in memory until the
 * reports were written, they made peak memory grow with the organisation:
 * about 580 bytes a finding, 49 MB for 1,000 accounts.  The engine appends
 * each account's results to a log when the account is done, and the
 * reports read them back in order, one at a time.
 *
 * A log is one byte sequence: a part in the file, then a tail in memory.
 * The tail moves to the file once it passes tail_limit bytes, so a small
 * scan never touches the disk.  The file is made in $TMPDIR (else /tmp)
 * and unlinked at once: nothing is left behind, whatever happens.  When no
 * file can be made or written (a read-only or full $TMPDIR), the log keeps
 * the rest in memory, which is what trailscan did before. */
#ifndef TS_RESULT_LOG_H
#define TS_RESULT_LOG_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

struct ts_result;
struct ts_place;

#define TS_RESULT_LOG_TAIL ((size_t)64 << 10)

/* What all the logs of one scan may hold together (1 GiB unless set), so
 * that a rule's flood of results cannot fill the disk: the logs of every
 * worker share one quota.  Past it, appends are refused and `over` is set;
 * the scan then writes no report (a report without some results would
 * mislead). */
#define TS_RESULT_LOG_MAX ((uint64_t)1 << 30)

struct ts_result_quota {
    uint64_t max;           /* bytes */
    _Atomic uint64_t used;
    atomic_int over;
};

void ts_result_quota_init(struct ts_result_quota *q, uint64_t max);

struct ts_result_log {
    int fd;                 /* the unlinked temporary file, or -1 */
    int file_errno;         /* why the file was given up, or 0 */
    int read_errno;         /* a failed read back, or 0 (reports check it) */
    uint64_t file_len;      /* bytes in the file */
    char *tail;             /* the bytes after file_len */
    size_t tail_len, tail_cap;
    size_t tail_limit;      /* TS_RESULT_LOG_TAIL; tests lower it */
    struct ts_result_quota *quota; /* shared, not owned; NULL: none */
};

void ts_result_log_init(struct ts_result_log *log);
/* Closes the file and frees the tail. */
void ts_result_log_release(struct ts_result_log *log);

/* Where the next record will go. */
uint64_t ts_result_log_size(const struct ts_result_log *log);

/* Appends a copy of r (its texts; not rule's or snapshot's meaning).
 * Returns 0, or -1 when the quota refuses it (nothing is stored). */
int ts_result_log_append(struct ts_result_log *log, const struct ts_result *r);

/* Appends n bytes of another kind of record (the account store's): the
 * results' readers never see them, as nothing points a reader there.
 * Returns 0, or -1 when the quota refuses them (nothing is stored). */
int ts_result_log_append_raw(struct ts_result_log *log, const void *p, size_t n);

/* Copies the n bytes at off into dst, from the file or the tail (they must
 * have been appended).  Returns 0, or -1 when the file cannot be read back
 * (log->read_errno says why). */
int ts_result_log_read_raw(struct ts_result_log *log, uint64_t off, void *dst, size_t n);

/* Stores again what is set after the scan (waiver, baseline state) for the
 * record at off, from r. */
void ts_result_log_update(struct ts_result_log *log, uint64_t off, const struct ts_result *r);

/* Reads records back, in order.  The texts of a result read point into the
 * reader and stay valid until its next read. */
struct ts_result_reader {
    struct ts_result_log *log;
    char *win;              /* a window on the file */
    uint64_t win_off;
    size_t win_len;
    char *rec;              /* the last record read, when it was not read in
                             * place (in the window or the log's tail) */
    size_t rec_cap;
    struct ts_place *places; /* the last record's evidence, into the record */
    unsigned places_cap;
};

void ts_result_reader_init(struct ts_result_reader *rd, struct ts_result_log *log);
void ts_result_reader_release(struct ts_result_reader *rd);

/* Reads the record at *off into r (rule, verdict, texts, position,
 * waiver, baseline state; not snapshot) and moves *off past it.  Returns
 * 0, or -1 when the file cannot be read back (log->read_errno says why). */
int ts_result_reader_next(struct ts_result_reader *rd, uint64_t *off, struct ts_result *r);

#endif

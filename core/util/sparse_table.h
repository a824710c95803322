/* A table of (key, value) strings sorted by key, written once, then looked
 * up from any number of threads at once.  Kept for a whole run, it keeps
 * its records in an unlinked temporary file (util/temp_file.h) and in
 * memory only every TS_SPARSE_EVERY-th key with where its block of
 * records starts: a few bytes a record, however many there are.  A lookup
 * binary-searches those keys and reads the one block that can hold its
 * key (one pread, into the lookup's own buffer: nothing shared changes).
 *
 * When no temporary file can be made or written (a read-only or full
 * $TMPDIR), the records stay in memory, the same bytes, and lookups find
 * them the same way. */
#ifndef TS_SPARSE_TABLE_H
#define TS_SPARSE_TABLE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

/* Records a block holds: the memory kept is about (key + 16 bytes) / 32 a
 * record, and a lookup reads at most 32 records (about 2.5 KB for AWS
 * bucket names and account ids). */
#define TS_SPARSE_EVERY 32

/* A block of records: where it starts among them, its first key in keys. */
struct ts_sparse_mark {
    uint64_t off;
    size_t key;
};

/* count is the number of records; the other fields are sparse_table.c's. */
struct ts_sparse_table {
    size_t count;
    int fd;                        /* the records' file, or -1 */
    char *mem;                     /* the records while they are added, and
                                      after ts_sparse_table_finish if no file
                                      could hold them */
    size_t len, cap;               /* bytes of the records; mem's room */
    char *keys;                    /* the marks' keys, each NUL-terminated */
    size_t keys_len, keys_cap;
    struct ts_sparse_mark *marks;
    size_t nmarks, marks_cap;
    int file_errno;                /* why no file holds the records, or 0 */
    atomic_int *read_errno;        /* the first failed read, or 0: a lookup
                                      sets it through a const table */
};

/* An empty table (allocates nothing). */
void ts_sparse_table_init(struct ts_sparse_table *t);
void ts_sparse_table_release(struct ts_sparse_table *t);

/* Appends a record.  Keys come in strictly increasing strcmp order; key
 * and value hold no NUL but their own. */
void ts_sparse_table_add(struct ts_sparse_table *t, const char *key, const char *value);

/* After the last record: they go to a temporary file made as
 * $TMPDIR/<prefix>XXXXXX (or stay in memory: ts_sparse_table_file_error
 * says why).  The table is looked up from then on, never added to. */
void ts_sparse_table_finish(struct ts_sparse_table *t, const char *prefix);

/* Finds key: its value copied into the caller's buf of size bytes (cut to
 * size - 1 bytes and NUL-terminated, as snprintf does; size 0 copies
 * nothing), its whole length in *len.  Returns 1, or 0 when the table has
 * no such key, or when its file could not be read (ts_sparse_table_error
 * then says why).  Safe from any number of threads at once. */
int ts_sparse_table_find(const struct ts_sparse_table *t, const char *key, char *buf,
                         size_t size, size_t *len);

/* The errno of the first lookup that could not read the file, or 0. */
int ts_sparse_table_error(const struct ts_sparse_table *t);

/* Why the records stayed in memory (errno of making or writing the file),
 * or 0: in a file, or none to keep. */
int ts_sparse_table_file_error(const struct ts_sparse_table *t);

#endif

#ifndef TS_FILE_READ_H
#define TS_FILE_READ_H

#include <stddef.h>
#include "util/error.h"

/* Largest snapshot we read: one account's logging configuration is far
 * smaller; anything bigger is almost certainly the wrong file. */
#define TS_MAX_SNAPSHOT_BYTES ((size_t)256 * 1024 * 1024)

/* Reads a whole regular file into a NUL-terminated buffer the caller frees.
 * Refuses directories, special files and files over max_bytes. */
int ts_file_read(const char *path, size_t max_bytes, char **out, size_t *len,
                 struct ts_error *err);

/* As ts_file_read, but path "-" is standard input: read whole on the first
 * call (up to max_bytes), and the same bytes again on every later one, from
 * any thread (a scan reads a snapshot more than once).  For inputs a user
 * names (`scan -`); the caller frees *out. */
int ts_file_read_input(const char *path, size_t max_bytes, char **out, size_t *len,
                       struct ts_error *err);

#endif

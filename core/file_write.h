/* Writing a whole file or nothing: a temporary file beside the target,
 * renamed over it only once complete. */
#ifndef TS_FILE_WRITE_H
#define TS_FILE_WRITE_H

#include <stddef.h>
#include "error.h"

/* Writes len bytes of data to path ("-" is stdout).  Returns 0, or -1 with
 * err naming the file; on failure nothing is left behind. */
int ts_file_write_atomic(const char *path, const char *data, size_t len,
                         struct ts_error *err);

#endif

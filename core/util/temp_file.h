/* Unlinked temporary files: room on disk for what would otherwise grow in
 * memory for a whole run (the results, the organisation's index).  The
 * file is unlinked the moment it is made, so nothing is left behind, even
 * when the process is killed; it lives as long as its descriptor. */
#ifndef TS_TEMP_FILE_H
#define TS_TEMP_FILE_H

#include <stddef.h>
#include <stdint.h>

/* A new empty file in $TMPDIR (else /tmp), made as <prefix>XXXXXX and
 * unlinked at once, close-on-exec (no child inherits it).  Returns its
 * descriptor (the caller closes it), or -1 with errno. */
int ts_temp_file(const char *prefix);

/* Writes the n bytes at p to fd at offset off, whatever pwrite takes at a
 * time.  Returns 0, or -1 with errno (ENOSPC when it writes nothing). */
int ts_temp_file_write(int fd, const void *p, size_t n, uint64_t off);

/* Reads exactly n bytes of fd at offset off into p, from any thread (no
 * shared position).  Returns 0, or -1 with errno (EIO when the file ends
 * first). */
int ts_temp_file_read(int fd, void *p, size_t n, uint64_t off);

#endif

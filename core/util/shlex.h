/* Splitting a command line into words the way Python's shlex.split does
 * (POSIX rules), which is how botocore turns a profile's
 * credential_process into the argument list it runs without a shell. */
#ifndef TS_SHLEX_H
#define TS_SHLEX_H

#include <stddef.h>

#include "util/error.h"

/* Words of s: blanks separate them; '...' keeps everything literally;
 * "..." keeps everything but a backslash before " or \; outside quotes a
 * backslash keeps the next character.  $, `, ; and | are ordinary
 * characters (no shell runs).  On success *argv is a NULL-terminated
 * array (free with ts_shlex_free) of *argc words.  Returns -1 with err
 * for an unclosed quote or a trailing backslash (never quoting s). */
int ts_shlex_split(const char *s, char ***argv, size_t *argc, struct ts_error *err);

void ts_shlex_free(char **argv);

#endif

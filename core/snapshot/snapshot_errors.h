/* The snapshot's `errors` member (DESIGN.md section 2): what the collector
 * could not read.  Its format is known here and in snapshot_check.c only;
 * the rest of trailscan takes these lines. */
#ifndef TS_SNAPSHOT_ERRORS_H
#define TS_SNAPSHOT_ERRORS_H

#include "snapshot/snapshot.h"

/* One line per `errors` entry, "region service Operation key: code:
 * message" (empty fields left out, control characters cleaned), in file
 * order.  Returns a NULL-terminated array the caller frees, each line and
 * the array (ts_snapshot_error_lines_free). */
char **ts_snapshot_error_lines(const struct ts_snapshot *s);
void ts_snapshot_error_lines_free(char **lines);

#endif

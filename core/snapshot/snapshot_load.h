/* Reading a snapshot: the file, json_doc's parse with positions (into the
 * snapshot's arena), then the format checks (snapshot_check.h). */
#ifndef TS_SNAPSHOT_LOAD_H
#define TS_SNAPSHOT_LOAD_H

#include <stddef.h>
#include "util/error.h"
#include "snapshot/snapshot.h"

/* Reads, parses and checks path.  Every problem goes to problems, each a
 * complete "file[:line:col]: what" message; returns -1 if there was any. */
int ts_snapshot_load(struct ts_snapshot *s, const char *path,
                     struct ts_problems *problems);

/* Same, from text already in memory (tests, fuzzing).  Copies text. */
int ts_snapshot_load_text(struct ts_snapshot *s, const char *path,
                          const char *text, size_t len,
                          struct ts_problems *problems);

#endif

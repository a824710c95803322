/* --fail-on LEVEL|never and --fail-on-new: whether a scan's findings fail
 * the run (exit status 1). */
#ifndef TS_FAIL_ON_H
#define TS_FAIL_ON_H

#include "engine/engine.h"
#include "engine/result.h"

/* Reads a --fail-on value ("never", "note", "warning", "error") into
 * *level and *never.  Returns -1 for any other. */
int ts_fail_on_parse(const char *v, enum ts_level *level, int *never);

/* 1 if a result counts against --fail-on: a level at or above `level`
 * (never with `never`), waived results never, and with only_new
 * (--fail-on-new) only new or worsened ones. */
int ts_fail_on_reached(const struct ts_engine *e, enum ts_level level, int never,
                       int only_new);

#endif

/* Reports of an engine's results.  One writer per format, each in its own
 * report_<format>.c. */
#ifndef TS_REPORT_H
#define TS_REPORT_H

#include <stdio.h>
#include "engine.h"

/* SARIF levels, in increasing order (--fail-on compares them). */
enum ts_level { TS_LEVEL_NONE, TS_LEVEL_NOTE, TS_LEVEL_WARNING, TS_LEVEL_ERROR };

const char *ts_level_name(enum ts_level l);
/* fail: from the rule's severity; review: note; pass: none. */
enum ts_level ts_result_level(const struct ts_engine *e, const struct ts_result *r);

struct ts_report_opts {
    int include_passes;
    int color;
};

int ts_report_text(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o);

/* Writes via writer into path atomically: a temporary file beside it,
 * renamed into place only when complete.  On failure nothing is left. */
int ts_report_write_file(const char *path,
                         int (*writer)(FILE *, const struct ts_engine *,
                                       const struct ts_report_opts *),
                         const struct ts_engine *e, const struct ts_report_opts *o,
                         struct ts_error *err);

#endif

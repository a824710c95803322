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
    const char *base_uri;   /* folder URIs are relative to; NULL: the working directory */
    int argc;               /* the command line, for SARIF's invocation */
    char **argv;
    int exit_code;
};

int ts_report_text(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o);
int ts_report_sarif(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o);
int ts_report_json(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o);
int ts_report_markdown(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o);

/* A relative URI for path: relative to base (or the working directory),
 * with "../" as needed, percent-encoded.  Caller frees. */
char *ts_report_uri(const char *path, const char *base);

/* The same relative path, not encoded.  Caller frees. */
char *ts_report_relpath(const char *path, const char *base);

/* Warns on stderr when text would pass GitHub's 10 MB gzipped upload limit. */
void ts_report_gzip_warning(const char *text, size_t len);

/* The one-line fix hint of a rule: the first line of its AWS CLI
 * remediation, else of its remediation text.  Caller frees. */
char *ts_report_fix_hint(const struct ts_rule *r);

/* Writes via writer into path atomically: a temporary file beside it,
 * renamed into place only when complete.  On failure nothing is left. */
int ts_report_write_file(const char *path,
                         int (*writer)(FILE *, const struct ts_engine *,
                                       const struct ts_report_opts *),
                         const struct ts_engine *e, const struct ts_report_opts *o,
                         struct ts_error *err);

#endif

/* Reports of an engine's results.  One writer per format, each in its own
 * report_<format>.c. */
#ifndef TS_REPORT_H
#define TS_REPORT_H

#include <stdio.h>
#include "engine/engine.h"
#include "snapshot/org_manifest.h"
#include "util/strlist.h"

struct ts_config;
struct ts_baseline;
struct ts_compliance;

/* An input a --keep-going run left out, where its first problem is. */
struct ts_skipped {
    char *file;             /* as named on the command line; NULL if unknown */
    unsigned line, column;  /* 0 when the problem has no position */
    char *message;          /* the problem, without the file's name */
};

/* One skipped input per file named in problems (input names: files, then
 * the command line's args), at its first problem; the count of the others
 * is added to its message in lang (the problem itself stays as the input
 * check wrote it).  Returns how many; *out is freed by ts_skipped_free. */
size_t ts_skipped_from_problems(const struct ts_problems *problems,
                                const struct ts_strlist *files, char *const *args,
                                size_t nargs, enum ts_lang lang, struct ts_skipped **out);
void ts_skipped_free(struct ts_skipped *sk, size_t n);

struct ts_report_opts {
    int include_passes;
    int color;
    const char *base_uri;   /* folder URIs are relative to; NULL: the working directory */
    int argc;               /* the command line, for SARIF's invocation */
    char **argv;
    int exit_code;
    /* --config: waivers (results carry ts_result.waiver), or NULL */
    const struct ts_config *config;
    long today;             /* the day waivers were judged on (days since 1970) */
    int include_waived;     /* SARIF: keep waived results, with suppressions */
    /* --baseline: results carry ts_result.baseline_state; absent ones are
     * in the baseline.  Or NULL. */
    const struct ts_baseline *baseline;
    /* --keep-going: the inputs left out (the run is incomplete), or none */
    const struct ts_skipped *skipped;
    size_t nskipped;
    /* Accounts an organisation's manifest lists that no snapshot judged
     * (failed, skipped, missing: org_manifest.h), or none */
    const struct ts_org_account *const *unjudged;
    size_t nunjudged;
    /* --compliance: the frameworks' controls and their status
     * (report_compliance.h), or NULL */
    const struct ts_compliance *compliance;
    /* --verbose: every result of an organisation's text report, by account */
    int verbose;
    /* The snapshots the scan was given (judged or not): past
     * TS_REPORT_MANY_ACCOUNTS of them, or of accounts, the text report is
     * an organisation's summary (its results may be brief:
     * ts_engine_opts.brief). */
    size_t ninputs;
};

/* Whether a report lists r: failures and reviews, passes only when asked
 * (--include-passes). */
int ts_report_shows(const struct ts_result *r, const struct ts_report_opts *o);

/* Counts of what a report shows: waived results apart from the others. */
struct ts_report_counts {
    size_t verdicts[3];     /* by ts_verdict, waived ones left out; passes
                               include the dropped ones */
    size_t by_level[4];     /* failures not waived, by level */
    size_t waived;          /* fail or review results a waiver covers */
    size_t expired, stale;  /* waivers */
};

void ts_report_count(const struct ts_engine *e, const struct ts_report_opts *o,
                     struct ts_report_counts *c);
/* The same in parts, for a writer that reads every result anyway: start,
 * then add each result (the log is read once, not once more to count). */
void ts_report_count_start(const struct ts_engine *e, const struct ts_report_opts *o,
                           struct ts_report_counts *c);
void ts_report_count_add(const struct ts_engine *e, struct ts_report_counts *c,
                         const struct ts_result *r);

int ts_report_text(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o);
int ts_report_sarif(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o);
int ts_report_json(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o);
int ts_report_markdown(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o);
int ts_report_codequality(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o);

/* An account as reports name it: "ID", or "ID (NAME)" when its name is
 * known (name may be NULL; then id is returned).  Else written into buf. */
#define TS_REPORT_LABEL_MAX 320
const char *ts_report_account_label(const char *id, const char *name, char *buf, size_t n);
/* The same with the account's snapshot: "id (name) (file)", in Japanese
 * in one parenthesis "id (name、file)"; into buf (n bytes). */
const char *ts_report_account_in_file(enum ts_lang lang, const struct ts_account *a, char *buf,
                                     size_t n);

/* How many of the accounts not judged are gaps (failed, missing): the
 * run is incomplete.  Skipped accounts are not. */
size_t ts_report_gaps(const struct ts_report_opts *o);
/* 0 when an input was left out (--keep-going) or an account is a gap. */
int ts_report_complete(const struct ts_report_opts *o);

/* A relative URI for path: relative to base (or the working directory),
 * with "../" as needed, percent-encoded.  Caller frees. */
char *ts_report_uri(const char *path, const char *base);

/* The same relative path, not encoded.  Caller frees. */
char *ts_report_relpath(const char *path, const char *base);

/* Warns on stderr when a SARIF file of gz_size bytes compressed would pass
 * GitHub's 10 MB gzipped upload limit. */
void ts_report_gzip_warning(size_t gz_size);

/* The one-line fix hint of a rule: the first line of its AWS CLI
 * remediation, else of its remediation text, whole.  Caller frees. */
char *ts_report_fix_hint(const struct ts_rule *r);

#endif

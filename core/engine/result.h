/* The vocabulary of a result, one place for each decision: what a rule and
 * a result are, the names of verdicts and severities, a result's SARIF
 * level, its fingerprint, and its message cut to the length reports (and
 * baselines read back) carry. */
#ifndef TS_RESULT_H
#define TS_RESULT_H

#include <stddef.h>
#include "util/lang.h"

enum ts_verdict { TS_FAIL, TS_PASS, TS_REVIEW };

enum ts_severity { TS_SEV_INFO, TS_SEV_LOW, TS_SEV_MEDIUM, TS_SEV_HIGH, TS_SEV_CRITICAL };

/* A rule's metadata, copied out of its Lua table when it loads
 * (rule_meta.c). */
struct ts_rule {
    char *file;
    char *root;             /* the rules folder it was loaded from (for require) */
    char *id, *name, *title, *description;
    enum ts_severity severity;
    char *remediation;      /* console / AWS CLI / Terraform, as text */
    char *fix_console, *fix_cli, *fix_terraform; /* the parts, or NULL */
    char **references;      /* NULL-terminated */
    char **compliance;      /* "framework control" pairs, NULL-terminated */
    enum ts_lang texts_lang; /* what title ... remediation are written in */
    int check_ref, params_ref; /* registry references */
    int defaults_ref;       /* params as the rule declares them */
    /* Cost over the scan, for --profile: */
    long long instructions; /* Lua instructions and charged library work */
    double seconds;
};

/* A place in a snapshot that decided a result (the organisation view):
 * the file, the line and column of the object there, and what it is
 * ("organisation trail"), or NULL (the owner's snapshot). */
struct ts_place {
    char *file, *what;
    unsigned line, column;
};

/* Places a result keeps; past them it counts (evidence_more). */
#define TS_RESULT_MAX_PLACES 8

/* One finding of one rule on one account. */
struct ts_result {
    size_t rule, snapshot;  /* indexes into the engine's rules and accounts */
    enum ts_verdict verdict;
    char *resource, *region, *message;
    char *fix;              /* the remediation for this resource, or NULL */
    unsigned line, column;  /* of the judged node in the snapshot file */
    /* Evidence in other places (the organisation view): nevidence places,
     * and how many more the rule gave past TS_RESULT_MAX_PLACES. */
    struct ts_place *evidence;
    unsigned nevidence, evidence_more;
    /* How many more results like it it stands for: brief results
     * (ts_engine_opts.brief) of one rule, verdict and account are counted
     * and kept as one; results.h hands it out 1 + more times. */
    size_t more;
    /* Set after the scan (waiver.c, baseline.c); 0 when not used: */
    size_t waiver;          /* 1 + index of the config waiver covering it, or 0 */
    int baseline_state;     /* enum ts_baseline_state */
    int worse;              /* updated since the baseline to a higher level */
};

const char *ts_verdict_name(enum ts_verdict v);

/* What place p is, for reports: its `what` or "the owner's snapshot". */
const char *ts_place_what(const struct ts_place *p);
/* A copy of n places (NULL for none), and freeing one. */
struct ts_place *ts_places_copy(const struct ts_place *p, unsigned n);
void ts_places_free(struct ts_place *p, unsigned n);
/* A result that owns its texts (the engine's, a copy) holds them in one
 * allocation, which resource heads: one malloc and one free per result,
 * not four.  ts_result_set_texts gives r copies of the texts (region and
 * fix may be NULL, resource never) that way; ts_result_free_texts frees
 * them. */
void ts_result_set_texts(struct ts_result *r, const char *resource, const char *region,
                         const char *message, const char *fix);
void ts_result_free_texts(struct ts_result *r);
/* A copy of a result that owns its texts and places (reports that keep
 * rows past the result log's iteration), and freeing one. */
void ts_result_copy(struct ts_result *dst, const struct ts_result *src);
void ts_result_copy_release(struct ts_result *r);
const char *ts_severity_name(enum ts_severity s);
/* The severity named name ("info" ... "critical"), or -1. */
int ts_severity_from_name(const char *name);

/* SARIF levels, in increasing order (--fail-on compares them). */
enum ts_level { TS_LEVEL_NONE, TS_LEVEL_NOTE, TS_LEVEL_WARNING, TS_LEVEL_ERROR };

const char *ts_level_name(enum ts_level l);
/* A failure's level by its rule's severity: error for critical and high,
 * warning for medium, note for low and info. */
enum ts_level ts_severity_level(enum ts_severity s);
/* fail: from its rule's severity; review: note; pass: none. */
enum ts_level ts_result_level(const struct ts_rule *rule, const struct ts_result *r);

/* SARIF's partialFingerprints value: SHA-256 of rule id, account, region
 * and resource, so reformatting or reordering a snapshot changes nothing. */
void ts_result_fingerprint(const struct ts_rule *rule, const char *account_id,
                           const struct ts_result *r, char out[65]);

/* The result's message as SARIF carries it (with its fix, labelled in lang,
 * cut to SARIF's 1024-byte texts).  Caller frees. */
char *ts_result_sarif_message(const struct ts_result *r, enum ts_lang lang);

/* Copy of s cut to at most max bytes on a UTF-8 boundary, "..." marking a
 * cut.  Caller frees. */
char *ts_result_cut(const char *s, size_t max);

#define TS_RESULT_MAX_TEXT 1024

#endif

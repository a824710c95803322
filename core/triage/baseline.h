/* --baseline OLD.sarif: each result's baselineState against an earlier
 * SARIF file, matched by the partialFingerprints trailscan writes
 * (`trailscanResource/v1`: rule, account, region, resource). */
#ifndef TS_BASELINE_H
#define TS_BASELINE_H

#include <stddef.h>
#include "engine/engine.h"
#include "util/error.h"
#include "json/json_doc.h"

enum ts_baseline_state {
    TS_BASELINE_NONE,       /* no baseline given */
    TS_BASELINE_NEW,        /* not in the baseline */
    TS_BASELINE_UNCHANGED,  /* same fingerprint, kind, level and message */
    TS_BASELINE_UPDATED,    /* same fingerprint; kind, level or message changed */
    TS_BASELINE_ABSENT      /* in the baseline, not found now */
};

/* SARIF's name of a state ("new", ...); "" for NONE. */
const char *ts_baseline_state_name(int state);

#define TS_BASELINE_FINGERPRINT "trailscanResource/v1"

/* One result of the old file. */
struct ts_baseline_result {
    const cJSON *node;          /* the result object in the old file */
    const char *fingerprint, *rule_id, *kind, *level, *message;
    const char *account, *region, *resource; /* from properties, or NULL */
    int finding;                /* kind fail or review; 0: pass (and others) */
    int matched;                /* a result of this scan has its fingerprint */
    int absent;                 /* to be reported as absent (set by apply) */
};

struct ts_baseline {
    struct ts_json_doc doc;
    struct ts_baseline_result *results; /* sorted by (finding, fingerprint) */
    size_t nresults;
    size_t counts[5];           /* results of this scan (and absent ones) by state */
    /* The language of its trailscan runs (SARIF run.language; absent:
     * English).  Another language than the scan's: messages are not
     * compared (a scan in Japanese against an English baseline would see
     * every result updated). */
    enum ts_lang lang;
};

void ts_baseline_init(struct ts_baseline *b);
void ts_baseline_release(struct ts_baseline *b);

/* Reads a SARIF 2.1.0 file.  Runs of other tools are ignored; a trailscan
 * result without the fingerprint is a problem (file:line:col).  Returns -1
 * if there was any problem. */
int ts_baseline_load(struct ts_baseline *b, const char *path, struct ts_problems *problems);

/* Sets each result's baseline_state and marks the old results that are
 * absent now: only where the same rule ran on the same account without
 * failing (a scan of fewer accounts or rules fixes nothing), and old passes
 * only with include_passes. */
void ts_baseline_apply(struct ts_baseline *b, struct ts_engine *e, int include_passes);

/* 1 if b's messages are compared with e's: both in one language. */
int ts_baseline_compares_messages(const struct ts_baseline *b, const struct ts_engine *e);

/* 1 if a result of the scan is new, or updated to a higher level: what
 * --fail-on-new counts. */
int ts_baseline_counts_as_new(const struct ts_result *r);

#endif

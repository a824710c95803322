/* The vocabulary of a result, one place for each decision: the names of
 * verdicts and severities, a result's SARIF level, its fingerprint, and its
 * message cut to the length reports (and baselines read back) carry. */
#ifndef TS_RESULT_H
#define TS_RESULT_H

#include <stddef.h>
#include "engine/engine.h"

const char *ts_verdict_name(enum ts_verdict v);
const char *ts_severity_name(enum ts_severity s);
/* The severity named name ("info" ... "critical"), or -1. */
int ts_severity_from_name(const char *name);

/* SARIF levels, in increasing order (--fail-on compares them). */
enum ts_level { TS_LEVEL_NONE, TS_LEVEL_NOTE, TS_LEVEL_WARNING, TS_LEVEL_ERROR };

const char *ts_level_name(enum ts_level l);
/* A failure's level by its rule's severity: error for critical and high,
 * warning for medium, note for low and info. */
enum ts_level ts_severity_level(enum ts_severity s);
/* fail: from the rule's severity; review: note; pass: none. */
enum ts_level ts_result_level(const struct ts_engine *e, const struct ts_result *r);

/* SARIF's partialFingerprints value: SHA-256 of rule id, account, region
 * and resource, so reformatting or reordering a snapshot changes nothing. */
void ts_result_fingerprint(const struct ts_engine *e, const struct ts_result *r,
                           char out[65]);

/* The result's message as SARIF carries it (with its fix, cut to SARIF's
 * 1024-byte texts).  Caller frees. */
char *ts_result_sarif_message(const struct ts_engine *e, const struct ts_result *r);

/* Copy of s cut to at most max bytes on a UTF-8 boundary, "..." marking a
 * cut.  Caller frees. */
char *ts_result_cut(const char *s, size_t max);

#define TS_RESULT_MAX_TEXT 1024

#endif

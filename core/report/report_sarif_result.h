/* One SARIF result, written value by value into the streamed results array
 * (json_print.h's writer): the same bytes as the cJSON tree it replaced,
 * at a fraction of the cost for a report of tens of thousands. */
#ifndef TS_REPORT_SARIF_RESULT_H
#define TS_REPORT_SARIF_RESULT_H

#include "json/json_print.h"
#include "engine/engine.h"
#include "report/report.h"
#include "util/name_index.h"

/* GitHub code scanning's limits on an id and on a text. */
#define TS_SARIF_MAX_ID 255
#define TS_SARIF_MAX_TEXT TS_RESULT_MAX_TEXT

/* The run's artifacts, one per account: its URI, and which account's
 * file a place of evidence is in (found without reading every account's
 * record back: account_store.h). */
struct ts_sarif_artifacts {
    char **uris;                   /* by account */
    struct ts_name_index by_file;  /* set, then sorted (ts_name_index_sort) */
    size_t n;
};

/* Room for e's accounts; ts_sarif_artifacts_set then sets each. */
void ts_sarif_artifacts_init(struct ts_sarif_artifacts *arts, const struct ts_engine *e);
/* Account a's: its file, and the URI made of it (taken). */
void ts_sarif_artifacts_set(struct ts_sarif_artifacts *arts, size_t a, const char *file,
                            char *uri);
void ts_sarif_artifacts_release(struct ts_sarif_artifacts *arts);

/* Writes result r into the run of arts; its waiver's suppression when it
 * has one, its baseline state when o has a baseline. */
void ts_sarif_write_result(struct ts_json_w *w, const struct ts_engine *e,
                           const struct ts_result *r, const struct ts_sarif_artifacts *arts,
                           const struct ts_report_opts *o);

#endif

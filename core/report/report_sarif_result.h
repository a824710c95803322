/* One SARIF result, written value by value into the streamed results array
 * (json_print.h's writer): the same bytes as the cJSON tree it replaced,
 * at a fraction of the cost for a report of tens of thousands. */
#ifndef TS_REPORT_SARIF_RESULT_H
#define TS_REPORT_SARIF_RESULT_H

#include "json/json_print.h"
#include "engine/engine.h"
#include "report/report.h"

/* GitHub code scanning's limits on an id and on a text. */
#define TS_SARIF_MAX_ID 255
#define TS_SARIF_MAX_TEXT TS_RESULT_MAX_TEXT

/* Writes result r: uris[a] is account a's artifact URI; its waiver's
 * suppression when it has one, its baseline state when o has a baseline. */
void ts_sarif_write_result(struct ts_json_w *w, const struct ts_engine *e,
                           const struct ts_result *r, const char *const *uris,
                           const struct ts_report_opts *o);

#endif

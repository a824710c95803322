/* The CSV report (README, "CSV report"): one row per result, for
 * spreadsheets. */
#ifndef TS_REPORT_CSV_H
#define TS_REPORT_CSV_H

#include "report/report.h"

int ts_report_csv(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o);

#endif

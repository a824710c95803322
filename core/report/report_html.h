/* The HTML report (README, "HTML report"): one self-contained page for
 * people -- an overview first, then a collapsible section per account. */
#ifndef TS_REPORT_HTML_H
#define TS_REPORT_HTML_H

#include "report/report.h"

int ts_report_html(FILE *out, const struct ts_engine *e, const struct ts_report_opts *o);

#endif

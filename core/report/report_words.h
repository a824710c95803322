/* The words reports write around the rules' texts (verdicts, headings,
 * labels) in the scan's language. */
#ifndef TS_REPORT_WORDS_H
#define TS_REPORT_WORDS_H

#include <stddef.h>
#include "engine/result.h"
#include "util/lang.h"

/* The English word or heading en in lang: en itself for English, else its
 * translation (en again if it has none: never NULL). */
const char *ts_word(enum ts_lang lang, const char *en);

/* A verdict as people read it: "fail" ... in English, 不合格, 合格, 要確認. */
const char *ts_word_verdict(enum ts_lang lang, enum ts_verdict v);

/* A timestamp of the data (RFC 3339, "2026-12-06T09:30:00Z") as prose:
 * itself in English; in Japanese "2026年12月6日 09:30 UTC" (the time only
 * when it is UTC, "2026年12月6日" with time 0 given).  Anything that is not
 * such a timestamp is copied as it is.  Written into buf, returned. */
#define TS_WORD_DATE_MAX 96
const char *ts_word_date(enum ts_lang lang, const char *at, int time, char *buf, size_t n);

#endif

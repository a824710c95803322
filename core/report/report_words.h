/* The words reports write around the rules' texts (verdicts, headings,
 * labels) in the scan's language. */
#ifndef TS_REPORT_WORDS_H
#define TS_REPORT_WORDS_H

#include "engine/result.h"
#include "util/lang.h"

/* The English word or heading en in lang: en itself for English, else its
 * translation (en again if it has none: never NULL). */
const char *ts_word(enum ts_lang lang, const char *en);

/* A verdict as people read it: "fail" ... in English, 不合格, 合格, 要確認. */
const char *ts_word_verdict(enum ts_lang lang, enum ts_verdict v);

#endif

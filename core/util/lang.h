/* The language reports and rule texts are written in (--lang): English, or
 * Japanese.  A choice of the user's, never of the data's. */
#ifndef TS_LANG_H
#define TS_LANG_H

enum ts_lang { TS_LANG_EN, TS_LANG_JA };

/* The language named name ("en", "ja"), or -1. */
int ts_lang_parse(const char *name);

/* "en" or "ja": what JSON and SARIF record, and rules see as trailscan.lang. */
const char *ts_lang_name(enum ts_lang lang);

/* The default: TRAILSCAN_LANG if set (an unknown name is an error: -1 with
 * *bad naming the variable), else the first of LC_ALL, LC_MESSAGES, LANG
 * that is set naming Japanese ("ja", "ja_JP.UTF-8"), else English. */
int ts_lang_default(const char **bad);

#endif

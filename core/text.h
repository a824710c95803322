/* Text from rules, made safe to print and to put in reports. */
#ifndef TS_TEXT_H
#define TS_TEXT_H

#include <stddef.h>

/* Copy of s with invalid UTF-8 ('?') and control characters other than
 * newline and tab (' ') replaced, at most max bytes, cut on a character
 * boundary.  Caller frees. */
char *ts_clean_text(const char *s, size_t len, size_t max);

/* Same, on one line: newlines and tabs become spaces too, at most 4 KiB. */
char *ts_clean_line(const char *s, size_t len);

#endif

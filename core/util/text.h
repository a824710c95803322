/* Text from rules, snapshots and other files, made safe to print and to
 * put in reports. */
#ifndef TS_TEXT_H
#define TS_TEXT_H

#include <stddef.h>
#include <stdio.h>

/* Copy of s with invalid UTF-8 ('?') and control characters other than
 * newline and tab (' ') replaced, at most max bytes, cut on a character
 * boundary.  Caller frees. */
char *ts_clean_text(const char *s, size_t len, size_t max);

/* Same, but control characters other than NUL are kept: for texts every
 * writer escapes (a rule's results: the text report shows ESC as \x1b). */
char *ts_clean_keep_controls(const char *s, size_t len, size_t max);

/* ts_clean_text on one line: newlines, tabs, C1 controls and the characters
 * ts_text_escape_at shows as \uHHHH become spaces too, at most 4 KiB. */
char *ts_clean_line(const char *s, size_t len);

/* Showing text on a terminal or in a one-line-per-item report, as jq and
 * git do: every character a terminal or viewer would act on is written as
 * an escape instead.  Control characters become \n, \r, \t or \xHH (ESC is
 * \x1b), C1 controls and the Unicode line separators and bidirectional
 * overrides \uHHHH, bytes that are not UTF-8 \xHH.  Everything else,
 * backslashes included, is written as it is, so ordinary text is unchanged
 * (and commands stay copyable).  NULL is written as nothing. */

/* Bytes of the character at s (1 for a byte that is not UTF-8) in *n, and
 * its escape in esc (NUL-terminated), or "" if it is written as it is. */
void ts_text_escape_at(const char *s, size_t avail, size_t *n, char esc[8]);

/* 1 if s has nothing to escape (the usual case, checked quickly). */
int ts_text_is_plain(const char *s);

/* Writes s, escaped. */
void ts_text_put(FILE *out, const char *s);

/* Writes s, escaped, but keeps its line breaks and tabs: for texts that are
 * meant to have several lines (a rule's description). */
void ts_text_put_lines(FILE *out, const char *s);

/* s escaped, in a new string.  Caller frees. */
char *ts_text_visible(const char *s);

#endif

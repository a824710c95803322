/* The columns a text takes on a terminal: East Asian wide and fullwidth
 * characters (Japanese kana and kanji, fullwidth punctuation) take two,
 * combining marks none, everything else one.  For aligning the text
 * report's columns, which byte counts would break for Japanese. */
#ifndef TS_TEXT_WIDTH_H
#define TS_TEXT_WIDTH_H

#include <stddef.h>

/* Columns of the UTF-8 text s (a byte that is not UTF-8 takes one). */
size_t ts_text_width(const char *s);

/* Columns of one code point. */
int ts_char_width(unsigned long cp);

#endif

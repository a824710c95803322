/* UTF-8 sequences, shared by the JSON position scanner and the text
 * cleaners.  Inline: the scanner calls it once per character of every
 * snapshot. */
#ifndef TS_UTF8_H
#define TS_UTF8_H

#include <stddef.h>

/* Length of the UTF-8 sequence starting at s (0 if invalid), per RFC 3629:
 * no overlong forms, no surrogates, nothing above U+10FFFF. */
static inline size_t ts_utf8_seq_len(const unsigned char *s, size_t avail)
{
    unsigned char c = s[0];
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF;

    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    if (avail < n)
        return 0;
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return n;
}

#endif

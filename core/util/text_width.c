#include "util/text_width.h"

#include <string.h>
#include "util/utf8.h"

/* Ranges of code points, first and last. */
struct range {
    unsigned long first, last;
};

/* East_Asian_Width W and F (Unicode 15, UAX #11), merged into the blocks
 * a report's text can hold: Hangul Jamo, CJK punctuation, kana, CJK
 * ideographs, Hangul syllables, compatibility forms, fullwidth forms,
 * emoji and the supplementary ideographic planes. */
static const struct range wide[] = {
    {0x1100, 0x115F}, {0x231A, 0x231B}, {0x2329, 0x232A}, {0x23E9, 0x23EC},
    {0x23F0, 0x23F0}, {0x23F3, 0x23F3}, {0x25FD, 0x25FE}, {0x2614, 0x2615},
    {0x2648, 0x2653}, {0x267F, 0x267F}, {0x2693, 0x2693}, {0x26A1, 0x26A1},
    {0x26AA, 0x26AB}, {0x26BD, 0x26BE}, {0x26C4, 0x26C5}, {0x26CE, 0x26CE},
    {0x26D4, 0x26D4}, {0x26EA, 0x26EA}, {0x26F2, 0x26F3}, {0x26F5, 0x26F5},
    {0x26FA, 0x26FA}, {0x26FD, 0x26FD}, {0x2705, 0x2705}, {0x270A, 0x270B},
    {0x2728, 0x2728}, {0x274C, 0x274C}, {0x274E, 0x274E}, {0x2753, 0x2755},
    {0x2757, 0x2757}, {0x2795, 0x2797}, {0x27B0, 0x27B0}, {0x27BF, 0x27BF},
    {0x2B1B, 0x2B1C}, {0x2B50, 0x2B50}, {0x2B55, 0x2B55}, {0x2E80, 0x303E},
    {0x3041, 0x33FF}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xA000, 0xA4CF},
    {0xA960, 0xA97F}, {0xAC00, 0xD7A3}, {0xF900, 0xFAFF}, {0xFE10, 0xFE19},
    {0xFE30, 0xFE6F}, {0xFF00, 0xFF60}, {0xFFE0, 0xFFE6}, {0x16FE0, 0x16FE4},
    {0x17000, 0x18CFF}, {0x1B000, 0x1B2FF}, {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF},
    {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F251}, {0x1F300, 0x1F64F},
    {0x1F680, 0x1F6FF}, {0x1F900, 0x1F9FF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

/* Combining marks that take no column of their own (the common blocks). */
static const struct range zero[] = {
    {0x0300, 0x036F}, {0x200B, 0x200F}, {0x20D0, 0x20FF}, {0x3099, 0x309A},
    {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F},
};

static int in(const struct range *r, size_t n, unsigned long cp)
{
    size_t lo = 0, hi = n;

    while (lo < hi) { /* the ranges are sorted and disjoint */
        size_t mid = lo + (hi - lo) / 2;
        if (cp < r[mid].first)
            hi = mid;
        else if (cp > r[mid].last)
            lo = mid + 1;
        else
            return 1;
    }
    return 0;
}

int ts_char_width(unsigned long cp)
{
    if (cp < 0x300)
        return 1;
    if (in(zero, sizeof(zero) / sizeof(zero[0]), cp))
        return 0;
    return in(wide, sizeof(wide) / sizeof(wide[0]), cp) ? 2 : 1;
}

size_t ts_text_width(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s), cols = 0;

    for (size_t i = 0; i < len;) {
        size_t n = ts_utf8_seq_len(p + i, len - i);
        unsigned long cp;
        if (n <= 1) { /* ASCII, or a byte that is not UTF-8 */
            cols++;
            i++;
            continue;
        }
        cp = p[i] & (0xFFu >> (n + 1));
        for (size_t k = 1; k < n; k++)
            cp = (cp << 6) | (p[i + k] & 0x3Fu);
        cols += (size_t)ts_char_width(cp);
        i += n;
    }
    return cols;
}

#include "text.h"

#include <string.h>
#include "error.h"
#include "json_pos.h"

static char *clean(const char *s, size_t len, size_t max, int keep_breaks)
{
    char *out = ts_xmalloc((len < max ? len : max) + 1);
    size_t i = 0, o = 0;

    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        size_t n = ts_utf8_seq_len((const unsigned char *)s + i, len - i);
        int ctrl = c < 0x20 || c == 0x7F;
        if (n == 0 || (ctrl && !(keep_breaks && (c == '\n' || c == '\t')))) {
            if (o + 1 > max)
                break;
            out[o++] = n == 0 ? '?' : ' ';
            i += n ? n : 1;
            continue;
        }
        if (o + n > max)
            break;
        memcpy(out + o, s + i, n);
        o += n;
        i += n;
    }
    out[o] = '\0';
    return out;
}

char *ts_clean_text(const char *s, size_t len, size_t max)
{
    return clean(s, len, max, 1);
}

char *ts_clean_line(const char *s, size_t len)
{
    return clean(s, len, 4096, 0);
}

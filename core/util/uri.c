#include "util/uri.h"

#include <string.h>

static int kept(unsigned char c, const char *keep)
{
    /* strchr finds the terminator too: a NUL byte is never kept. */
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '.' || c == '_' || c == '~' || (c && strchr(keep, c));
}

int ts_uri_encode(char *out, size_t cap, const char *s, size_t n, const char *keep,
                  size_t *len)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t o = 0;

    if (cap == 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int plain = kept(c, keep);
        if (o + (plain ? 1 : 3) >= cap) {
            out[o] = '\0';
            return -1;
        }
        if (plain) {
            out[o++] = (char)c;
        } else {
            out[o++] = '%';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
        }
    }
    out[o] = '\0';
    if (len)
        *len = o;
    return 0;
}

#include "util/text.h"

#include <string.h>
#include "util/error.h"
#include "util/utf8.h"

/* Code points shown escaped beyond the C0 controls: C1 controls (a
 * terminal may take U+009B as CSI), line and paragraph separators, and the
 * bidirectional embeddings, overrides and isolates, which reorder what is
 * shown ("Trojan Source"). */
static int hidden_code_point(unsigned long cp)
{
    return (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029
           || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* The code point of the valid 2- or 3-byte sequence at u. */
static unsigned long code_point(const unsigned char *u, size_t n)
{
    return n == 2 ? ((u[0] & 0x1Ful) << 6) | (u[1] & 0x3Fu)
                  : ((u[0] & 0x0Ful) << 12) | ((u[1] & 0x3Ful) << 6) | (u[2] & 0x3Fu);
}

/* keep_breaks: 0 on one line, 1 newlines and tabs kept, 2 every control
 * character but NUL kept (their writers escape them). */
static char *clean(const char *s, size_t len, size_t max, int keep_breaks)
{
    char *out = ts_xmalloc((len < max ? len : max) + 1);
    size_t i = 0, o = 0;

    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        size_t n = ts_utf8_seq_len((const unsigned char *)s + i, len - i);
        int ctrl = keep_breaks == 2 ? c == 0 : c < 0x20 || c == 0x7F;
        /* On one line, what a terminal acts on goes too (C1, bidi). */
        if (!keep_breaks && (n == 2 || n == 3)
            && hidden_code_point(code_point((const unsigned char *)s + i, n)))
            ctrl = 1;
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

char *ts_clean_keep_controls(const char *s, size_t len, size_t max)
{
    return clean(s, len, max, 2);
}

char *ts_clean_line(const char *s, size_t len)
{
    return clean(s, len, 4096, 0);
}

void ts_text_escape_at(const char *s, size_t avail, size_t *n, char esc[8])
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s;
    unsigned long cp;

    esc[0] = '\0';
    *n = ts_utf8_seq_len(u, avail);
    if (*n == 1 && u[0] >= 0x20 && u[0] != 0x7F)
        return;
    if (*n == 0 || *n == 1) {
        *n = 1;
        if (u[0] == '\n' || u[0] == '\r' || u[0] == '\t') {
            esc[0] = '\\';
            esc[1] = u[0] == '\n' ? 'n' : u[0] == '\r' ? 'r' : 't';
            esc[2] = '\0';
            return;
        }
        esc[0] = '\\';
        esc[1] = 'x';
        esc[2] = hex[u[0] >> 4];
        esc[3] = hex[u[0] & 15];
        esc[4] = '\0';
        return;
    }
    if (*n == 4)
        return;
    cp = code_point(u, *n);
    if (!hidden_code_point(cp))
        return;
    esc[0] = '\\';
    esc[1] = 'u';
    for (int i = 0; i < 4; i++)
        esc[2 + i] = hex[(cp >> (12 - 4 * i)) & 15];
    esc[6] = '\0';
}

/* Bytes that may start a character to escape: below 0x20, DEL, 0xC2 (C1
 * controls), 0xE2 (U+2028..U+2069) and anything not UTF-8 (checked fully
 * by ts_text_escape_at). */
static int maybe_escaped(unsigned char c)
{
    return c < 0x20 || c == 0x7F || c >= 0x80;
}

int ts_text_is_plain(const char *s)
{
    size_t n, len = s ? strlen(s) : 0;
    char esc[8];

    for (const char *p = s; p && *p;) {
        if (!maybe_escaped((unsigned char)*p)) {
            p++;
            continue;
        }
        ts_text_escape_at(p, len - (size_t)(p - s), &n, esc);
        if (esc[0])
            return 0;
        p += n;
    }
    return 1;
}

/* Writes s escaped through emit (a FILE or a buffer). */
struct sink {
    FILE *f;
    char *buf;
    size_t len;
};

static void emit(struct sink *k, const char *p, size_t n)
{
    if (k->f) {
        fwrite(p, 1, n, k->f);
    } else {
        memcpy(k->buf + k->len, p, n);
        k->len += n;
    }
}

static void put(struct sink *k, const char *s, int keep_breaks)
{
    const char *p = s, *run = s;
    size_t n, len;
    char esc[8];

    if (!s)
        return;
    len = strlen(s);
    while (*p) {
        if (!maybe_escaped((unsigned char)*p)
            || (keep_breaks && (*p == '\n' || *p == '\t'))) {
            p++;
            continue;
        }
        ts_text_escape_at(p, len - (size_t)(p - s), &n, esc);
        if (esc[0]) {
            emit(k, run, (size_t)(p - run));
            emit(k, esc, strlen(esc));
            run = p + n;
        }
        p += n;
    }
    emit(k, run, (size_t)(p - run));
}

void ts_text_put(FILE *out, const char *s)
{
    struct sink k = {out, NULL, 0};
    put(&k, s, 0);
}

void ts_text_put_lines(FILE *out, const char *s)
{
    struct sink k = {out, NULL, 0};
    put(&k, s, 1);
}

char *ts_text_visible(const char *s)
{
    struct sink k = {NULL, NULL, 0};
    size_t len = s ? strlen(s) : 0;

    /* An escape is at most six characters for each byte it stands for. */
    if (len > ((size_t)-1 - 1) / 6)
        return ts_xstrdup("?");
    k.buf = ts_xmalloc(6 * len + 1);
    put(&k, s, 0);
    k.buf[k.len] = '\0';
    return k.buf;
}

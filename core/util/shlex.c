#include "util/shlex.h"

#include <stdlib.h>
#include <string.h>

static int blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

struct words {
    char **v;
    size_t n, alloc;
};

static void add_word(struct words *w, const char *text, size_t len)
{
    if (w->n + 2 > w->alloc) {
        w->alloc = w->alloc ? w->alloc * 2 : 8;
        w->v = ts_xrealloc(w->v, w->alloc * sizeof(*w->v));
    }
    w->v[w->n] = ts_xmalloc(len + 1);
    memcpy(w->v[w->n], text, len);
    w->v[w->n][len] = '\0';
    w->v[++w->n] = NULL;
}

/* Reads one word starting at *p into buf (room for strlen(s) bytes: a word
 * never grows); *p moves past it.  Returns its length, or -1 with err. */
static long one_word(const char **p, char *buf, struct ts_error *err)
{
    const char *s = *p;
    long n = 0;

    while (*s && !blank(*s)) {
        if (*s == '\'') {
            const char *end = strchr(s + 1, '\'');
            if (!end)
                return ts_error_set(err, "no closing quotation (')");
            memcpy(buf + n, s + 1, (size_t)(end - s - 1));
            n += end - s - 1;
            s = end + 1;
        } else if (*s == '"') {
            for (s++; *s && *s != '"'; s++) {
                if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
                    s++;
                buf[n++] = *s;
            }
            if (!*s)
                return ts_error_set(err, "no closing quotation (\")");
            s++;
        } else if (*s == '\\') {
            if (!s[1])
                return ts_error_set(err, "no escaped character after the last backslash");
            buf[n++] = s[1];
            s += 2;
        } else {
            buf[n++] = *s++;
        }
    }
    *p = s;
    return n;
}

int ts_shlex_split(const char *s, char ***argv, size_t *argc, struct ts_error *err)
{
    struct words w = {NULL, 0, 0};
    char *buf = ts_xmalloc(strlen(s) + 1);
    long n;

    add_word(&w, "", 0);  /* room for the terminating NULL even with no word */
    free(w.v[0]);
    w.v[0] = NULL;
    w.n = 0;
    for (;;) {
        while (blank(*s))
            s++;
        if (!*s)
            break;
        if ((n = one_word(&s, buf, err)) < 0) {
            free(buf);
            ts_shlex_free(w.v);
            *argv = NULL;
            *argc = 0;
            return -1;
        }
        add_word(&w, buf, (size_t)n);
    }
    free(buf);
    *argv = w.v;
    *argc = w.n;
    return 0;
}

void ts_shlex_free(char **argv)
{
    if (!argv)
        return;
    for (char **a = argv; *a; a++)
        free(*a);
    free(argv);
}

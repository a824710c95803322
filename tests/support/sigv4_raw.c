/* Raw HTTP/1.1 requests (the aws4_testsuite's .req files) read into a
 * sigv4_request; see sigv4_raw.h. */
#include "sigv4_raw.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define RAW_MAX_HEADERS 256

void sigv4_raw_init(struct sigv4_raw *r)
{
    memset(r, 0, sizeof(*r));
}

void sigv4_raw_release(struct sigv4_raw *r)
{
    free(r->headers);
    free(r->storage);
    sigv4_raw_init(r);
}

/* End of the line starting at i: the index of its '\n' (or len), and
 * *next the start of the following line. */
static size_t line_end(const char *s, size_t len, size_t i, size_t *next)
{
    const char *nl = memchr(s + i, '\n', len - i);
    size_t e = nl ? (size_t)(nl - s) : len;

    *next = nl ? e + 1 : len;
    return e;
}

/* Line [i, e) without a trailing '\r'. */
static size_t trim_cr(const char *s, size_t i, size_t e)
{
    return e > i && s[e - 1] == '\r' ? e - 1 : e;
}

static int parse_request_line(struct sigv4_raw *r, size_t e, struct ts_error *err)
{
    char *s = r->storage, *sp1, *sp2, *q;

    s[e] = '\0';
    sp1 = strchr(s, ' ');
    sp2 = strrchr(s, ' ');
    if (!sp1 || sp1 == s || sp2 == sp1)
        return ts_error_set(err, "line 1: expected 'METHOD TARGET HTTP/1.1'");
    *sp1 = *sp2 = '\0';
    r->req.method = s;
    r->req.path = sp1 + 1;
    if ((q = strchr(sp1 + 1, '?'))) {
        *q = '\0';
        r->req.query = q + 1;
    }
    return 0;
}

/* One header [i, e): name up to ':', value after it; *vend is where the
 * value ends, moved on by continuation lines. */
struct raw_field {
    size_t name, colon, value, vend;
};

static int add_header(struct sigv4_raw *r, const struct raw_field *f, struct ts_error *err)
{
    char *s = r->storage;

    s[f->colon] = '\0';
    s[f->vend] = '\0';
    if (!strcasecmp(s + f->name, "host")) {
        if (r->req.host)
            return ts_error_set(err, "two Host headers");
        r->req.host = s + f->value;
        return 0;
    }
    r->headers[r->req.header_count].name = s + f->name;
    r->headers[r->req.header_count++].value = s + f->value;
    return 0;
}

int sigv4_raw_parse(const char *raw, size_t len, struct sigv4_raw *r, struct ts_error *err)
{
    size_t i, next, e, lineno = 1, nfields = 0;
    struct raw_field *f;
    int rc = -1;

    sigv4_raw_init(r);
    if (!raw || !len || memchr(raw, '\0', len))
        return ts_error_set(err, "empty request or a NUL byte in it");
    r->storage = ts_xmalloc(len + 1);
    memcpy(r->storage, raw, len);
    r->storage[len] = '\0';
    f = ts_xmalloc(RAW_MAX_HEADERS * sizeof(*f));
    r->headers = ts_xmalloc(RAW_MAX_HEADERS * sizeof(*r->headers));

    e = line_end(raw, len, 0, &next);
    if (parse_request_line(r, trim_cr(raw, 0, e), err))
        goto out;
    for (i = next; i < len; i = next) {
        lineno++;
        e = trim_cr(raw, i, line_end(raw, len, i, &next));
        if (e == i) /* the empty line: the body follows */
            break;
        if (raw[i] == ' ' || raw[i] == '\t') {
            if (!nfields) {
                ts_error_set(err, "line %zu: continuation line before any header", lineno);
                goto out;
            }
            f[nfields - 1].vend = e;
            continue;
        }
        const char *colon = memchr(raw + i, ':', e - i);
        if (!colon) {
            ts_error_set(err, "line %zu: not a header (no ':')", lineno);
            goto out;
        }
        if (nfields == RAW_MAX_HEADERS) {
            ts_error_set(err, "more than %d headers", RAW_MAX_HEADERS);
            goto out;
        }
        f[nfields++] = (struct raw_field){i, (size_t)(colon - raw), (size_t)(colon - raw) + 1, e};
    }
    if (i < len) {
        r->req.body = r->storage + next;
        r->req.body_len = len - next;
    }
    /* Terminate the strings only now: a continuation line extends the
     * value above it over the line break. */
    for (size_t k = 0; k < nfields; k++)
        if (add_header(r, &f[k], err))
            goto out;
    r->req.headers = r->headers;
    rc = 0;
out:
    free(f);
    return rc;
}

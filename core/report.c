#include "report.h"

#include <stdlib.h>
#include <string.h>
#include "util/digest.h"
#include "results.h"
#include "waiver.h"

const char *ts_level_name(enum ts_level l)
{
    static const char *const names[] = {"none", "note", "warning", "error"};
    return names[l];
}

enum ts_level ts_result_level(const struct ts_engine *e, const struct ts_result *r)
{
    if (r->verdict == TS_PASS)
        return TS_LEVEL_NONE;
    if (r->verdict == TS_REVIEW)
        return TS_LEVEL_NOTE;
    switch (e->rules[r->rule].severity) {
    case TS_SEV_CRITICAL:
    case TS_SEV_HIGH: return TS_LEVEL_ERROR;
    case TS_SEV_MEDIUM: return TS_LEVEL_WARNING;
    default: return TS_LEVEL_NOTE;
    }
}

int ts_report_shows(const struct ts_result *r, const struct ts_report_opts *o)
{
    return r->verdict != TS_PASS || o->include_passes;
}

static int is_unreserved(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
           || c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
}

static char *percent_encode(const char *s)
{
    size_t n = strlen(s);
    char *out = ts_xmalloc(3 * n + 1), *o = out;

    for (; *s; s++) {
        if (is_unreserved((unsigned char)*s))
            *o++ = *s;
        else
            o += sprintf(o, "%%%02X", (unsigned char)*s);
    }
    *o = '\0';
    return out;
}

char *ts_report_uri(const char *path, const char *base)
{
    char *rel = ts_report_relpath(path, base), *uri = percent_encode(rel);

    free(rel);
    return uri;
}

char *ts_report_relpath(const char *path, const char *base)
{
    char *abs_path = realpath(path, NULL), *abs_base = realpath(base ? base : ".", NULL);
    char *rel;
    size_t i = 0, last = 0, ups = 0;

    if (!abs_path || !abs_base) {
        /* Cannot resolve (a fixture held in memory): use the name as given. */
        free(abs_path);
        free(abs_base);
        return ts_xstrdup(path[0] == '/' ? path + 1 : path);
    }
    /* The last '/' up to which both agree; both are absolute, so >= 0. */
    while (abs_path[i] && abs_path[i] == abs_base[i]) {
        if (abs_path[i] == '/')
            last = i;
        i++;
    }
    if (abs_base[i] == '\0' && abs_path[i] == '/')
        last = i;
    /* Each folder of base below the common part is one "../". */
    if (abs_base[last] && abs_base[last + 1]) {
        ups = 1;
        for (const char *p = abs_base + last + 1; *p; p++)
            ups += *p == '/';
    }
    rel = ts_xmalloc(ups * 3 + strlen(abs_path + last + 1) + 1);
    rel[0] = '\0';
    for (size_t k = 0; k < ups; k++)
        strcat(rel, "../");
    strcat(rel, abs_path + last + 1);
    free(abs_path);
    free(abs_base);
    return rel;
}

void ts_report_gzip_warning(size_t gz_size)
{
    /* gzip adds 18 bytes of framing to the deflate stream; close enough. */
    if (gz_size > 10u * 1000 * 1000)
        fprintf(stderr, "trailscan: warning: the SARIF file is %zu bytes gzipped; GitHub code"
                " scanning accepts at most 10 MB\n", gz_size);
}

char *ts_report_fix_hint(const struct ts_rule *r)
{
    const char *src = r->fix_cli ? r->fix_cli : r->fix_console ? r->fix_console
                                                               : r->remediation;
    size_t n;

    while (*src == '\n' || *src == ' ')
        src++;
    n = strcspn(src, "\n");
    if (n > 300)
        n = 300;
    char *hint = ts_xmalloc(n + 1);
    memcpy(hint, src, n);
    hint[n] = '\0';
    return hint;
}

void ts_report_count(const struct ts_engine *e, const struct ts_report_opts *o,
                     struct ts_report_counts *c)
{
    struct ts_results_iter it;
    const struct ts_result *r;

    memset(c, 0, sizeof(*c));
    c->verdicts[TS_PASS] = e->dropped_passes;
    ts_results_begin(&it, e);
    while ((r = ts_results_next(&it))) {
        if (r->waiver) {
            c->waived++;
            continue;
        }
        c->verdicts[r->verdict]++;
        if (r->verdict == TS_FAIL)
            c->by_level[ts_result_level(e, r)]++;
    }
    ts_results_end(&it);
    for (size_t i = 0; o->config && i < o->config->nwaivers; i++) {
        c->expired += (size_t)o->config->waivers[i].expired;
        c->stale += (size_t)ts_waiver_is_stale(&o->config->waivers[i]);
    }
}

void ts_report_fingerprint(const struct ts_engine *e, const struct ts_result *r,
                           char out[65])
{
    const char *parts[4] = {e->rules[r->rule].id, e->accounts[r->snapshot].account_id,
                            r->region ? r->region : "", r->resource};
    size_t n = 0;
    char *buf;

    for (int i = 0; i < 4; i++)
        n += strlen(parts[i]) + 1;
    buf = ts_xmalloc(n);
    n = 0;
    for (int i = 0; i < 4; i++) {
        size_t l = strlen(parts[i]);
        memcpy(buf + n, parts[i], l + 1); /* NUL separates the parts */
        n += l + 1;
    }
    ts_sha256_hex(buf, n, out);
    free(buf);
}

char *ts_report_cut(const char *s, size_t max)
{
    size_t n = strlen(s);
    char *buf;

    if (n <= max)
        return ts_xstrdup(s);
    n = max - 3;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    buf = ts_xmalloc(n + 4);
    memcpy(buf, s, n);
    memcpy(buf + n, "...", 4);
    return buf;
}

char *ts_report_sarif_message(const struct ts_engine *e, const struct ts_result *r)
{
    size_t n;
    char *text, *cut;

    (void)e;
    if (!r->fix || r->verdict == TS_PASS)
        return ts_report_cut(r->message, TS_REPORT_MAX_TEXT);
    /* The fix with this resource's own names, after the verdict. */
    n = strlen(r->message) + strlen(r->fix) + 8;
    text = ts_xmalloc(n);
    snprintf(text, n, "%s Fix: %s", r->message, r->fix);
    cut = ts_report_cut(text, TS_REPORT_MAX_TEXT);
    free(text);
    return cut;
}

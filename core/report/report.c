#include "report/report.h"

#include <stdlib.h>
#include <string.h>
#include "engine/results.h"
#include "triage/waiver.h"
#include "engine/result.h"
#include "util/uri.h"

int ts_report_shows(const struct ts_result *r, const struct ts_report_opts *o)
{
    return r->verdict != TS_PASS || o->include_passes;
}

/* A path as a URI reference: '/' separates segments, so it stays. */
static char *percent_encode(const char *s)
{
    size_t n = strlen(s);
    char *out = ts_xmalloc(3 * n + 1);

    ts_uri_encode(out, 3 * n + 1, s, n, "/", NULL);
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
    /* Never cut: a command cut short is worse than none. */
    n = strcspn(src, "\n");
    char *hint = ts_xmalloc(n + 1);
    memcpy(hint, src, n);
    hint[n] = '\0';
    return hint;
}

void ts_report_count_start(const struct ts_engine *e, const struct ts_report_opts *o,
                           struct ts_report_counts *c)
{
    memset(c, 0, sizeof(*c));
    c->verdicts[TS_PASS] = ts_engine_dropped_passes(e);
    for (size_t i = 0; o->config && i < o->config->nwaivers; i++) {
        enum ts_waiver_state st = ts_waiver_state(&o->config->waivers[i]);
        c->expired += st == TS_WAIVER_EXPIRED;
        c->stale += st == TS_WAIVER_STALE;
    }
}

void ts_report_count_add(const struct ts_engine *e, struct ts_report_counts *c,
                         const struct ts_result *r)
{
    if (r->waiver) {
        c->waived++;
        return;
    }
    c->verdicts[r->verdict]++;
    if (r->verdict == TS_FAIL)
        c->by_level[ts_result_level(ts_engine_rule(e, r->rule), r)]++;
}

void ts_report_count(const struct ts_engine *e, const struct ts_report_opts *o,
                     struct ts_report_counts *c)
{
    struct ts_results_iter it;
    const struct ts_result *r;

    ts_report_count_start(e, o, c);
    ts_results_begin(&it, e);
    while ((r = ts_results_next(&it)))
        ts_report_count_add(e, c, r);
    ts_results_end(&it);
}

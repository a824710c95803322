#include "engine/result.h"

#include <stdlib.h>
#include <string.h>
#include "util/digest.h"
#include "util/error.h"

static const char *const severities[] = {"info", "low", "medium", "high", "critical", NULL};

const char *ts_severity_name(enum ts_severity s)
{
    return severities[s];
}

int ts_severity_from_name(const char *name)
{
    for (int i = 0; severities[i]; i++)
        if (strcmp(severities[i], name) == 0)
            return i;
    return -1;
}

const char *ts_verdict_name(enum ts_verdict v)
{
    return v == TS_FAIL ? "fail" : v == TS_PASS ? "pass" : "review";
}

const char *ts_place_what(const struct ts_place *p)
{
    return p->what ? p->what : "the owner's snapshot";
}

struct ts_place *ts_places_copy(const struct ts_place *p, unsigned n)
{
    struct ts_place *c;

    if (!n)
        return NULL;
    c = ts_xmalloc(n * sizeof(*c));
    for (unsigned i = 0; i < n; i++) {
        c[i] = p[i];
        c[i].file = ts_xstrdup(p[i].file);
        c[i].what = p[i].what ? ts_xstrdup(p[i].what) : NULL;
    }
    return c;
}

void ts_places_free(struct ts_place *p, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        free(p[i].file);
        free(p[i].what);
    }
    free(p);
}

void ts_result_set_texts(struct ts_result *r, const char *resource, const char *region,
                         const char *message, const char *fix)
{
    const char *texts[4] = {resource, region, message, fix};
    char **to[4] = {&r->resource, &r->region, &r->message, &r->fix};
    size_t len[4], size = 0;
    char *p;

    for (int i = 0; i < 4; i++) {
        len[i] = texts[i] ? strlen(texts[i]) : 0;
        size += texts[i] ? len[i] + 1 : 0;
    }
    p = ts_xmalloc(size);
    for (int i = 0; i < 4; i++) {
        *to[i] = texts[i] ? p : NULL;
        if (texts[i]) {
            memcpy(p, texts[i], len[i] + 1);
            p += len[i] + 1;
        }
    }
}

void ts_result_free_texts(struct ts_result *r)
{
    free(r->resource);
    r->resource = r->region = r->message = r->fix = NULL;
}

void ts_result_copy(struct ts_result *dst, const struct ts_result *src)
{
    *dst = *src;
    ts_result_set_texts(dst, src->resource, src->region, src->message, src->fix);
    dst->evidence = ts_places_copy(src->evidence, src->nevidence);
}

void ts_result_copy_release(struct ts_result *r)
{
    ts_result_free_texts(r);
    ts_places_free(r->evidence, r->nevidence);
}

enum ts_level ts_severity_level(enum ts_severity s)
{
    switch (s) {
    case TS_SEV_CRITICAL:
    case TS_SEV_HIGH: return TS_LEVEL_ERROR;
    case TS_SEV_MEDIUM: return TS_LEVEL_WARNING;
    default: return TS_LEVEL_NOTE;
    }
}

const char *ts_level_name(enum ts_level l)
{
    static const char *const names[] = {"none", "note", "warning", "error"};
    return names[l];
}

enum ts_level ts_result_level(const struct ts_rule *rule, const struct ts_result *r)
{
    if (r->verdict == TS_PASS)
        return TS_LEVEL_NONE;
    if (r->verdict == TS_REVIEW)
        return TS_LEVEL_NOTE;
    return ts_severity_level(rule->severity);
}

void ts_result_fingerprint(const struct ts_rule *rule, const char *account_id,
                           const struct ts_result *r, char out[65])
{
    const char *parts[4] = {rule->id, account_id, r->region ? r->region : "", r->resource};
    size_t len[4], n = 0;
    char small[512], *buf;

    for (int i = 0; i < 4; i++)
        n += (len[i] = strlen(parts[i])) + 1;
    /* Most fit on the stack: a SARIF report hashes one per result. */
    buf = n <= sizeof(small) ? small : ts_xmalloc(n);
    n = 0;
    for (int i = 0; i < 4; i++) {
        memcpy(buf + n, parts[i], len[i] + 1); /* NUL separates the parts */
        n += len[i] + 1;
    }
    ts_sha256_hex(buf, n, out);
    if (buf != small)
        free(buf);
}

char *ts_result_cut(const char *s, size_t max)
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

/* What a SARIF message says when the fix does not fit in its 1024 bytes. */
#define FIX_ELSEWHERE "Fix: too long for this message; this result's properties.fix and the" \
    " text, JSON and markdown reports give it whole."
#define FIX_ELSEWHERE_JA "修復方法: コマンドが長いためここには含めていません。" \
    "この結果の properties.fix と、テキスト・JSON・Markdown のレポートに全文があります。"

/* The n (at most 5) texts joined, cut as ts_result_cut cuts.  Caller frees. */
static char *join_cut(const char *const *parts, int n, size_t max)
{
    size_t len[5], size = 0;
    char *text, *p;

    for (int i = 0; i < n; i++)
        size += len[i] = strlen(parts[i]);
    p = text = ts_xmalloc(size + 1);
    for (int i = 0; i < n; i++) {
        memcpy(p, parts[i], len[i]);
        p += len[i];
    }
    *p = '\0';
    if (size > max) {
        char *cut = ts_result_cut(text, max);
        free(text);
        return cut;
    }
    return text;
}

char *ts_result_sarif_message(const struct ts_result *r, enum ts_lang lang)
{
    const char *elsewhere = lang == TS_LANG_JA ? FIX_ELSEWHERE_JA : FIX_ELSEWHERE;
    const char *label = lang == TS_LANG_JA ? "修復方法:" : "Fix:";
    size_t len = strlen(r->message);
    /* Japanese puts no space after a sentence's 。 */
    const char *sep = lang == TS_LANG_JA && len >= 3 && !strcmp(r->message + len - 3, "。") ? ""
                                                                                          : " ";

    if (!r->fix || r->verdict == TS_PASS)
        return ts_result_cut(r->message, TS_RESULT_MAX_TEXT);
    /* The fix with this resource's own names, after the verdict; never a
     * command cut short: when it does not fit, say where it stands whole. */
    if (len + strlen(label) + strlen(r->fix) + 3 > TS_RESULT_MAX_TEXT) {
        const char *parts[3] = {r->message, sep, elsewhere};
        return join_cut(parts, 3, TS_RESULT_MAX_TEXT);
    } else {
        const char *parts[5] = {r->message, sep, label, " ", r->fix};
        return join_cut(parts, 5, TS_RESULT_MAX_TEXT);
    }
}

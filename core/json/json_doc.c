#include "json/json_doc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/file_read.h"

void ts_json_doc_init(struct ts_json_doc *d)
{
    memset(d, 0, sizeof(*d));
    ts_json_pos_init(&d->pos);
}

void ts_json_doc_release(struct ts_json_doc *d)
{
    free(d->path);
    free(d->text);
    cJSON_Delete(d->root);
    ts_json_pos_release(&d->pos);
    ts_json_doc_init(d);
}

const struct ts_json_doc_words ts_json_doc_words = {
    NULL,
    "invalid JSON: unexpected end of file",
    "invalid JSON: unexpected end of file (truncated?)",
    20,
    "",
};

static int only_whitespace(const char *t, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (t[i] != ' ' && t[i] != '\t' && t[i] != '\n' && t[i] != '\r')
            return 0;
    return 1;
}

/* cJSON says where it stopped, not why: say where, and what is there. */
static void syntax_problem(const struct ts_json_doc *d, const struct ts_json_doc_words *w,
                           const char *json, size_t jlen, size_t off,
                           struct ts_problems *problems)
{
    uint32_t line, col;
    size_t n = 0;

    ts_json_line_col(json, jlen, off, &line, &col);
    if (off >= jlen) {
        ts_problems_add_at(problems, d->path, line, col, "%s",
                           d->pos.unclosed ? w->end_unclosed : w->end);
        return;
    }
    while (n < (size_t)w->near_bytes && off + n < jlen && json[off + n] != '\n'
           && json[off + n] != '\r')
        n++;
    while (n > 0 && off + n < jlen && ((unsigned char)json[off + n] & 0xC0) == 0x80)
        n--; /* cut on a character boundary: the message stays UTF-8 */
    ts_problems_add_at(problems, d->path, line, col, "invalid JSON near '%.*s'%s", (int)n,
                       json + off, d->pos.unclosed ? w->near_unclosed : "");
}

static cJSON *cjson_parse(const char *json, size_t len, const char **end)
{
    return cJSON_ParseWithLengthOpts(json, len, end, 1);
}

int ts_json_doc_parse(struct ts_json_doc *d, const struct ts_json_doc_opts *opts,
                      struct ts_problems *problems)
{
    const struct ts_json_doc_words *w = opts->words;
    struct ts_error err;
    const char *json = d->text, *end = NULL;
    size_t jlen = d->len;

    if (jlen >= 3 && memcmp(json, "\xEF\xBB\xBF", 3) == 0) {
        d->bom = 3;
        json += 3;
        jlen -= 3;
    }
    if (w->empty && only_whitespace(json, jlen)) {
        ts_problems_add_at(problems, d->path, 0, 0, "%s", w->empty);
        return -1;
    }
    if (ts_json_pos_scan(&d->pos, json, jlen, &err) < 0) {
        ts_problems_add_error(problems, d->path, &err);
        return -1;
    }
    /* The length counts the NUL: cJSON's "require null terminated" check
     * looks for it within the length.  The scan found no earlier NUL. */
    d->root = (opts->parse ? opts->parse : cjson_parse)(json, jlen + 1, &end);
    if (!d->root) {
        syntax_problem(d, w, json, jlen, end ? (size_t)(end - json) : 0, problems);
        return -1;
    }
    if (ts_json_pos_bind(&d->pos, d->root) < 0) {
        ts_problems_add_at(problems, d->path, 0, 0,
                           "internal error: positions do not match the parse");
        return -1;
    }
    return 0;
}

int ts_json_doc_parse_fast(struct ts_json_doc *d, const struct ts_json_doc_opts *opts,
                           ts_json_doc_fast_fn *fast, struct ts_problems *problems)
{
    size_t bom = d->len >= 3 && memcmp(d->text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;

    d->root = fast(d->text + bom, d->len - bom, &d->pos);
    if (d->root) {
        d->bom = bom;
        return 0;
    }
    return ts_json_doc_parse(d, opts, problems);
}

int ts_json_doc_load(struct ts_json_doc *d, const char *path, size_t max_bytes,
                     struct ts_problems *problems)
{
    static const struct ts_json_doc_opts opts = {&ts_json_doc_words, NULL};
    struct ts_error err;

    ts_json_doc_release(d);
    d->path = ts_xstrdup(path);
    if (ts_file_read(path, max_bytes, &d->text, &d->len, &err) < 0) {
        ts_problems_add_error(problems, path, &err);
        return -1;
    }
    return ts_json_doc_parse(d, &opts, problems);
}

void ts_json_doc_where(const struct ts_json_doc *d, const cJSON *obj, const char *key,
                       unsigned *line, unsigned *column)
{
    if (ts_json_pos_where(&d->pos, d->text + d->bom, d->len - d->bom, obj, key,
                          line, column) < 0)
        *line = *column = 1;
}

void ts_json_doc_problem(const struct ts_json_doc *d, struct ts_problems *problems,
                         const cJSON *obj, const char *key, const char *fmt, ...)
{
    char what[900];
    unsigned line, col;
    va_list ap;

    if (problems->count > TS_JSON_DOC_MAX_PROBLEMS)
        return;
    if (problems->count == TS_JSON_DOC_MAX_PROBLEMS) {
        ts_json_doc_more_problems(problems, d->path, 0);
        return;
    }
    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    ts_json_doc_where(d, obj, key, &line, &col);
    ts_problems_add_at(problems, d->path, line, col, "%s", what);
}

void ts_json_doc_more_problems(struct ts_problems *problems, const char *path, size_t more)
{
    if (more == 0)
        ts_problems_add_at(problems, path, 0, 0, "more problems; only the first %d are listed",
                           TS_JSON_DOC_MAX_PROBLEMS);
    else
        ts_problems_add_at(problems, path, 0, 0, "%zu more problem%s like these (only the"
                           " first %d are listed)", more, more == 1 ? "" : "s",
                           TS_JSON_DOC_MAX_PROBLEMS);
}

const char *ts_json_type_name(const cJSON *v)
{
    if (cJSON_IsString(v))
        return "a string";
    if (cJSON_IsNumber(v))
        return "a number";
    if (cJSON_IsBool(v))
        return "a boolean";
    if (cJSON_IsNull(v))
        return "null";
    if (cJSON_IsArray(v))
        return "an array";
    if (cJSON_IsObject(v))
        return "an object";
    return "an invalid value";
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char *ts_json_duplicate_key(const cJSON *obj)
{
    const char *small[16], **keys = small, *dup = NULL;
    const cJSON *child;
    size_t n = 0, cap = 16;

    cJSON_ArrayForEach(child, obj) {
        if (n == cap) {
            const char **bigger = ts_xmalloc(2 * cap * sizeof(*keys));
            memcpy(bigger, keys, n * sizeof(*keys));
            if (keys != small)
                free((void *)keys);
            keys = bigger;
            cap *= 2;
        }
        keys[n++] = child->string ? child->string : "";
    }
    /* Few members: compare pairs; many: sort, so it stays n log n. */
    if (n <= 16) {
        for (size_t i = 0; i < n && !dup; i++)
            for (size_t j = i + 1; j < n && !dup; j++)
                if (keys[i][0] == keys[j][0] && !strcmp(keys[i], keys[j]))
                    dup = keys[i];
    } else {
        qsort(keys, n, sizeof(*keys), cmp_key);
        for (size_t i = 1; i < n && !dup; i++)
            if (!strcmp(keys[i - 1], keys[i]))
                dup = keys[i];
    }
    if (keys != small)
        free((void *)keys);
    return dup;
}

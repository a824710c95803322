#include "json/json_stream.h"

#include <stdlib.h>
#include <string.h>
#include "json/json_print.h"
#include "util/gzip_count.h"

/* The slot is printed once with a placeholder item whose key no printed
 * string can imitate: cJSON escapes a control character as \u0001 and a
 * tab inside a string as \t, so a tab followed by this quoted key only
 * appears where cJSON indented the placeholder's member. */
#define MARK_KEY "\001trailscan-stream"
#define MARK_TEXT "\t\"\\u0001trailscan-stream\":\t0"

struct sink {
    FILE *out;
    int failed;
    struct ts_gzip_count *gz;   /* or NULL */
};

static void put(struct sink *s, const char *p, size_t n)
{
    if (s->failed || n == 0)
        return;
    if (fwrite(p, 1, n, s->out) != n) {
        s->failed = 1;
        return;
    }
    if (s->gz)
        ts_gzip_count_put(s->gz, p, n);
}

/* Finds the placeholder in text: [*start, *end) is its whole object, and
 * *depth the tabs to add to an item printed alone.  -1 if not found. */
static int find_mark(const char *text, const char **start, const char **end, size_t *depth)
{
    const char *at = strstr(text, MARK_TEXT), *quote, *t, *e;
    size_t tabs;

    if (!at)
        return -1;
    quote = at + 1;
    for (t = quote; t > text && t[-1] == '\t'; t--)
        ;
    tabs = (size_t)(quote - t);
    if (t - text < 2 || t[-1] != '\n' || t[-2] != '{' || tabs < 1)
        return -1;
    e = at + strlen(MARK_TEXT);
    if (*e++ != '\n')
        return -1;
    for (size_t i = 0; i + 1 < tabs; i++)
        if (*e++ != '\t')
            return -1;
    if (*e++ != '}')
        return -1;
    *start = t - 2;
    *end = e;
    *depth = tabs - 1;
    return 0;
}

/* Writes the items where the placeholder was, each straight at its depth
 * into one buffer kept for all (json_print.c: cJSON_Print's bytes). */
static void put_items(struct sink *s, size_t n, ts_json_write_fn write, void *ctx, size_t depth)
{
    struct ts_json_buf buf = {NULL, 0, 0};
    struct ts_json_w w;

    for (size_t i = 0; i < n && !s->failed; i++) {
        buf.len = 0;
        ts_json_w_start(&w, &buf, depth);
        if (write(ctx, i, &w) < 0 || ts_json_w_finish(&w) < 0) {
            s->failed = 1;
            break;
        }
        if (i > 0)
            put(s, ", ", 2);
        put(s, buf.text, buf.len);
    }
    free(buf.text);
}

int ts_json_stream_write(FILE *out, cJSON *doc, cJSON *slot, size_t n, ts_json_write_fn write,
                         void *ctx, size_t *gz_size)
{
    struct sink s;
    cJSON *mark = cJSON_CreateObject();
    const char *start, *end;
    struct ts_json_buf doc_text = {NULL, 0, 0};
    const char *text;
    size_t depth;
    int printed;

    if (!slot || !mark || !cJSON_AddNumberToObject(mark, MARK_KEY, 0)) {
        cJSON_Delete(mark);
        return -1;
    }
    cJSON_AddItemToArray(slot, mark);
    printed = ts_json_print(&doc_text, doc, 0);
    cJSON_DeleteItemFromArray(slot, 0);
    text = doc_text.text;
    if (printed < 0 || find_mark(text, &start, &end, &depth) < 0) {
        free(doc_text.text);
        return -1;
    }
    memset(&s, 0, sizeof(s));
    s.out = out;
    s.gz = gz_size ? ts_gzip_count_start_file(out) : NULL;
    put(&s, text, (size_t)(start - text));
    put_items(&s, n, write, ctx, depth);
    put(&s, end, strlen(end));
    put(&s, "\n", 1);
    free(doc_text.text);
    if (gz_size)
        *gz_size = s.gz ? ts_gzip_count_finish(s.gz) : 0;
    return s.failed ? -1 : 0;
}

/* The items of ts_json_stream_print, made as trees and written whole. */
struct made {
    ts_json_item_fn item;
    void *ctx;
};

static int write_made(void *ctx, size_t i, struct ts_json_w *w)
{
    struct made *m = ctx;
    cJSON *x = m->item(m->ctx, i);

    if (!x)
        return -1;
    ts_json_w_tree(w, x);
    cJSON_Delete(x);
    return 0;
}

int ts_json_stream_print(FILE *out, cJSON *doc, cJSON *slot, size_t n, ts_json_item_fn item,
                         void *ctx, size_t *gz_size)
{
    struct made m = {item, ctx};

    return ts_json_stream_write(out, doc, slot, n, write_made, &m, gz_size);
}

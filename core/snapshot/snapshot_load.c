#include "snapshot/snapshot_load.h"

#include <string.h>
#include "json/json_doc.h"
#include "util/file_read.h"
#include "snapshot/snapshot_arena.h"
#include "snapshot/snapshot_check.h"

/* A snapshot's syntax problems keep the words they have always had. */
static const struct ts_json_doc_words words = {
    "empty file",
    "invalid JSON at the end of the file",
    "invalid JSON: unexpected end of file (truncated?)",
    23,
    " (the file ends inside a string or container: truncated?)",
};

/* json_doc's loader, into the snapshot's arena (valid text in one pass,
 * the rest through cJSON); the snapshot takes the tree and positions it
 * makes (its path and text are only lent). */
static int parse(struct ts_snapshot *s, struct ts_problems *problems)
{
    static const struct ts_json_doc_opts opts = {&words, ts_snapshot_arena_parse};
    struct ts_json_doc d;
    int rc;

    ts_json_doc_init(&d);
    d.path = s->path;
    d.text = s->text;
    d.len = s->len;
    rc = ts_json_doc_parse_fast(&d, &opts, ts_snapshot_arena_parse_valid, problems);
    s->bom = d.bom;
    s->root = d.root;
    s->pos = d.pos;
    return rc;
}

static int load(struct ts_snapshot *s, struct ts_problems *problems)
{
    size_t before = problems->count;

    if (parse(s, problems) < 0)
        return -1;
    ts_snapshot_check(s, problems);
    return problems->count > before ? -1 : 0;
}

int ts_snapshot_load(struct ts_snapshot *s, const char *path,
                     struct ts_problems *problems)
{
    struct ts_error err;

    ts_snapshot_release(s);
    s->path = ts_xstrdup(path);
    if (ts_file_read_input(path, TS_MAX_SNAPSHOT_BYTES, &s->text, &s->len, &err) < 0) {
        ts_problems_add_error(problems, path, &err);
        return -1;
    }
    return load(s, problems);
}

int ts_snapshot_load_text(struct ts_snapshot *s, const char *path,
                          const char *text, size_t len,
                          struct ts_problems *problems)
{
    ts_snapshot_release(s);
    s->path = ts_xstrdup(path);
    s->text = ts_xmalloc(len + 1);
    memcpy(s->text, text, len);
    s->text[len] = '\0';
    s->len = len;
    return load(s, problems);
}

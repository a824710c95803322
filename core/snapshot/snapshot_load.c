#include "snapshot/snapshot_load.h"

#include <stdlib.h>
#include <string.h>
#include "util/file_read.h"
#include "snapshot/snapshot_arena.h"
#include "snapshot/snapshot_check.h"

static int only_whitespace(const char *t, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (t[i] != ' ' && t[i] != '\t' && t[i] != '\n' && t[i] != '\r')
            return 0;
    return 1;
}

/* cJSON says where it stopped, not why: describe what is there. */
static void syntax_problem(struct ts_snapshot *s, const char *json, size_t jlen,
                           size_t off, struct ts_problems *problems)
{
    uint32_t line, col;
    char near[24];
    size_t n = 0;

    ts_json_line_col(json, jlen, off, &line, &col);
    if (off >= jlen && s->pos.unclosed) {
        ts_problems_add(problems, "%s:%u:%u: invalid JSON: unexpected end of file"
                        " (truncated?)", s->path, line, col);
        return;
    }
    if (off >= jlen) {
        ts_problems_add(problems, "%s:%u:%u: invalid JSON at the end of the file",
                        s->path, line, col);
        return;
    }
    while (n < sizeof(near) - 1 && off + n < jlen && json[off + n] != '\n'
           && json[off + n] != '\r')
        n++;
    /* Cut at a character boundary so the message stays valid UTF-8. */
    while (n > 0 && off + n < jlen && ((unsigned char)json[off + n] & 0xC0) == 0x80)
        n--;
    memcpy(near, json + off, n);
    near[n] = '\0';
    ts_problems_add(problems, "%s:%u:%u: invalid JSON near '%s'%s", s->path, line, col, near,
                    s->pos.unclosed ? " (the file ends inside a string or container:"
                                      " truncated?)" : "");
}

static int parse(struct ts_snapshot *s, struct ts_problems *problems)
{
    struct ts_error err;
    const char *json = s->text, *end = NULL;
    size_t jlen = s->len;

    if (jlen >= 3 && memcmp(json, "\xEF\xBB\xBF", 3) == 0) {
        s->bom = 3;
        json += 3;
        jlen -= 3;
    }
    if (only_whitespace(json, jlen)) {
        ts_problems_add(problems, "%s: empty file", s->path);
        return -1;
    }
    if (ts_json_pos_scan(&s->pos, json, jlen, &err) < 0) {
        ts_problems_add(problems, "%s:%s", s->path, err.msg);
        return -1;
    }
    /* The length includes the terminating NUL: cJSON's "require null
     * terminated" check looks for it inside the length it is given.  The scan
     * above guarantees there is no earlier NUL. */
    s->root = ts_snapshot_arena_parse(json, jlen + 1, &end);
    if (!s->root) {
        syntax_problem(s, json, jlen, end ? (size_t)(end - json) : 0, problems);
        return -1;
    }
    if (ts_json_pos_bind(&s->pos, s->root) < 0) {
        ts_problems_add(problems, "%s: internal error: positions do not match the parse",
                        s->path);
        return -1;
    }
    return 0;
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
    if (ts_file_read(path, TS_MAX_SNAPSHOT_BYTES, &s->text, &s->len, &err) < 0) {
        ts_problems_add(problems, "%s", err.msg);
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

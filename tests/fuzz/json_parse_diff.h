/* The one-pass parser (json/json_parse.c) against the loader's slow path
 * (position scan, cJSON into the snapshot arena, bind), for the fuzz
 * target snapshot and the unit test json_parse: the fast path either
 * gives up or builds the same tree (types, names, strings, numbers to the
 * bit, child order and links) with the same marks and node -> mark map. */
#ifndef TS_JSON_PARSE_DIFF_H
#define TS_JSON_PARSE_DIFF_H

#include <stdio.h>
#include <string.h>
#include "json/json_pos.h"
#include "snapshot/snapshot_arena.h"

/* The slow path as ts_json_doc_parse takes it (json: len bytes after any
 * BOM, json[len] == '\0'); NULL where it refuses the text. */
static cJSON *ts_diff_slow_parse(const char *json, size_t len, struct ts_json_pos *pos)
{
    struct ts_error err;
    const char *end = NULL;
    cJSON *root;

    if (ts_json_pos_scan(pos, json, len, &err) < 0)
        return NULL;
    root = ts_snapshot_arena_parse(json, len + 1, &end);
    if (root && ts_json_pos_bind(pos, root) < 0) {
        ts_snapshot_arena_delete(root);
        return NULL;
    }
    return root;
}

/* The links cJSON makes: next forward, prev back, the head's prev at the
 * last child. */
static int ts_diff_links_ok(const cJSON *parent)
{
    const cJSON *c, *last = NULL;

    for (c = parent->child; c; c = c->next) {
        if (c != parent->child && c->prev != last)
            return 0;
        last = c;
    }
    return !parent->child || parent->child->prev == last;
}

static int ts_diff_same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

static long ts_diff_mark_index(const struct ts_json_pos *pos, const cJSON *node)
{
    const struct ts_json_mark *m = ts_json_pos_of(pos, node);
    return m ? (long)(m - pos->marks) : -1;
}

/* Node a (slow, positions pa) against b (fast, pb) and below: 0 when the
 * same, else -1 with the difference in why. */
static int ts_diff_nodes(const cJSON *a, const struct ts_json_pos *pa, const cJSON *b,
                         const struct ts_json_pos *pb, char *why, size_t whylen)
{
    const cJSON *ca, *cb;

    if (a->type != b->type || !ts_diff_same_str(a->string, b->string)
        || !ts_diff_same_str(a->valuestring, b->valuestring) || a->valueint != b->valueint
        || memcmp(&a->valuedouble, &b->valuedouble, sizeof(double)) != 0) {
        snprintf(why, whylen, "node differs (type %d/%d, name %s/%s)", a->type, b->type,
                 a->string ? a->string : "-", b->string ? b->string : "-");
        return -1;
    }
    if (ts_diff_mark_index(pa, a) != ts_diff_mark_index(pb, b)) {
        snprintf(why, whylen, "node -> mark differs (%ld/%ld)", ts_diff_mark_index(pa, a),
                 ts_diff_mark_index(pb, b));
        return -1;
    }
    if (!ts_diff_links_ok(a) || !ts_diff_links_ok(b)) {
        snprintf(why, whylen, "prev links differ");
        return -1;
    }
    for (ca = a->child, cb = b->child; ca && cb; ca = ca->next, cb = cb->next)
        if (ts_diff_nodes(ca, pa, cb, pb, why, whylen) < 0)
            return -1;
    if (ca || cb) {
        snprintf(why, whylen, "child counts differ");
        return -1;
    }
    return 0;
}

static int ts_diff_marks(const struct ts_json_pos *a, const struct ts_json_pos *b, char *why,
                         size_t whylen)
{
    if (a->count != b->count || a->unclosed != b->unclosed) {
        snprintf(why, whylen, "%zu marks (slow), %zu (fast)", a->count, b->count);
        return -1;
    }
    for (size_t i = 0; i < a->count; i++)
        if (a->marks[i].offset != b->marks[i].offset || a->marks[i].line != b->marks[i].line
            || a->marks[i].column != b->marks[i].column) {
            snprintf(why, whylen, "mark %zu at %zu %u:%u (slow), %zu %u:%u (fast)", i,
                     a->marks[i].offset, (unsigned)a->marks[i].line,
                     (unsigned)a->marks[i].column, b->marks[i].offset,
                     (unsigned)b->marks[i].line, (unsigned)b->marks[i].column);
            return -1;
        }
    return 0;
}

/* Both paths over text (len bytes, maybe a BOM; text[len] == '\0').
 * Returns 1 when the fast path took it and agrees, 0 when it gave up
 * cleanly, -1 (why filled) when it took it wrongly.  *slow and *fast get
 * the trees (the caller deletes them with ts_snapshot_arena_delete and
 * releases ps and pf). */
static int ts_diff_parse(const char *text, size_t len, cJSON **slow, struct ts_json_pos *ps,
                         cJSON **fast, struct ts_json_pos *pf, char *why, size_t whylen)
{
    size_t bom = len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3) ? 3 : 0;

    ts_json_pos_init(ps);
    ts_json_pos_init(pf);
    *slow = ts_diff_slow_parse(text + bom, len - bom, ps);
    *fast = ts_snapshot_arena_parse_valid(text + bom, len - bom, pf);
    if (!*fast) {
        if (pf->count || pf->marks || pf->keys) {
            snprintf(why, whylen, "gave up with positions left");
            return -1;
        }
        return 0;
    }
    if (!*slow) {
        snprintf(why, whylen, "the fast path took what the slow path refuses");
        return -1;
    }
    if (ts_diff_nodes(*slow, ps, *fast, pf, why, whylen) < 0
        || ts_diff_marks(ps, pf, why, whylen) < 0)
        return -1;
    return 1;
}

#endif

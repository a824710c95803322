/* Fuzz target: the snapshot loader (UTF-8 and position scan, cJSON parse,
 * position binding, format checks) and the position lookups reports use.
 * The loader's one-pass parser of valid text is compared with the path it
 * replaces: it must give up or build the same tree and positions.
 * Beyond "no crash, no leak, no undefined behaviour" it checks what a user
 * would see go wrong: a loaded snapshot has a position for every container,
 * pointing at its opening bracket, and every problem names the file. */
#include <string.h>
#include "fuzz_target.h"
#include "snapshot/snapshot_load.h"
#include "json_parse_diff.h"

#define FUZZ_PATH "fuzz.json"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

static void check_container(const struct ts_snapshot *s, const cJSON *node)
{
    const struct ts_json_mark *m = ts_json_pos_of(&s->pos, node);
    const char *json = s->text + s->bom;
    size_t jlen = s->len - s->bom;
    char want = cJSON_IsObject(node) ? '{' : '[';
    unsigned line, col;
    uint32_t l, c;

    FUZZ_CHECK(m != NULL, "a container has no position");
    FUZZ_CHECK(m->offset < jlen && json[m->offset] == want,
               "position %zu is not at its '%c'", m->offset, want);
    ts_json_line_col(json, jlen, m->offset, &l, &c);
    FUZZ_CHECK(l == m->line && c == m->column, "mark %u:%u but recount %u:%u",
               (unsigned)m->line, (unsigned)m->column, (unsigned)l, (unsigned)c);
    FUZZ_CHECK(ts_snapshot_position(s, node, &line, &col) == 0 && line == m->line
               && col == m->column, "ts_snapshot_position disagrees with the mark");
}

static void check_member(const struct ts_snapshot *s, const cJSON *obj, const cJSON *item)
{
    unsigned line = 0, col = 0, oline, ocol;

    FUZZ_CHECK(ts_snapshot_member_position(s, obj, item->string, &line, &col) == 0,
               "member '%s' has no position", item->string);
    FUZZ_CHECK(ts_snapshot_position(s, obj, &oline, &ocol) == 0, "object has no position");
    /* A member comes after its object's opening brace. */
    FUZZ_CHECK(line > oline || (line == oline && col >= ocol),
               "member at %u:%u before its object at %u:%u", line, col, oline, ocol);
}

/* Pre-order walk: every container and every member name. */
static void walk(const struct ts_snapshot *s, const cJSON *node)
{
    const cJSON *item;

    if (!cJSON_IsObject(node) && !cJSON_IsArray(node))
        return;
    check_container(s, node);
    cJSON_ArrayForEach(item, node) {
        if (cJSON_IsObject(node) && item->string)
            check_member(s, node, item);
        walk(s, item);
    }
}

/* The one-pass parser against the slow path, on the same bytes. */
static void check_fast_path(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1), why[256];
    struct ts_json_pos ps, pf;
    cJSON *slow, *fast;
    int rc;

    FUZZ_CHECK(text != NULL, "out of memory");
    memcpy(text, data, size);
    text[size] = '\0';
    rc = ts_diff_parse(text, size, &slow, &ps, &fast, &pf, why, sizeof(why));
    FUZZ_CHECK(rc >= 0, "one-pass parse: %s", why);
    ts_snapshot_arena_delete(slow);
    ts_snapshot_arena_delete(fast);
    ts_json_pos_release(&ps);
    ts_json_pos_release(&pf);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ts_snapshot s;
    struct ts_problems problems;
    int ret;

    ts_snapshot_init(&s);
    ts_problems_init(&problems);
    ret = ts_snapshot_load_text(&s, FUZZ_PATH, (const char *)data, size, &problems);
    FUZZ_CHECK((ret == 0) == (problems.count == 0), "returned %d with %zu problems",
               ret, problems.count);
    for (size_t i = 0; i < problems.count; i++) {
        FUZZ_CHECK(strncmp(problems.items[i], FUZZ_PATH ":", strlen(FUZZ_PATH) + 1) == 0,
                   "problem does not name the file: %s", problems.items[i]);
        FUZZ_CHECK(strncmp(problems.items[i], FUZZ_PATH ": internal error",
                           strlen(FUZZ_PATH ": internal error")) != 0, "%s", problems.items[i]);
    }
    /* Format problems leave a bound tree behind: positions must hold there
     * too, since the messages about it carry them. */
    if (s.root && s.pos.keys)
        walk(&s, s.root);
    if (ret == 0)
        FUZZ_CHECK(s.account_id && s.partition && s.collected_at,
                   "loaded without its checked fields");
    ts_snapshot_release(&s);
    ts_problems_release(&problems);
    check_fast_path(data, size);
    return 0;
}

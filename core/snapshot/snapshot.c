#include "snapshot/snapshot.h"

#include <stdlib.h>
#include <string.h>
#include "snapshot/snapshot_arena.h"
#include "util/digest.h"

void ts_snapshot_init(struct ts_snapshot *s)
{
    memset(s, 0, sizeof(*s));
    ts_json_pos_init(&s->pos);
}

void ts_snapshot_release(struct ts_snapshot *s)
{
    free(s->path);
    free(s->text);
    ts_snapshot_arena_delete(s->root);
    ts_json_pos_release(&s->pos);
    ts_snapshot_init(s);
}

int ts_snapshot_position(const struct ts_snapshot *s, const cJSON *node,
                         unsigned *line, unsigned *column)
{
    const struct ts_json_mark *m = ts_json_pos_of(&s->pos, node);

    if (!m)
        return -1;
    *line = m->line;
    *column = m->column;
    return 0;
}

int ts_snapshot_member_position(const struct ts_snapshot *s, const cJSON *obj,
                                const char *key, unsigned *line, unsigned *column)
{
    if (!s->text)
        key = NULL;
    return ts_json_pos_where(&s->pos, s->text ? s->text + s->bom : NULL,
                             s->text ? s->len - s->bom : 0, obj, key, line, column);
}

void ts_snapshot_drop_text(struct ts_snapshot *s, int hash)
{
    if (!s->text)
        return;
    if (hash)
        ts_sha256_hex(s->text, s->len, s->sha256);
    free(s->text);
    s->text = NULL;
}

/* Snapshot trees in arenas: cJSON allocates every node and string on its
 * own and frees them one by one, which for a scan costs as much as the
 * parse itself.  A snapshot's tree is parsed into an arena of its own and
 * freed whole.  The tree belongs to the snapshot: deleting a part of it is
 * harmless (the memory goes with the arena), but nodes added to it would
 * leak (nothing in trailscan changes a snapshot). */
#ifndef TS_SNAPSHOT_ARENA_H
#define TS_SNAPSHOT_ARENA_H

#include <stddef.h>
#include <cjson/cJSON.h>
#include "json/json_pos.h"

/* cJSON_ParseWithLengthOpts(json, len, end, 1), into an arena. */
cJSON *ts_snapshot_arena_parse(const char *json, size_t len, const char **end);

/* The tree and positions of valid text in one pass (ts_json_parse), into
 * an arena, with member names kept once as above; NULL when the parser
 * gives up (pos released), and the caller takes the path above. */
cJSON *ts_snapshot_arena_parse_valid(const char *json, size_t len, struct ts_json_pos *pos);

/* Frees a tree from ts_snapshot_arena_parse, or any other with cJSON_Delete. */
void ts_snapshot_arena_delete(cJSON *root);

#endif

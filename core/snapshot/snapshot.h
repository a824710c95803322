/* One account's snapshot: the file's text (while it loads), cJSON's tree
 * of it, and the positions of its objects (DESIGN.md section 2).  Loading is
 * snapshot_load.h's, the format checks snapshot_check.h's. */
#ifndef TS_SNAPSHOT_H
#define TS_SNAPSHOT_H

#include <stddef.h>
#include <cjson/cJSON.h>
#include "json/json_pos.h"

#define TS_SNAPSHOT_FORMAT "trailscan-snapshot/1"

struct ts_snapshot {
    char *path;               /* as the user named it */
    char *text;               /* the file's bytes, NUL-terminated; NULL once
                                 dropped (ts_snapshot_drop_text) */
    size_t len;               /* kept after the text is dropped */
    char sha256[65];          /* of the text, if dropped with its hash; else "" */
    size_t bom;               /* bytes of UTF-8 byte order mark skipped */
    cJSON *root;
    struct ts_json_pos pos;
    /* Checked fields, pointing into root. */
    const char *account_id;
    const char *partition;
    const char *collected_at;
    double collected_epoch;
    /* The optional organisation fields (snapshot_org.h), or NULL.  An
     * account_name the file lacks may come from its folder's manifest
     * (ts_orgs_claim: then it points into the manifest). */
    const char *account_name;
    const char *org_id, *org_management;
};

void ts_snapshot_init(struct ts_snapshot *s);
void ts_snapshot_release(struct ts_snapshot *s);

/* Line and column of node (a container) in the file, or of its closest
 * container ancestor the caller names; 0 if unknown. */
int ts_snapshot_position(const struct ts_snapshot *s, const cJSON *node,
                         unsigned *line, unsigned *column);

/* Line and column of member `key` of object `obj`, for messages about a
 * scalar; falls back to the object's own position (always, once the text
 * is dropped: member positions are looked up in it). */
int ts_snapshot_member_position(const struct ts_snapshot *s, const cJSON *obj,
                                const char *key, unsigned *line, unsigned *column);

/* Frees the text once loading is over: the format checks and the
 * organisation's claim look members up in it, but rules and reports need
 * only the objects' positions, which stay.  A large account's text would
 * otherwise stay beside its tree for the whole run.  With hash set its
 * SHA-256 (hex) is kept in s->sha256 first. */
void ts_snapshot_drop_text(struct ts_snapshot *s, int hash);

#endif

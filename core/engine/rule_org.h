/* The organisation view rules read (`trailscan.org`): in a scan of several
 * snapshots, what another account's snapshot says about a shared resource.
 *
 *   trailscan.org.snapshot(id)  -> that account's snapshot (read-only, as
 *                                  `snapshot` is) and its file, or nil and
 *                                  why not ("... is not in this scan")
 *   trailscan.org.bucket_owner(name) -> the account whose ListBuckets has
 *                                  the bucket, or nil
 *   trailscan.org.where(t)      -> file and line of a table of such a
 *                                  snapshot, or nil
 *
 * The index (snapshot/org_index.h) says where each account is; a worker
 * loads an owner's snapshot the first time one of its accounts asks, and
 * keeps the few it uses (TS_ORG_KEEP, more only while one account's rules
 * hold them), so memory is a few snapshots, never the organisation.  What
 * a rule sees is a pure function of the files: the same for any --jobs. */
#ifndef TS_RULE_ORG_H
#define TS_RULE_ORG_H

#include <lua.h>
#include <cjson/cJSON.h>
#include "snapshot/org_index.h"
#include "snapshot/snapshot.h"

/* Owner snapshots a worker keeps between accounts. */
#define TS_ORG_KEEP 4

struct ts_org_view;

/* A view over ix (shared, read-only, outlives the view; NULL: only held
 * snapshots).  Owns what it loads. */
struct ts_org_view *ts_org_view_new(const struct ts_org_index *ix);
void ts_org_view_free(struct ts_org_view *v);

/* Takes loaded snapshot s (which must have an account_id; s is left
 * empty) as an owner for the view's life, before the index's files: how
 * `rules test` gives a fixture case its owners' snapshots, with no files. */
void ts_org_view_hold(struct ts_org_view *v, struct ts_snapshot *s);
/* Whether v holds a snapshot of account id. */
int ts_org_view_holds(struct ts_org_view *v, const char *id);

/* Adds `org` to the table at the top of L's stack (the `trailscan`
 * table's backing); v may be NULL (no organisation: every lookup says the
 * account is not in this scan) and set later with ts_rule_org_set. */
void ts_rule_org_install(lua_State *L, struct ts_org_view *v);
void ts_rule_org_set(lua_State *L, struct ts_org_view *v);

/* Before an account's rules run (after the JSON generation changed):
 * lookups start afresh for account s, whose snapshot table is at index
 * root (a lookup of its own id gives it). */
void ts_rule_org_start(lua_State *L, const struct ts_snapshot *s, int root);

/* After the account's rules: its lookups are dropped, so the state holds
 * nothing of them between accounts. */
void ts_rule_org_finish(lua_State *L);

/* The file, line and column of node in an owner snapshot of this view;
 * -1 if it is in none. */
int ts_rule_org_where(lua_State *L, const cJSON *node, const char **file, unsigned *line,
                      unsigned *column);

/* The length of the longest file name ts_rule_org_where can give (0
 * without a view: it gives none). */
size_t ts_rule_org_longest_path(lua_State *L);

#endif

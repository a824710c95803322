/* The organisations' manifests of one scan (org_manifest.h each), how
 * snapshots agree with them, and what the scan lacks: accounts no snapshot
 * judged, shares of a sharded collection, manifests of folders. */
#ifndef TS_ORGS_H
#define TS_ORGS_H

#include <stddef.h>
#include "snapshot/org_manifest.h"

/* The manifests of one scan, in the order the command line names them. */
struct ts_orgs_gaps;
struct ts_orgs {
    struct ts_org_manifest *items;
    size_t count;
    /* Folders named on the command line (as "DIR/"), and what scan found
     * lacking; claim adds to it. */
    struct ts_orgs_gaps *gaps;
};

void ts_orgs_init(struct ts_orgs *o);
void ts_orgs_release(struct ts_orgs *o);
/* Loads path and adds it; -1 (problems said) if it is bad. */
int ts_orgs_add(struct ts_orgs *o, const char *path, struct ts_problems *problems);

/* Checks a loaded snapshot against the manifest of the folder it is in (if
 * any): the manifest must list its account as collected into this file,
 * and the organisation must agree.  A problem names both files.  Gives the
 * snapshot the manifest's name for its account if it has none.  Safe from
 * several threads at once (reads the manifests only).  Returns -1 on a
 * problem. */
int ts_orgs_claim(const struct ts_orgs *o, struct ts_snapshot *s,
                  struct ts_problems *problems);

/* A folder the command line names: a snapshot in it that carries an
 * organization while the folder has no manifest is a gap (an interrupted
 * collect --org, a manifest deleted): the organisation's list of accounts
 * is unknown. */
void ts_orgs_watch_folder(struct ts_orgs *o, const char *dir);

/* The accounts no report could judge (not collected, or their snapshot
 * missing), in manifest order; the array is the caller's to free. */
size_t ts_orgs_unjudged(const struct ts_orgs *o, const struct ts_org_account ***out);
/* Adds the gaps of the scan as a whole: shares of a sharded
 * collection that no manifest covers, folders of an organisation's
 * snapshots without a manifest.  Call once, after every claim. */
void ts_orgs_find_gaps(struct ts_orgs *o);

#endif

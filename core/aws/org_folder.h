/* The folder collect --org writes: one snapshot per account and the
 * manifest, each whole or not at all, and a folder that always agrees with
 * its manifest (DESIGN.md section 2b). */
#ifndef TS_ORG_FOLDER_H
#define TS_ORG_FOLDER_H

#include "aws/org_plan.h"
#include "util/error.h"
#include "util/strlist.h"

/* Makes dir if it is missing; checks it is a folder we may write in, and
 * that a manifest an earlier run left there is of the same share (K/N, or
 * shard_n 0 for a whole run): shares in one folder would write
 * organization.json over each other's.  Said before any call is made.
 * Returns 0, or -1 with err. */
int org_folder_prepare(const char *dir, unsigned shard_k, unsigned shard_n,
                       struct ts_error *err);

/* Writes dir/name whole or not at all (util/output.h).  Returns 0, or -1
 * with err. */
int org_folder_write(const char *dir, const char *name, const char *text,
                     struct ts_error *err);

/* --skip-existing: each ORG_TODO account whose dir/<id>.json is complete
 * and holds this run's regions (NULL: every enabled one; aws/org_existing.h)
 * becomes ORG_COLLECTED, kept. */
void org_folder_keep_existing(const char *dir, struct org_plan *plan, const char *org_id,
                              const char *const *regions);

/* Renames dir/<id>.json to dir/<id>.json.previous for every account of
 * plan this run did not collect: an earlier run's snapshot would contradict
 * the manifest.  Returns how many were renamed; a rename that fails is
 * pushed onto problems. */
unsigned org_folder_set_aside(const char *dir, const struct org_plan *plan,
                              struct ts_strlist *problems);

#endif

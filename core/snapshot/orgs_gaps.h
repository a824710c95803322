/* org_manifest.c's side of orgs_gaps.c: what a scan lacks as a whole. */
#ifndef TS_ORGS_GAPS_H
#define TS_ORGS_GAPS_H

#include "snapshot/org_manifest.h"

void ts_orgs_gaps_free(struct ts_orgs_gaps *g);
/* A snapshot in a watched folder that has no manifest: noted if it carries
 * an organization.  Safe from several threads at once. */
void ts_orgs_gaps_note(const struct ts_orgs *o, const struct ts_snapshot *s);
size_t ts_orgs_gaps_count(const struct ts_orgs *o);
/* Puts the gaps found into out (room for ts_orgs_gaps_count); returns how many. */
size_t ts_orgs_gaps_entries(const struct ts_orgs *o, const struct ts_org_account **out);

#endif

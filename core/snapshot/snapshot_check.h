/* The snapshot format's checks (DESIGN.md section 2), on a parsed
 * snapshot: every problem with its position. */
#ifndef TS_SNAPSHOT_CHECK_H
#define TS_SNAPSHOT_CHECK_H

#include "util/error.h"
#include "snapshot/snapshot.h"

/* Format checks on a parsed snapshot (snapshot_load.c runs them). */
void ts_snapshot_check(struct ts_snapshot *s, struct ts_problems *problems);

/* 1 if r is an AWS region name as a snapshot's regions are keyed
 * (us-east-1, us-gov-west-1): collect asks before it makes one. */
int ts_snapshot_region_ok(const char *r);

#endif

/* What a snapshot and an organisation's manifest say about the
 * organisation (DESIGN.md sections 2 and 2b): an account's name, the
 * organisation's id and its management account.  One check of each, for
 * both files. */
#ifndef TS_SNAPSHOT_ORG_H
#define TS_SNAPSHOT_ORG_H

#include <stddef.h>
#include "util/error.h"
#include "snapshot/snapshot.h"

/* An account name longer than this (in bytes) is refused: AWS allows 50
 * characters, a hand-made file a few more, nothing needs a page. */
#define TS_ACCOUNT_NAME_MAX 256

/* NULL if name is a sane account name (1 to TS_ACCOUNT_NAME_MAX bytes, no
 * control character, line separator or bidirectional override); else what
 * is wrong with it, written into buf. */
const char *ts_account_name_problem(const char *name, char *buf, size_t n);

/* 1 if id is an organisation id: "o-" and 10 to 32 of [a-z0-9]. */
#define TS_ORG_ID_WANTED "an organization id (o- and 10 to 32 lowercase letters or digits)"
int ts_org_id_ok(const char *id);

/* 1 if id is an account id: 12 digits. */
int ts_account_id_ok(const char *id);

/* Checks the snapshot's optional `account_name` and `organization`
 * (snapshot_check.c runs it); sets s->account_name, s->org_id and
 * s->org_management when they are right.  Problems as
 * "file:line:col: path: what". */
void ts_snapshot_check_org(struct ts_snapshot *s, struct ts_problems *problems);

#endif

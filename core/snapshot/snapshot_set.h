/* Which files a command line names (files, or every *.json in a folder),
 * and the rule that one account appears in one file only. */
#ifndef TS_SNAPSHOT_SET_H
#define TS_SNAPSHOT_SET_H

#include <stddef.h>
#include "util/error.h"
#include "util/strlist.h"

/* Appends the snapshot files named by args: a file as given, a directory as
 * its *.json files in name order (not recursive).  An organisation's
 * manifest (organization.json, org_manifest.h), in a directory or named,
 * goes to manifests instead.  Problems (missing path, a directory with
 * neither snapshots nor a manifest) go to problems; returns -1 if any. */
int ts_inputs_expand(char *const *args, size_t nargs, struct ts_strlist *files,
                     struct ts_strlist *manifests, struct ts_problems *problems);

/* Account ids seen so far, with the file each came from; found by hash
 * (an organisation's thousands of accounts are claimed one by one).  The
 * pairs are one block, "id\0file\0" after another: kept for the whole
 * scan, a pair of small allocations per account grew its peak. */
struct ts_accounts {
    char *text;             /* the pairs */
    size_t len, cap;
    size_t count;
    size_t *slots;          /* 0 empty, else 1 + a pair's offset in text */
    size_t nslots;          /* a power of two, at most half full */
};

void ts_accounts_init(struct ts_accounts *a);
void ts_accounts_release(struct ts_accounts *a);
/* Records id for file; if another file had it, adds a problem, returns -1. */
int ts_accounts_claim(struct ts_accounts *a, const char *id, const char *file,
                      struct ts_problems *problems);

#endif

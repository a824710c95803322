/* An organisation on disk (DESIGN.md section 2b): the manifest
 * DIR/organization.json that `collect --org` writes last, beside one
 * snapshot per account.  Read for the accounts' names and for the accounts
 * that could not be collected, never as a snapshot. */
#ifndef TS_ORG_MANIFEST_H
#define TS_ORG_MANIFEST_H

#include <stddef.h>
#include "json/json_doc.h"
#include "util/error.h"
#include "snapshot/snapshot.h"

#define TS_ORG_FORMAT "trailscan-organization/1"
#define TS_ORG_MANIFEST_NAME "organization.json"

/* The last two are never in a manifest: scan makes them for what a scan
 * lacks (a share of a sharded collection; a folder's manifest). */
enum ts_org_status { TS_ORG_COLLECTED, TS_ORG_FAILED, TS_ORG_SKIPPED, TS_ORG_NO_SHARE,
                     TS_ORG_NO_MANIFEST };

/* One entry of `accounts`.  Strings point into the manifest's tree. */
struct ts_org_account {
    const char *manifest;       /* the manifest's path, as named */
    unsigned line, column;      /* where the entry's object begins */
    const char *id, *name;      /* name NULL if the manifest has none */
    enum ts_org_status status;
    const char *file;           /* collected: the snapshot's name in the folder */
    char *path;                 /* collected: the folder's path joined with file (owned) */
    int missing;                /* collected, but no such file when the manifest was read */
    const char *code, *message; /* failed: AWS's error (message may be NULL) */
    const char *reason;         /* skipped: why */
    /* NO_SHARE, NO_MANIFEST: id is NULL, name says what is missing and
     * reason why it matters, manifest is where (own[0..2]); the parts of
     * those words, for reports in another language: the organisation
     * (own[3]), the folder (NO_MANIFEST, own[4]), which share of how many
     * (NO_SHARE). */
    char *own[5];
    unsigned share, shares;
};

struct ts_org_manifest {
    struct ts_json_doc doc;
    char *prefix;               /* what paths of files in its folder begin with: "" or "DIR/" */
    const char *org_id, *management_account_id, *collected_at;
    unsigned shard_index, shard_count;  /* collect --shard K/N; 0 if the whole */
    unsigned shard_line, shard_column;  /* where "shard" is */
    struct ts_org_account *accounts;
    size_t naccounts;
    /* Indexes into accounts sorted by id and by file (ties in list order),
     * of the entries that have one. */
    struct ts_org_account **by_id, **by_file;
    size_t nby_id, nby_file;
};

void ts_org_manifest_init(struct ts_org_manifest *m);
void ts_org_manifest_release(struct ts_org_manifest *m);

/* 1 if path names a manifest: its last component is organization.json. */
int ts_org_manifest_named(const char *path);

/* Reads and checks path against the format; every problem goes to problems
 * as "file:line:col: what"; returns -1 if there was any. */
int ts_org_manifest_load(struct ts_org_manifest *m, const char *path,
                         struct ts_problems *problems);

/* Same, from text already in memory (tests, fuzzing).  Copies text. */
int ts_org_manifest_load_text(struct ts_org_manifest *m, const char *path, const char *text,
                              size_t len, struct ts_problems *problems);

/* The entry of account id, or NULL. */
const struct ts_org_account *ts_org_manifest_find(const struct ts_org_manifest *m,
                                                  const char *id);

/* 1 if the account was not judged because of a gap (collection failed, or
 * its snapshot is missing): the run is incomplete.  0 for a skip (an
 * account left out on purpose, or suspended). */
int ts_org_account_gap(const struct ts_org_account *a);
/* "failed", "missing" or "skipped". */
const char *ts_org_account_state(const struct ts_org_account *a);
/* Why the account was not judged, in words, into buf; returns buf. */
const char *ts_org_account_reason(const struct ts_org_account *a, char *buf, size_t n);

/* The entry whose file is file (a name in the folder), or NULL. */
const struct ts_org_account *ts_org_manifest_find_file(const struct ts_org_manifest *m,
                                                       const char *file);

#endif

/* The organisation view's index: when one scan holds several snapshots,
 * which file holds each account, and which account owns each S3 bucket
 * (its ListBuckets).  Only that much is kept, never an account's tree: a
 * rule that needs another account's data loads that one snapshot
 * (engine/rule_org.h).  Trails, log groups and topics name their account in
 * their ARNs; a bucket's ARN does not, hence the bucket names. */
#ifndef TS_ORG_INDEX_H
#define TS_ORG_INDEX_H

#include <stddef.h>
#include "util/strlist.h"

struct ts_org_index_account {
    char *id, *file;
};

struct ts_org_index_bucket {
    char *name;
    const char *account;    /* the id in accounts */
};

struct ts_org_index {
    struct ts_org_index_account *accounts; /* sorted by id */
    size_t naccounts;
    struct ts_org_index_bucket *buckets;   /* sorted by name */
    size_t nbuckets;
};

void ts_org_index_init(struct ts_org_index *ix);
void ts_org_index_release(struct ts_org_index *ix);

/* Skims each file (no tree is built) for its account_id and its
 * global.s3.ListBuckets bucket names.  A file that cannot be read or has
 * no account_id is left out (the scan reports it when it loads it); of two
 * files with one account, the first is kept (the scan reports the other).
 * Same files, same index: the order of files decides, never timing. */
void ts_org_index_build(struct ts_org_index *ix, const struct ts_strlist *files);

/* The same in parts, for several threads: one file's account_id and
 * bucket names (id NULL: unreadable, or no account_id), skimmed by
 * ts_org_index_skim in any thread; ts_org_index_merge then adds every
 * file's part, in file order (so the index is ts_org_index_build's), and
 * takes what the parts hold.  A part's id is one block that holds the
 * file name and the bucket names too, each after the one before its NUL:
 * the index keeps the block as it is. */
struct ts_org_index_part {
    char *id;        /* then the file name, then the nnames bucket names */
    size_t nnames;
};

void ts_org_index_skim(struct ts_org_index_part *part, const char *file);
/* The same with 16-byte lanes only, where ts_org_index_skim uses AVX2 (the
 * CPU's, chosen at run time): the tests compare the two. */
void ts_org_index_skim_narrow(struct ts_org_index_part *part, const char *file);
void ts_org_index_merge(struct ts_org_index *ix, const struct ts_strlist *files,
                        struct ts_org_index_part *parts);

/* The file of account id, or NULL. */
const char *ts_org_index_file(const struct ts_org_index *ix, const char *id);

/* The account whose ListBuckets has bucket name, or NULL. */
const char *ts_org_index_bucket_owner(const struct ts_org_index *ix, const char *name);

#endif

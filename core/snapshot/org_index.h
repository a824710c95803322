/* The organisation view's index: when one scan holds several snapshots,
 * which file holds each account, and which account owns each S3 bucket
 * (its ListBuckets).  Only that much is kept, never an account's tree: a
 * rule that needs another account's data loads that one snapshot
 * (engine/rule_org.h).  Trails, log groups and topics name their account in
 * their ARNs; a bucket's ARN does not, hence the bucket names. */
#ifndef TS_ORG_INDEX_H
#define TS_ORG_INDEX_H

#include <stddef.h>
#include "util/sparse_table.h"
#include "util/strlist.h"

/* Kept for the whole scan, so its memory must not grow with the
 * organisation: its two tables (util/sparse_table.h) are in an unlinked
 * temporary file, memory holds a few bytes an account.  The fields are
 * org_index.c's; the tables' counts may be read. */
struct ts_org_index {
    struct ts_sparse_table accounts;   /* id -> the number of its file in files */
    struct ts_sparse_table buckets;    /* name -> its owner's id */
    const struct ts_strlist *files;    /* what it was built from */
};

void ts_org_index_init(struct ts_org_index *ix);
void ts_org_index_release(struct ts_org_index *ix);

/* Skims each file (no tree is built) for its account_id and its
 * global.s3.ListBuckets bucket names.  A file that cannot be read or has
 * no account_id is left out (the scan reports it when it loads it); of two
 * files with one account, the first is kept (the scan reports the other).
 * Same files, same index: the order of files decides, never timing.
 * files must outlive the index: it answers with the paths in it. */
void ts_org_index_build(struct ts_org_index *ix, const struct ts_strlist *files);

/* The same in parts, for several threads: one file's account_id and
 * bucket names (id NULL: unreadable, or no account_id), skimmed by
 * ts_org_index_skim in any thread; ts_org_index_merge then adds every
 * file's part, in file order (so the index is ts_org_index_build's), and
 * frees what the parts hold (they are left empty).  A part's id is one
 * block that holds the bucket names too, each after the one before's NUL
 * (the file is the part's place in files). */
struct ts_org_index_part {
    char *id;        /* then the nnames bucket names */
    size_t nnames;
};

void ts_org_index_skim(struct ts_org_index_part *part, const char *file);
/* The same with 16-byte lanes only, where ts_org_index_skim uses AVX2 (the
 * CPU's, chosen at run time): the tests compare the two. */
void ts_org_index_skim_narrow(struct ts_org_index_part *part, const char *file);
void ts_org_index_merge(struct ts_org_index *ix, const struct ts_strlist *files,
                        struct ts_org_index_part *parts);

/* Lookups may come from any number of threads at once: they read the
 * index's file with pread into their own buffers, and answer into the
 * caller's storage (or the input list), never into the index. */

/* The file of account id: a path in the files the index was built from
 * (it lives as long as that list), or NULL. */
const char *ts_org_index_file(const struct ts_org_index *ix, const char *id);

#define TS_ORG_INDEX_NONE ((size_t)-1)

/* The account whose ListBuckets has bucket name: its id copied into the
 * caller's buf of size bytes (cut to size - 1 and NUL-terminated, as
 * snprintf does), its whole length returned (a caller whose buf was too
 * small asks again with length + 1); TS_ORG_INDEX_NONE if no account
 * lists it.  The answer is the caller's, for as long as buf lives. */
size_t ts_org_index_bucket_owner(const struct ts_org_index *ix, const char *name, char *buf,
                                 size_t size);

/* A lookup that could not read the index's file (a disk error) answers
 * as if the account or bucket were not in the scan: a rule cannot be told
 * otherwise.  This is the errno of the first such read, or 0, for the
 * scan to report that its results may be wrong. */
int ts_org_index_error(const struct ts_org_index *ix);

#endif

/* Which accounts of an organisation one `collect --org` run collects, and
 * what became of each: the selection (--accounts, --exclude-accounts), the
 * share of --shard K/N, the accounts AWS says are not ACTIVE, and, as the
 * run goes, collected / failed / skipped.  The manifest is written from
 * it. */
#ifndef TS_ORG_PLAN_H
#define TS_ORG_PLAN_H

#include <stddef.h>

#include "aws/aws_client.h"
#include "aws/org_accounts.h"
#include "util/error.h"
#include "util/strlist.h"

enum org_status { ORG_TODO, ORG_COLLECTED, ORG_FAILED, ORG_SKIPPED };

struct org_entry {
    const struct org_account *acct;  /* in the listing */
    enum org_status status;
    int self;                 /* the calling account: its own credentials, no role */
    int kept;                 /* --skip-existing: its earlier snapshot kept */
    unsigned failed_calls;    /* collected, but partial (calls listed in its errors) */
    char reason[96];          /* skipped: why */
    struct aws_fault fault;   /* failed: AWS's code and message */
    char file[32];            /* collected: "<id>.json" */
};

struct org_select {
    struct ts_strlist accounts;  /* --accounts (none: every account) */
    struct ts_strlist exclude;   /* --exclude-accounts */
    unsigned shard_k, shard_n;   /* --shard K/N; shard_n 0: no shard */
};

struct org_plan {
    struct org_entry *entries;   /* this shard's accounts, sorted by id */
    size_t count;
};

/* The plan for listing l (kept alive by the caller) as sel says; caller is
 * the calling account's id.  Accounts of the shard that are not ACTIVE, or
 * not selected, are skipped with the reason.  Returns 0, with warnings (a
 * --exclude-accounts id the organisation does not have) pushed onto
 * warnings; or -1 with err when an --accounts id is not in the
 * organisation. */
int org_plan_make(const struct org_listing *l, const struct org_select *sel,
                  const char *caller, struct org_plan *out, struct ts_strlist *warnings,
                  struct ts_error *err);

void org_plan_release(struct org_plan *p);

/* The account's share of --shard K/N: the accounts of the organisation
 * sorted by id, the i-th (from 0) in shard i mod N + 1.  The same on every
 * machine that lists the same organisation. */
int org_in_shard(size_t index, unsigned k, unsigned n);

#endif

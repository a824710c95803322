/* An organisation's accounts as AWS Organizations lists them, for collect
 * --org: DescribeOrganization (its id and management account) and every
 * page of ListAccounts, from the management account or a delegated
 * administrator. */
#ifndef TS_ORG_ACCOUNTS_H
#define TS_ORG_ACCOUNTS_H

#include <stddef.h>

#include "aws/aws_once.h"
#include "util/error.h"

struct org_account {
    char id[16];            /* 12 digits */
    char *name;             /* AWS's Name, or NULL when it has none `validate` accepts */
    char state[32];         /* State (or the older Status): ACTIVE, SUSPENDED, ... */
};

struct org_listing {
    char org_id[40];        /* o- and 10 to 32 of [a-z0-9] */
    char management_id[16];
    struct org_account *accounts;   /* sorted by id, each once */
    size_t count;
};

/* Fills out (caller releases) with o's credentials; region: any region of
 * the partition (Organizations answers in its first one).  Returns 0, or
 * -1 with err saying what failed, in words a user acts on, and fault (may
 * be NULL) AWS's code and message. */
int org_list_accounts(const struct aws_once_opts *o, const char *region,
                      struct org_listing *out, struct aws_fault *fault,
                      struct ts_error *err);

void org_listing_release(struct org_listing *l);

/* The calling account (12 digits) and its partition, from STS
 * GetCallerIdentity asked in region: the account collected with its own
 * credentials, and the partition of the members' role ARNs.  Returns 0, or
 * -1 with err. */
int org_caller(const struct aws_once_opts *o, const char *region, char id[16],
               char partition[16], struct ts_error *err);

/* The entry of account id, or NULL. */
const struct org_account *org_listing_find(const struct org_listing *l, const char *id);

#endif

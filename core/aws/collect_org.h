/* collect --org's engine: the accounts of a plan collected in parallel,
 * each by its own worker thread with a small pool (AWS throttles per
 * account), all under one cap on requests in flight.  Each member is
 * reached through AssumeRole of arn:<partition>:iam::<id>:role/<name>
 * (aws/cred_role.h, re-assumed before it expires); the calling account
 * with its own credentials.  One account failing never stops the others. */
#ifndef TS_COLLECT_ORG_H
#define TS_COLLECT_ORG_H

#include <stddef.h>

#include "aws/collect.h"
#include "aws/org_plan.h"

/* Requests one account may have in flight at once (fewer if --jobs is). */
#define COLLECT_ORG_PER_ACCOUNT 4

struct collect_org_progress {
    unsigned accounts_done, accounts_total;
    unsigned long calls, retries, errors;   /* errors: failed calls and accounts */
    unsigned long elapsed_ms;
    long left_ms;                           /* estimated; -1 until an account is done */
};

struct collect_org_opts {
    /* What every account's collection shares: home_region, regions,
     * endpoint_url, timeout_ms, max_attempts, delays.  creds is the
     * calling account's (the source of every AssumeRole); parallel,
     * progress and the --org fields are set per account. */
    struct collect_opts account;
    const char *role_name;       /* the role assumed in each member */
    const char *partition;       /* of the calling account */
    const char *org_id, *management_id;
    unsigned jobs;               /* requests in flight in all */
    /* Called on the calling thread, one account at a time, when an account
     * is done: e->status is ORG_COLLECTED with text (the snapshot, taken by
     * the callee) or ORG_FAILED with e->fault.  The callee may turn a
     * collected one into a failed one (the file could not be written). */
    void (*done)(struct org_entry *e, char *text, void *ctx);
    /* On the calling thread, about ten times a second; or NULL. */
    void (*progress)(const struct collect_org_progress *p, void *ctx);
    void *ctx;
};

/* Collects every ORG_TODO entry of plan.  Returns 0 when every account has
 * been handed to done, or -1 with err if no worker could start. */
int collect_org_run(const struct collect_org_opts *o, struct org_plan *plan,
                    struct ts_error *err);

#endif

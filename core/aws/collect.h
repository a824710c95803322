/* Which AWS calls make a snapshot, and in what order: identity first, then
 * the regions, then every region's calls at once, each answer starting the
 * calls that depend on it (trail -> status and selectors, alarm -> topic
 * subscriptions, trail bucket -> its settings). */
#ifndef TS_COLLECT_H
#define TS_COLLECT_H

#include <stddef.h>

#include "aws/aws_client.h"
#include "aws/cred_provider.h"
#include "util/error.h"

struct http_gate;

struct collect_progress {
    unsigned regions_done, regions_total;
    unsigned long calls_started, calls_done, retries, errors;
};

struct collect_opts {
    struct aws_cred_provider *creds; /* the account's keys, refreshed as needed */
    const char *home_region;       /* where STS and EC2 are asked */
    const char *const *regions;    /* NULL-terminated; NULL: every enabled region */
    const char *endpoint_url;      /* or NULL for AWS's endpoints */
    unsigned parallel;             /* requests in flight */
    long timeout_ms;               /* per attempt */
    unsigned max_attempts;
    unsigned base_delay_ms, max_delay_ms;
    void (*progress)(const struct collect_progress *p, void *ctx);
    void *progress_ctx;
    /* collect --org: */
    struct http_gate *gate;        /* a cap shared with other accounts, or NULL */
    const char *account_name;      /* the snapshot's account_name, or NULL */
    const char *org_id;            /* the snapshot's organization, or NULL */
    const char *org_management_id;
    const char *expect_account_id; /* or NULL: another identity is an error */
    struct aws_fault *fault;       /* or NULL: AWS's code and message when NULL
                                    * is returned for an AWS error */
};

/* Collects one account.  Returns the snapshot's text (caller frees) and
 * sets *failures to the number of calls that failed for good (listed in the
 * snapshot's `errors`; > 0 means partial).  Returns NULL with err when
 * nothing could be collected: the identity or the region list failed
 * (then o->fault, if set, gets AWS's code and message). */
char *collect_account(const struct collect_opts *o, unsigned *failures,
                      struct ts_error *err);

#endif

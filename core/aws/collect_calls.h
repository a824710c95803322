/* The state of one account's collection and the helpers every
 * collect_<service>.c file uses to start a call and keep its answer:
 * paging followed to the end, every answer checked as `validate` would
 * before it is stored, failures listed in errors, a region counted done
 * when its last call has answered.  Internal to collect: collect.h is the
 * outside's view (and includes this file, not the other way round). */
#ifndef TS_COLLECT_CALLS_H
#define TS_COLLECT_CALLS_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "aws/aws_client.h"
#include "aws/collect_store.h"
#include "util/strlist.h"

struct collect_opts;

struct region_state {
    char name[32];
    unsigned pending;       /* calls of this region not yet answered */
    int done;               /* counted as done (a late SNS call may follow) */
};

struct collector {
    const struct collect_opts *o;
    struct aws_client client;
    struct collect_store store;
    struct region_state *regions;
    size_t nregions;
    unsigned regions_done;
    unsigned trails_pending;        /* regions whose DescribeTrails is out */
    int buckets_listed;             /* ListBuckets has answered (or failed) */
    int buckets_started;
    struct ts_strlist owned_buckets, trail_buckets, topics;
    struct ts_strlist away_trails;  /* trails read in a home region not collected */
    char account_id[16], partition[16];
    struct aws_fault fatal;         /* identity or regions failed */
    int fatal_set;
    size_t max_listing_bytes;       /* all pages of one listing, as received */
    size_t max_total_bytes;         /* every answer stored, as received */
    size_t stored_bytes;
    void (*progress)(struct collector *col); /* after every answer (collect.c's) */
};

/* The byte limits, or the lower ones the environment sets for tests
 * (TRAILSCAN_COLLECT_MAX_LISTING_BYTES, TRAILSCAN_COLLECT_MAX_BYTES). */
void collect_set_limits(struct collector *col);

/* The region's state, or NULL if region is not being collected. */
struct region_state *collect_region_state(struct collector *col, const char *name);

int collect_strlist_has(const struct ts_strlist *l, const char *s);

/* 1 for the services stored under `global` (S3, S3 Control). */
int collect_is_global(const struct aws_call *call);

/* Where a global service's calls are signed: the partition's first region. */
const char *collect_global_region(const struct collector *col);

/* Starts call (made with aws_call_new, ctx col), counted in its region. */
void collect_launch(struct collector *col, struct aws_call *call);

/* A new call of operation with params, about key (may be NULL), answered to fn. */
void collect_start(struct collector *col, const struct aws_service *svc, const char *region,
                   const char *operation, const char *params, const char *key,
                   aws_answer_fn fn);

/* The answer if it may be used and stored; else NULL, with the reason
 * listed in errors (answer freed).  An answer `validate` would refuse never
 * reaches the snapshot, nor starts other calls. */
cJSON *collect_checked(struct collector *col, struct aws_call *call, cJSON *answer);

/* Stores answer (taken; already checked) or lists fault (NULL: already
 * listed), and starts the next page if there is one.  Returns 1 when a next
 * page was started. */
int collect_keep(struct collector *col, struct aws_call *call, cJSON *answer,
                 const struct aws_fault *fault);

/* Every answer passes here last: frees call; its region may now be complete. */
void collect_finished(struct collector *col, struct aws_call *call);

/* An answer that starts nothing: checked, kept, finished. */
void collect_on_plain(struct aws_call *call, cJSON *answer, const struct aws_fault *fault);

/* A JSON request body {"<name>": "<value>"} (caller frees). */
char *collect_json_param(const char *name, const char *value);

/* The services whose calls depend on earlier answers, one file each. */
void collect_s3_start(struct collector *col);          /* ListBuckets, S3 Control */
void collect_s3_trails_done(struct collector *col);    /* each bucket, once trails are known */
void collect_kms_start(struct collector *col, const char *region);
void collect_securityhub_start(struct collector *col, const char *region);

#endif

/* One AWS API call as the collector sees it: service, region, operation and
 * parameters in; AWS's answer as the AWS CLI's JSON out, or why it failed.
 * This file knows the wire: endpoints, the JSON, query, REST-XML and
 * REST-JSON protocols, signing each attempt, and the SDKs' standard retry policy. */
#ifndef TS_AWS_CLIENT_H
#define TS_AWS_CLIENT_H

#include <stdint.h>
#include <cjson/cJSON.h>

#include "aws/cred_provider.h"
#include "aws/http.h"
#include "aws/service.h"

struct aws_client {
    struct http_pool *pool;
    struct aws_cred_provider *creds; /* keys for each attempt; NULL: unsigned calls
                                      * (AssumeRoleWithWebIdentity) */
    const char *endpoint_url;  /* every service at this URL (a local API); or NULL:
                                * the environment's, else AWS's (aws/endpoint.h) */
    unsigned max_attempts;     /* attempts per call, first included */
    unsigned base_delay_ms;    /* backoff: random(0, min(max, base * 2^retry)) */
    unsigned max_delay_ms;
    uint64_t rng;              /* jitter only; never reaches a snapshot */
    /* Progress, for the terminal: */
    unsigned long started, finished, retries, failed;
};

/* Why a call failed for good. */
struct aws_fault {
    char code[128];            /* AWS's error code, or a transport one */
    char message[512];
    long status;               /* HTTP status, 0 when no answer came */
};

struct aws_call;
/* The final outcome of a call: answer (the callee owns it) or fault. */
typedef void (*aws_answer_fn)(struct aws_call *call, cJSON *answer,
                              const struct aws_fault *fault);

struct aws_call {
    struct http_job job;       /* first: the pool hands it back */
    struct aws_client *client;
    const struct aws_service *svc;
    char region[32];
    const char *operation;     /* static string */
    char *params;              /* JSON body (JSON, REST-JSON); query "K=v&..." (encoded);
                                * REST-XML "/bucket?sub" */
    unsigned attempt;
    aws_answer_fn answer;
    void *ctx;                 /* the caller's */
    char *key;                 /* the caller's: the resource the call is about */
    unsigned page;             /* the caller's: 0 for a first page */
    void *pages;               /* the caller's: what the pages of one listing share */
    size_t bytes;              /* the answer's size as it came (body bytes) */
    char account[16];          /* S3 Control: the account asked about (its host
                                * label and x-amz-account-id); else "" */
};

/* A call, not yet started.  params and key are copied (key may be NULL).
 * The caller frees it with aws_call_free, usually in answer. */
struct aws_call *aws_call_new(struct aws_client *c, const struct aws_service *svc,
                              const char *region, const char *operation,
                              const char *params, const char *key,
                              aws_answer_fn answer, void *ctx);
void aws_call_start(struct aws_call *call);
void aws_call_free(struct aws_call *call);

/* 1 if name can be a region: [a-z0-9-], 1 to 31 characters.  Region names
 * become host names, so anything else (from the environment, a profile, an
 * ARN or an answer) must never reach a URL. */
int aws_region_ok(const char *name);

/* The partition a region belongs to: "aws", "aws-cn" or "aws-us-gov". */
const char *aws_partition_of(const char *region);

/* Appends to buf (size n) the form encoding of s (RFC 3986 unreserved kept).
 * Returns 0, or -1 if it does not fit. */
int aws_form_encode(char *buf, size_t n, const char *s);

#endif

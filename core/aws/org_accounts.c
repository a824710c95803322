/* Listing an organisation: one DescribeOrganization, then ListAccounts
 * page after page (AWS gives at most 20 accounts a page). */
#include "aws/org_accounts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/aws_client.h"
#include "snapshot/snapshot_org.h"
#include "util/strlist.h"
#include "util/text.h"

/* A paginator that never ends is AWS misbehaving or a hostile endpoint:
 * 10000 pages are 200000 accounts, far past any organisation's quota. */
#define MAX_PAGES 10000

void org_listing_release(struct org_listing *l)
{
    for (size_t i = 0; i < l->count; i++)
        free(l->accounts[i].name);
    free(l->accounts);
    memset(l, 0, sizeof(*l));
}

const struct org_account *org_listing_find(const struct org_listing *l, const char *id)
{
    for (size_t i = 0; i < l->count; i++)
        if (!strcmp(l->accounts[i].id, id))
            return &l->accounts[i];
    return NULL;
}


/* Where Organizations answers: its partition's first region. */
static const char *org_region(const char *region)
{
    const char *p = aws_partition_of(region);
    return !strcmp(p, "aws-cn") ? "cn-northwest-1"
           : !strcmp(p, "aws-us-gov") ? "us-gov-west-1" : "us-east-1";
}

static const char *string_of(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(v) && v->valuestring ? v->valuestring : NULL;
}

static int invalid(struct aws_fault *fault, struct ts_error *err, const char *what)
{
    if (fault) {
        memset(fault, 0, sizeof(*fault));
        snprintf(fault->code, sizeof(fault->code), "InvalidResponse");
        snprintf(fault->message, sizeof(fault->message), "%s", what);
    }
    return ts_error_set(err, "Organizations: the answer is not what AWS sends: %s", what);
}

/* The error of a failed Organizations call, with what to do for the
 * usual ones. */
static int failed(const char *operation, const struct aws_fault *f, struct aws_fault *fault,
                  struct ts_error *err)
{
    const char *hint = "";

    if (fault)
        *fault = *f;
    if (!strcmp(f->code, "AWSOrganizationsNotInUseException"))
        hint = " (this account is in no organisation)";
    else if (!strcmp(f->code, "AccessDeniedException") || !strcmp(f->code, "AccessDenied"))
        hint = " (run it from the management account or a delegated administrator, with"
               " organizations:DescribeOrganization and organizations:ListAccounts)";
    return ts_error_set(err, "Organizations %s: %s: %.400s%s", operation, f->code, f->message,
                        hint);
}

static int describe(const struct aws_once_opts *o, const char *region, struct org_listing *out,
                    struct aws_fault *fault, struct ts_error *err)
{
    struct aws_fault f;
    cJSON *a = aws_call_once(o, &aws_organizations, region, "DescribeOrganization", "{}", &f);
    const cJSON *org = cJSON_GetObjectItemCaseSensitive(a, "Organization");
    const char *id = string_of(org, "Id"), *mgmt = string_of(org, "MasterAccountId");
    int rc = 0;

    if (!a)
        return failed("DescribeOrganization", &f, fault, err);
    if (!id || !ts_org_id_ok(id))
        rc = invalid(fault, err, "DescribeOrganization gave no organization id (o-...)");
    else if (!mgmt || !ts_account_id_ok(mgmt))
        rc = invalid(fault, err, "DescribeOrganization gave no 12-digit management account");
    else {
        snprintf(out->org_id, sizeof(out->org_id), "%s", id);
        snprintf(out->management_id, sizeof(out->management_id), "%s", mgmt);
    }
    cJSON_Delete(a);
    return rc;
}

/* Adds one ListAccounts entry; a second entry for an id is ignored. */
static int add_account(struct org_listing *out, const cJSON *a, struct aws_fault *fault,
                       struct ts_error *err)
{
    const char *id = string_of(a, "Id"), *name = string_of(a, "Name");
    const char *state = string_of(a, "State");
    struct org_account *acct;
    char why[128];

    /* State replaces Status (deprecated in 2025); either says ACTIVE. */
    if (!state)
        state = string_of(a, "Status");
    if (!id || !ts_account_id_ok(id))
        return invalid(fault, err, "ListAccounts gave an account without a 12-digit Id");
    if (org_listing_find(out, id))
        return 0;
    out->accounts = ts_xrealloc(out->accounts, (out->count + 1) * sizeof(*out->accounts));
    acct = &out->accounts[out->count++];
    memset(acct, 0, sizeof(*acct));
    snprintf(acct->id, sizeof(acct->id), "%s", id);
    /* A name `validate` would refuse is left out, not the account. */
    acct->name = name && !ts_account_name_problem(name, why, sizeof(why)) ? ts_xstrdup(name)
                                                                         : NULL;
    snprintf(acct->state, sizeof(acct->state), "%.31s",
             state && ts_text_is_plain(state) ? state : "UNKNOWN");
    return 0;
}

static int by_id(const void *a, const void *b)
{
    return strcmp(((const struct org_account *)a)->id, ((const struct org_account *)b)->id);
}

static int list(const struct aws_once_opts *o, const char *region, struct org_listing *out,
                struct aws_fault *fault, struct ts_error *err)
{
    struct ts_strlist tokens;
    char *token = NULL;
    int rc = 0;

    ts_strlist_init(&tokens);
    for (unsigned page = 0; rc == 0; page++) {
        cJSON *req = cJSON_CreateObject(), *a;
        const cJSON *item, *next;
        struct aws_fault f;
        char *params;

        cJSON_AddNumberToObject(req, "MaxResults", 20);
        if (token)
            cJSON_AddStringToObject(req, "NextToken", token);
        params = cJSON_PrintUnformatted(req);
        cJSON_Delete(req);
        a = params ? aws_call_once(o, &aws_organizations, region, "ListAccounts", params, &f)
                   : NULL;
        free(params);
        if (!a) {
            rc = failed("ListAccounts", &f, fault, err);
            break;
        }
        if (!cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(a, "Accounts")))
            rc = invalid(fault, err, "ListAccounts gave no Accounts list");
        cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(a, "Accounts"))
            if (rc == 0)
                rc = add_account(out, item, fault, err);
        next = cJSON_GetObjectItemCaseSensitive(a, "NextToken");
        free(token);
        token = cJSON_IsString(next) && next->valuestring && next->valuestring[0]
                    ? ts_xstrdup(next->valuestring) : NULL;
        cJSON_Delete(a);
        if (!token || rc)
            break;
        for (size_t i = 0; i < tokens.count && rc == 0; i++)
            if (!strcmp(tokens.items[i], token))
                rc = invalid(fault, err, "ListAccounts sent a page token a second time");
        if (rc == 0 && page + 1 >= MAX_PAGES)
            rc = invalid(fault, err, "ListAccounts gave more than 10000 pages");
        ts_strlist_push(&tokens, token);
    }
    free(token);
    ts_strlist_release(&tokens);
    return rc;
}

int org_list_accounts(const struct aws_once_opts *o, const char *region,
                      struct org_listing *out, struct aws_fault *fault,
                      struct ts_error *err)
{
    memset(out, 0, sizeof(*out));
    region = org_region(region);
    if (describe(o, region, out, fault, err) < 0 || list(o, region, out, fault, err) < 0) {
        org_listing_release(out);
        return -1;
    }
    if (out->count)
        qsort(out->accounts, out->count, sizeof(*out->accounts), by_id);
    return 0;
}

int org_caller(const struct aws_once_opts *o, const char *region, char id[16],
               char partition[16], struct ts_error *err)
{
    struct aws_fault f;
    cJSON *a = aws_call_once(o, &aws_sts, region, "GetCallerIdentity", "", &f);
    const char *acct = string_of(a, "Account"), *arn = string_of(a, "Arn");
    int rc = 0;

    if (!a)
        return ts_error_set(err, "cannot read the calling account's identity: STS"
                            " GetCallerIdentity: %s: %.500s", f.code, f.message);
    if (!acct || !ts_account_id_ok(acct)) {
        rc = ts_error_set(err, "STS GetCallerIdentity gave no 12-digit account id");
    } else {
        snprintf(id, 16, "%s", acct);
        snprintf(partition, 16, "%s", aws_partition_of(region));
        /* arn:<partition>:... names the partition better than a region does. */
        if (arn && !strncmp(arn, "arn:aws", 7))
            snprintf(partition, 16, "%.*s", (int)strcspn(arn + 4, ":"), arn + 4);
    }
    cJSON_Delete(a);
    return rc;
}

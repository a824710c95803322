/* collect --org's pieces without a network: the plan (selection, shares of
 * --shard, states), the manifest's text, the shared cap on requests in
 * flight, and where a snapshot's account_name and organization go. */
#include <pthread.h>
#include <cjson/cJSON.h>

#include "aws/collect_store.h"
#include "aws/http_gate.h"
#include "aws/org_manifest_write.h"
#include "aws/org_plan.h"

#include "test.h"

static char n1[] = "log-archive", n2[] = "prod", n4[] = "dev", n5[] = "sandbox",
            n6[] = "data", n7[] = "audit";
static struct org_account accounts[] = {
    {"111111111111", n1, "ACTIVE"},
    {"222222222222", n2, "ACTIVE"},
    {"333333333333", NULL, "SUSPENDED"},
    {"444444444444", n4, "ACTIVE"},
    {"555555555555", n5, "PENDING_CLOSURE"},
    {"666666666666", n6, "ACTIVE"},
    {"777777777777", n7, "ACTIVE"},
};

static struct org_listing listing(void)
{
    struct org_listing l;

    memset(&l, 0, sizeof(l));
    snprintf(l.org_id, sizeof(l.org_id), "o-abcdef1234");
    snprintf(l.management_id, sizeof(l.management_id), "111111111111");
    l.accounts = accounts;
    l.count = sizeof(accounts) / sizeof(accounts[0]);
    return l;
}

static void select_init(struct org_select *s)
{
    memset(s, 0, sizeof(*s));
    ts_strlist_init(&s->accounts);
    ts_strlist_init(&s->exclude);
}

static void select_release(struct org_select *s)
{
    ts_strlist_release(&s->accounts);
    ts_strlist_release(&s->exclude);
}

static void every_account_planned_with_its_state(void)
{
    struct org_listing l = listing();
    struct org_select sel;
    struct org_plan p;
    struct ts_strlist warnings;
    struct ts_error err;

    select_init(&sel);
    ts_strlist_init(&warnings);
    ASSERT(org_plan_make(&l, &sel, "111111111111", &p, &warnings, &err) == 0);
    ASSERT_EQ_INT(p.count, 7);
    ASSERT(p.entries[0].self && !p.entries[1].self);
    ASSERT_EQ_INT(p.entries[0].status, ORG_TODO);
    ASSERT_EQ_INT(p.entries[2].status, ORG_SKIPPED);
    ASSERT(!strcmp(p.entries[2].reason, "SUSPENDED"));
    ASSERT(!strcmp(p.entries[4].reason, "PENDING_CLOSURE"));
    ASSERT_EQ_INT(warnings.count, 0);
    org_plan_release(&p);
    ts_strlist_release(&warnings);
    select_release(&sel);
}

static void selection_and_exclusion(void)
{
    struct org_listing l = listing();
    struct org_select sel;
    struct org_plan p;
    struct ts_strlist warnings;
    struct ts_error err;

    select_init(&sel);
    ts_strlist_init(&warnings);
    ts_strlist_push(&sel.accounts, "222222222222");
    ts_strlist_push(&sel.accounts, "444444444444");
    ts_strlist_push(&sel.exclude, "444444444444");
    ts_strlist_push(&sel.exclude, "999999999999");
    ASSERT(org_plan_make(&l, &sel, NULL, &p, &warnings, &err) == 0);
    ASSERT_EQ_INT(p.entries[1].status, ORG_TODO);
    ASSERT(!strcmp(p.entries[0].reason, "not in --accounts"));
    ASSERT(!strcmp(p.entries[3].reason, "excluded by --exclude-accounts"));
    ASSERT(!strcmp(p.entries[2].reason, "not in --accounts"));  /* the choice said first */
    ASSERT_EQ_INT(warnings.count, 1);
    ASSERT_CONTAINS(warnings.items[0], "999999999999 is not an account of organization"
                    " o-abcdef1234; nothing to exclude");
    org_plan_release(&p);
    /* An --accounts id the organisation does not have is an error. */
    ts_strlist_push(&sel.accounts, "888888888888");
    ASSERT(org_plan_make(&l, &sel, NULL, &p, &warnings, &err) < 0);
    ASSERT_CONTAINS(err.msg, "--accounts: 888888888888 is not an account of organization"
                    " o-abcdef1234 (ListAccounts lists 7)");
    ts_strlist_release(&warnings);
    select_release(&sel);
}

/* Shares: by index in the id order, every Nth from the Kth; together every
 * account exactly once; skipped accounts listed in their share too. */
static void shards_split_the_sorted_accounts(void)
{
    struct org_listing l = listing();
    unsigned seen[7] = {0};

    for (unsigned k = 1; k <= 3; k++) {
        struct org_select sel;
        struct org_plan p;
        struct ts_strlist w;
        struct ts_error err;
        select_init(&sel);
        ts_strlist_init(&w);
        sel.shard_k = k;
        sel.shard_n = 3;
        ASSERT(org_plan_make(&l, &sel, NULL, &p, &w, &err) == 0);
        for (size_t i = 0; i < p.count; i++) {
            size_t at = (size_t)(p.entries[i].acct - l.accounts);
            ASSERT_EQ_INT(at % 3, k - 1);
            seen[at]++;
        }
        org_plan_release(&p);
        ts_strlist_release(&w);
        select_release(&sel);
    }
    for (size_t i = 0; i < 7; i++)
        ASSERT_EQ_INT(seen[i], 1);
    ASSERT(org_in_shard(5, 1, 1) && org_in_shard(5, 0, 0));
}

static void manifest_lists_every_outcome(void)
{
    struct org_listing l = listing();
    struct org_select sel;
    struct org_plan p;
    struct ts_strlist w;
    struct ts_error err;
    cJSON *m, *list, *a;
    char *text;

    select_init(&sel);
    ts_strlist_init(&w);
    sel.shard_k = 1;
    sel.shard_n = 2;
    ASSERT(org_plan_make(&l, &sel, NULL, &p, &w, &err) == 0);
    ASSERT_EQ_INT(p.count, 4);  /* 111, 333, 555, 777 */
    p.entries[0].status = ORG_COLLECTED;
    snprintf(p.entries[0].file, sizeof(p.entries[0].file), "111111111111.json");
    p.entries[0].failed_calls = 2;
    p.entries[3].status = ORG_FAILED;
    snprintf(p.entries[3].fault.code, sizeof(p.entries[3].fault.code), "AccessDenied");
    /* AWS's message as it came: a control character and a broken UTF-8 byte. */
    snprintf(p.entries[3].fault.message, sizeof(p.entries[3].fault.message),
             "not authorized\x1b[31m \xff");
    text = org_manifest_text(&l, &p, 1, 2, "2026-12-06T10:00:00Z");
    m = cJSON_Parse(text);
    ASSERT(m != NULL);
    ASSERT(!strcmp(cJSON_GetObjectItem(m, "format")->valuestring, "trailscan-organization/1"));
    ASSERT(!strcmp(cJSON_GetObjectItem(cJSON_GetObjectItem(m, "organization"), "id")->valuestring,
                   "o-abcdef1234"));
    ASSERT_EQ_INT(cJSON_GetObjectItem(cJSON_GetObjectItem(m, "shard"), "count")->valueint, 2);
    list = cJSON_GetObjectItem(m, "accounts");
    ASSERT_EQ_INT(cJSON_GetArraySize(list), 4);
    a = cJSON_GetArrayItem(list, 0);
    ASSERT(!strcmp(cJSON_GetObjectItem(a, "status")->valuestring, "collected"));
    ASSERT(!strcmp(cJSON_GetObjectItem(a, "file")->valuestring, "111111111111.json"));
    ASSERT_EQ_INT(cJSON_GetObjectItem(a, "failed_calls")->valueint, 2);
    a = cJSON_GetArrayItem(list, 1);
    ASSERT(cJSON_GetObjectItem(a, "name") == NULL);  /* AWS gave none */
    ASSERT(!strcmp(cJSON_GetObjectItem(a, "reason")->valuestring, "SUSPENDED"));
    a = cJSON_GetArrayItem(list, 3);
    ASSERT(!strcmp(cJSON_GetObjectItem(a, "status")->valuestring, "failed"));
    a = cJSON_GetObjectItem(a, "error");
    ASSERT(!strcmp(cJSON_GetObjectItem(a, "code")->valuestring, "AccessDenied"));
    ASSERT(!strchr(cJSON_GetObjectItem(a, "message")->valuestring, '\x1b'));
    ASSERT(!strchr(cJSON_GetObjectItem(a, "message")->valuestring, '\xff'));
    cJSON_Delete(m);
    free(text);
    org_plan_release(&p);
    ts_strlist_release(&w);
    select_release(&sel);
}

static void account_name_and_organization_follow_collector(void)
{
    struct collect_store s;
    const char *order[] = {"format", "account_id", "partition", "collected_at", "collector",
                           "account_name", "organization", "regions", "global", "errors"};
    const cJSON *it;
    char *text;
    cJSON *back;
    size_t i = 0;

    collect_store_init(&s);
    collect_store_identity(&s, "222222222222", "aws");
    collect_store_org(&s, "prod", "o-abcdef1234", "111111111111");
    text = collect_store_finish(&s);
    back = cJSON_Parse(text);
    for (it = back ? back->child : NULL; it; it = it->next, i++)
        ASSERT(i < 10 && !strcmp(it->string, order[i]));
    ASSERT_EQ_INT(i, 10);
    ASSERT(!strcmp(cJSON_GetObjectItem(back, "account_name")->valuestring, "prod"));
    cJSON_Delete(back);
    free(text);
    collect_store_release(&s);
    /* Without --org the envelope is as it was. */
    collect_store_init(&s);
    collect_store_org(&s, NULL, NULL, NULL);
    text = collect_store_finish(&s);
    ASSERT(!strstr(text, "account_name") && !strstr(text, "organization"));
    free(text);
    collect_store_release(&s);
}

/* ---- the shared cap ---- */

struct hammer {
    struct http_gate *g;
    pthread_mutex_t lock;
    unsigned inside, worst;
};

static void *hammer(void *arg)
{
    struct hammer *h = arg;

    for (int i = 0; i < 2000; i++) {
        http_gate_take(h->g);
        pthread_mutex_lock(&h->lock);
        if (++h->inside > h->worst)
            h->worst = h->inside;
        pthread_mutex_unlock(&h->lock);
        pthread_mutex_lock(&h->lock);
        h->inside--;
        pthread_mutex_unlock(&h->lock);
        http_gate_give(h->g);
    }
    return NULL;
}

static void gate_never_lets_more_than_its_cap(void)
{
    struct http_gate g;
    struct http_gate_waiter w;
    struct hammer h;
    pthread_t t[8];

    http_gate_init(&g, 2);
    memset(&w, 0, sizeof(w));
    w.multi = curl_multi_init();
    ASSERT(http_gate_try(&g, &w) && http_gate_try(&g, &w));
    ASSERT(!http_gate_try(&g, &w) && w.listed);   /* full: w waits for a slot */
    http_gate_give(&g);                           /* ... which wakes and unlists it */
    ASSERT(!w.listed);
    ASSERT(http_gate_try(&g, &w) && !w.listed);
    http_gate_give(&g);
    http_gate_give(&g);
    ASSERT_EQ_INT(g.used, 0);
    http_gate_forget(&g, &w);
    curl_multi_cleanup(w.multi);

    memset(&h, 0, sizeof(h));
    h.g = &g;
    pthread_mutex_init(&h.lock, NULL);
    for (int i = 0; i < 8; i++)
        ASSERT(pthread_create(&t[i], NULL, hammer, &h) == 0);
    for (int i = 0; i < 8; i++)
        pthread_join(t[i], NULL);
    ASSERT(h.worst <= 2 && g.peak <= 2);
    ASSERT_EQ_INT(g.used, 0);
    pthread_mutex_destroy(&h.lock);
    http_gate_release(&g);
}

int main(void)
{
    RUN(every_account_planned_with_its_state);
    RUN(selection_and_exclusion);
    RUN(shards_split_the_sorted_accounts);
    RUN(manifest_lists_every_outcome);
    RUN(account_name_and_organization_follow_collector);
    RUN(gate_never_lets_more_than_its_cap);
    return TEST_EXIT();
}

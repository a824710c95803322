/* Waivers at work: globs, which result a waiver covers, expiry, staleness. */
#include <stdlib.h>
#include "test.h"
#include "triage/config.h"
#include "util/glob.h"
#include "triage/waiver.h"
#include "report/report_words.h"
#include "test_engine.h"

static void globs(void)
{
    const char *why;
    char big[4096];

    ASSERT(ts_glob_match("*", ""));
    ASSERT(ts_glob_match("*", "arn:aws:cloudtrail:us-east-1:1:trail/x"));
    ASSERT(ts_glob_match("arn:aws:cloudtrail:*:123456789012:trail/legacy-*",
                         "arn:aws:cloudtrail:ap-southeast-2:123456789012:trail/legacy-trail"));
    ASSERT(!ts_glob_match("arn:aws:cloudtrail:*:123456789012:trail/legacy-*",
                          "arn:aws:cloudtrail:ap-southeast-2:999999999999:trail/legacy-trail"));
    ASSERT(!ts_glob_match("trail/legacy", "trail/legacy-trail")); /* whole string */
    ASSERT(ts_glob_match("us-?ast-1", "us-east-1"));
    ASSERT(!ts_glob_match("us-?ast-1", "us-ast-1"));
    ASSERT(ts_glob_match("a\\*b", "a*b"));
    ASSERT(!ts_glob_match("a\\*b", "axb"));
    ASSERT(ts_glob_match("*-*-1", "eu-west-1"));
    /* No exponential backtracking on a hostile pattern. */
    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    ASSERT(!ts_glob_match("*a*a*a*a*a*a*a*a*a*a*a*b", big));
    ASSERT(ts_glob_check("arn:*", &why) == 0);
    ASSERT(ts_glob_check("", &why) < 0);
    ASSERT(ts_glob_check("a[0-9]", &why) < 0);
    ASSERT(ts_glob_check("a\\[0\\]", &why) == 0);
    ASSERT(ts_glob_check("trail\\", &why) < 0);
}

/* A hand-made scan: two rules, two accounts, a few results. */
static struct ts_engine *make_engine(void)
{
    static const char *const rule_ids[] = {"kms", "validation", NULL};
    static const char *const account_ids[] = {"111111111111", "222222222222", NULL};
    const struct ts_result results[5] = {
        {.rule = 0, .snapshot = 0, .verdict = TS_FAIL, .resource = (char *)"trail/legacy-a",
         .region = (char *)"eu-west-1"},
        {.rule = 0, .snapshot = 1, .verdict = TS_FAIL, .resource = (char *)"trail/legacy-b",
         .region = (char *)"us-east-1"},
        {.rule = 0, .snapshot = 0, .verdict = TS_PASS, .resource = (char *)"trail/legacy-c",
         .region = (char *)"eu-west-1"},
        {.rule = 1, .snapshot = 0, .verdict = TS_REVIEW, .resource = (char *)"bucket"},
        {.rule = 1, .snapshot = 1, .verdict = TS_FAIL, .resource = (char *)"bucket"},
    };
    struct ts_engine *e = ts_test_engine(rule_ids, account_ids);

    ASSERT(e != NULL);
    for (size_t i = 0; e && i < 5; i++)
        ts_test_engine_result(e, &results[i]);
    return e;
}

/* The waiver marked on result i, 1 + its index, or 0. */
static size_t waiver_on(const struct ts_engine *e, size_t i)
{
    return ts_engine_result(e, i)->waiver;
}

static struct ts_waiver waiver(const char *rule, const char *account, const char *region,
                               const char *resource, long expires)
{
    struct ts_waiver w;

    memset(&w, 0, sizeof(w));
    w.rule = rule;
    w.account = account;
    w.region = region;
    w.resource = resource;
    w.reason = "r";
    w.ticket = "T";
    w.expires = "2027-01-01";
    w.expires_day = expires;
    return w;
}

static void scope_and_expiry(void)
{
    struct ts_engine *e = make_engine();
    struct ts_config c;
    struct ts_waiver ws[6];

    if (!e)
        return;
    ts_config_init(&c);
    ws[0] = waiver("kms", "111111111111", NULL, "trail/legacy-*", 100);  /* one account */
    ws[1] = waiver("kms", NULL, "us-*", "trail/*", 99);                   /* expired */
    ws[2] = waiver("validation", NULL, "eu-*", "bucket", 200);           /* region NULL: no */
    ws[3] = waiver("validation", "222222222222", NULL, "*", 200);
    ws[4] = waiver("validation", "222222222222", NULL, "buck*", 300);    /* a renewal */
    ws[5] = waiver("kms", NULL, NULL, "trail/legacy-c", 200);            /* passes: stale */
    c.waivers = ws;
    c.nwaivers = 6;
    ts_waivers_apply(&c, e, 100);
    ASSERT_EQ_INT(waiver_on(e, 0), 1);     /* expires today: still applies */
    ASSERT_EQ_INT(waiver_on(e, 1), 0);     /* only the expired waiver covers it */
    ASSERT_EQ_INT(waiver_on(e, 2), 0);     /* a pass is never waived */
    ASSERT_EQ_INT(waiver_on(e, 3), 0);     /* no region: a region glob does not match */
    ASSERT_EQ_INT(waiver_on(e, 4), 4);     /* the first covering waiver */
    ASSERT(ws[1].expired && ws[1].matched == 1);
    ASSERT(!ws[0].expired && !ts_waiver_is_stale(&ws[0]));
    ASSERT(ts_waiver_is_stale(&ws[2]));
    ASSERT(!ts_waiver_is_stale(&ws[4]) && ws[4].matched == 1); /* renewal not stale */
    ASSERT(ts_waiver_is_stale(&ws[5]));
    ASSERT(ts_waiver_of(&c, ts_engine_result(e, 0)) == &ws[0]);
    /* The one state every report renders. */
    ASSERT_EQ_INT(ts_waiver_state(&ws[0]), TS_WAIVER_APPLIED);
    ASSERT_EQ_INT(ts_waiver_state(&ws[1]), TS_WAIVER_EXPIRED);
    ASSERT_EQ_INT(ts_waiver_state(&ws[2]), TS_WAIVER_STALE);
    ASSERT(!strcmp(ts_waiver_state_name(ts_waiver_state(&ws[1])), "expired"));
    ASSERT(!strcmp(ts_waiver_state_name(ts_waiver_state(&ws[5])), "stale"));
    ASSERT(!strcmp(ts_waiver_state_name(ts_waiver_state(&ws[4])), "applied"));
    ASSERT(ts_waiver_state_needs_action(TS_WAIVER_EXPIRED));
    ASSERT(ts_waiver_state_needs_action(TS_WAIVER_STALE));
    ASSERT(!ts_waiver_state_needs_action(TS_WAIVER_APPLIED));
    ASSERT(!ts_waiver_state_needs_action(TS_WAIVER_NOT_EVALUATED));
    ts_waivers_apply(&c, e, 101);
    ASSERT_EQ_INT(waiver_on(e, 0), 0);     /* the day after: expired */
    ASSERT(ws[0].expired && !ts_waiver_is_stale(&ws[0]));
    ts_engine_free(e);
}

static void not_stale_when_not_judged(void)
{
    struct ts_engine *e = make_engine();
    struct ts_config c;
    struct ts_waiver ws[3];

    if (!e)
        return;
    ts_config_init(&c);
    ws[0] = waiver("kms", "333333333333", NULL, "*", 200);     /* account not scanned */
    ws[1] = waiver("absent-rule", NULL, NULL, "*", 200);       /* rule not run */
    ws[2] = waiver("validation", "111111111111", NULL, "none", 200);
    ts_engine_add_failure(e, "validation", 0, TS_CAUSE_ERROR, "x"); /* rule failed there */
    c.waivers = ws;
    c.nwaivers = 3;
    ts_waivers_apply(&c, e, 100);
    for (int i = 0; i < 3; i++)
        ASSERT(!ws[i].evaluated && !ts_waiver_is_stale(&ws[i])
               && ts_waiver_state(&ws[i]) == TS_WAIVER_NOT_EVALUATED);
    ASSERT(!strcmp(ts_waiver_state_name(TS_WAIVER_NOT_EVALUATED), "not evaluated"));
    ts_engine_free(e);
}

static void describe(void)
{
    struct ts_waiver w = waiver("kms", NULL, NULL, "*", 0);
    char out[200];

    w.owner = "secops@example.com";
    ts_word_waiver(TS_LANG_EN, &w, 1, out, sizeof(out));
    ASSERT(!strcmp(out, "owner secops@example.com, ticket T, expires 2027-01-01"));
    /* Japanese: our words around the user's, the day as prose. */
    ts_word_waiver(TS_LANG_JA, &w, 1, out, sizeof(out));
    ASSERT(!strcmp(out, "担当者 secops@example.com、チケット T、有効期限 2027年1月1日"));
    w.owner = NULL;
    ts_word_waiver(TS_LANG_EN, &w, 0, out, sizeof(out));
    ASSERT(!strcmp(out, "ticket T"));
    ts_word_waiver(TS_LANG_JA, &w, 0, out, sizeof(out));
    ASSERT(!strcmp(out, "チケット T"));
}

int main(void)
{
    RUN(globs);
    RUN(scope_and_expiry);
    RUN(not_stale_when_not_judged);
    RUN(describe);
    return TEST_EXIT();
}

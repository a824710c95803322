/* The compliance model (report_compliance.h) and the catalogue it is read
 * from (engine/catalogue.h): statuses per account and over accounts, a
 * resource two rules judge counted once, sections and their figures. */
#include <stdint.h>
#include "test.h"
#include "engine/catalogue.h"
#include "report/report_compliance.h"
#include "test_engine.h"

static const char *const rule_ids[] = {"kms", "validation", NULL};
static const char *const account_ids[] = {"111111111111", "222222222222", NULL};

static void read_builtin(void)
{
    struct ts_engine *e = ts_test_engine(rule_ids, account_ids);
    struct ts_catalogue cat;
    struct ts_error err;
    char **ids;
    int soc2 = 0;

    ASSERT(e != NULL);
    if (!e)
        return;
    ASSERT_EQ_INT(ts_catalogue_read(e, "cis-aws-3.0", &cat, &err), 0);
    ASSERT(cat.nrows >= 25);
    if (cat.nrows >= 25) {
        ASSERT(!strcmp(cat.rows[0].control, "3.1"));
        ASSERT(!strcmp(cat.rows[0].section, "3"));
        ASSERT(!strcmp(cat.rows[0].section_title, "3 Logging"));
        ASSERT(!strcmp(cat.rows[9].control, "4.1"));
        ASSERT(!strcmp(cat.rows[9].section_title, "4 Monitoring"));
        ASSERT(!strcmp(cat.rows[0].rules[0], "cloudtrail-management-events"));
    }
    ASSERT_CONTAINS(cat.title, "CIS AWS Foundations Benchmark v3.0.0");
    ts_catalogue_release(&cat);
    ASSERT_EQ_INT(ts_catalogue_read(e, "cis-aws-9.9", &cat, &err), -1);
    ASSERT_CONTAINS(err.msg, "unknown framework 'cis-aws-9.9' (known: aws-fsbp,");
    ASSERT_EQ_INT(ts_catalogue_read(e, "aws-fsbp", &cat, &err), 0);
    ASSERT(cat.nrows > 0 && !strcmp(cat.rows[0].section, "CloudTrail"));
    ts_catalogue_release(&cat);
    ASSERT_EQ_INT(ts_catalogue_read(e, "nist-800-53-r5", &cat, &err), 0);
    ASSERT(cat.nrows > 0 && !strcmp(cat.rows[0].section_title, "AC Access Control"));
    ts_catalogue_release(&cat);
    ids = ts_catalogue_ids(e, &err);
    ASSERT(ids != NULL);
    for (size_t i = 0; ids && ids[i]; i++)
        soc2 |= !strcmp(ids[i], "soc2");
    ASSERT(soc2);
    ts_catalogue_free_list(ids);
    ts_engine_free(e);
}

static char **list(const char *a, const char *b)
{
    char **out = ts_xmalloc(3 * sizeof(*out));
    size_t n = 0;

    if (a)
        out[n++] = ts_xstrdup(a);
    if (b)
        out[n++] = ts_xstrdup(b);
    out[n] = NULL;
    return out;
}

static void row(struct ts_catalogue *c, const char *id, const char *section, const char *status,
                char **rules)
{
    struct ts_catalogue_row *r = &c->rows[c->nrows++];

    r->control = ts_xstrdup(id);
    r->title = ts_xstrdup("title");
    r->section = ts_xstrdup(section);
    r->section_title = ts_xstrdup(!strcmp(section, "A") ? "A things" : "B things");
    r->status = status ? ts_xstrdup(status) : NULL;
    r->rules = rules;
}

/* C1 (A) judged by both rules, C2 (B) by one, C3 (A) by people, C4 (B)
 * by a rule not loaded. */
static void make_framework(struct ts_catalogue *c)
{
    memset(c, 0, sizeof(*c));
    c->id = ts_xstrdup("fw");
    c->title = ts_xstrdup("A framework");
    c->notes = list(NULL, NULL);
    c->rows = ts_xmalloc(4 * sizeof(*c->rows));
    row(c, "C1", "A", NULL, list("kms", "validation"));
    row(c, "C2", "B", NULL, list("validation", NULL));
    row(c, "C3", "A", "manual: a process", list(NULL, NULL));
    row(c, "C4", "B", NULL, list("absent", NULL));
}

static void add(struct ts_engine *e, size_t rule, size_t account, enum ts_verdict v,
                const char *resource, size_t waiver)
{
    struct ts_result r;
    memset(&r, 0, sizeof(r));
    r.rule = rule;
    r.snapshot = account;
    r.verdict = v;
    char region[] = "us-east-1", message[] = "m", res[64];

    snprintf(res, sizeof(res), "%s", resource);
    r.resource = res;
    r.region = region;
    r.message = message;
    r.line = r.column = 1;
    r.waiver = waiver;
    ts_test_engine_result(e, &r);
}

static void model(void)
{
    struct ts_engine *e = ts_test_engine(rule_ids, account_ids);
    struct ts_compliance c;
    const struct ts_compliance_framework *f;
    const struct ts_compliance_control *k;
    size_t passed, assessed;
    struct ts_catalogue fw;

    ASSERT(e != NULL);
    if (!e)
        return;
    make_framework(&fw);
    add(e, 0, 0, TS_FAIL, "arn:x", 0);
    add(e, 1, 0, TS_FAIL, "arn:x", 0);     /* the same resource: once */
    add(e, 1, 0, TS_REVIEW, "arn:y", 0);
    add(e, 0, 1, TS_FAIL, "arn:z", 1);     /* waived */
    add(e, 1, 1, TS_PASS, "arn:z", 0);
    ts_compliance_build(&c, e, &fw, 1);
    ASSERT_EQ_INT(c.nframeworks, 1);
    ASSERT_EQ_INT(c.naccounts, 2);
    f = &c.frameworks[0];
    ASSERT_EQ_INT(f->nsections, 2);
    ASSERT_EQ_INT(f->ncontrols, 4);
    ASSERT(!strcmp(f->sections[0].id, "A") && f->sections[0].first == 0
           && f->sections[0].count == 2);
    ASSERT(!strcmp(f->sections[1].title, "B things") && f->sections[1].first == 2);
    /* grouped by section: C1, C3, then C2, C4 */
    ASSERT(!strcmp(f->controls[1].id, "C3") && !strcmp(f->controls[2].id, "C2"));
    k = &f->controls[0];
    ASSERT_EQ_INT(k->status, TS_CONTROL_FAILED);
    ASSERT_EQ_INT(k->cells[0].status, TS_CONTROL_FAILED);
    ASSERT_EQ_INT(k->cells[0].failed, 1);
    ASSERT_EQ_INT(k->cells[0].review, 1);
    ASSERT_EQ_INT(k->cells[1].status, TS_CONTROL_WAIVED); /* its pass does not hide the waiver */
    ASSERT_EQ_INT(k->accounts[TS_CONTROL_FAILED], 1);
    ASSERT_EQ_INT(k->accounts[TS_CONTROL_WAIVED], 1);
    ASSERT_EQ_INT(k->failed, 1);
    ASSERT_EQ_INT(k->waived, 1);
    ASSERT_EQ_INT(k->nrules, 2);
    ASSERT_EQ_INT(k->nloaded, 2);
    k = &f->controls[1];
    ASSERT_EQ_INT(k->status, TS_CONTROL_MANUAL);
    k = &f->controls[2];
    ASSERT_EQ_INT(k->cells[0].status, TS_CONTROL_FAILED);
    ASSERT_EQ_INT(k->cells[1].status, TS_CONTROL_PASSED);
    ASSERT_EQ_INT(k->cells[1].passed, 1);
    k = &f->controls[3];
    ASSERT_EQ_INT(k->status, TS_CONTROL_NOT_ASSESSED); /* its rule is not loaded */
    ASSERT_EQ_INT(k->nloaded, 0);
    ASSERT_EQ_INT(f->sections[0].by_status[TS_CONTROL_FAILED], 1);
    ASSERT_EQ_INT(f->sections[0].by_status[TS_CONTROL_MANUAL], 1);
    ASSERT_EQ_INT(f->by_status[TS_CONTROL_FAILED], 2);
    ts_compliance_section_score(&f->sections[1], &passed, &assessed);
    ASSERT_EQ_INT(passed, 0);
    ASSERT_EQ_INT(assessed, 1);
    ts_compliance_release(&c);

    /* A rule that failed on an account leaves its controls not assessed
     * there: missing data is never a pass. */
    ts_engine_add_failure(e, "validation", 1, TS_CAUSE_ERROR, "failed there");
    ts_compliance_build(&c, e, &fw, 1);
    f = &c.frameworks[0];
    ASSERT_EQ_INT(f->controls[2].cells[1].status, TS_CONTROL_NOT_ASSESSED);
    ASSERT_EQ_INT(f->controls[0].cells[1].status, TS_CONTROL_NOT_ASSESSED);
    ASSERT_EQ_INT(f->controls[2].status, TS_CONTROL_FAILED);
    ts_compliance_release(&c);
    ts_catalogue_release(&fw);
    ts_engine_free(e);
}

int main(void)
{
    RUN(read_builtin);
    RUN(model);
    return TEST_EXIT();
}

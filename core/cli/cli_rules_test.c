#include "cli/cli_rules_test.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cli/cli.h"
#include "cli/cli_rules_fixture.h"
#include "util/strlist.h"
#include "util/dir_list.h"
#include "engine/engine.h"
#include "engine/rule_org.h"
#include "engine/scan.h"
#include "util/file_read.h"
#include "json/json_doc.h"
#include "snapshot/snapshot_load.h"
#include "util/text.h"
#include "engine/result.h"
#include "cli/cli_rules_coverage.h"
#include "cli/cli_rules_builtin.h"

const char cli_rules_test_help[] =
    "usage: trailscan rules test [DIR|FILE.test.json]... [--rule ID] [--case TEXT] [-v]\n"
    "                            [--coverage] [--lcov FILE] [--no-builtin] [--lang en|ja]\n"
    "\n"
    "Runs the fixture cases (*.test.json beside the rules) of the built-in\n"
    "rules, or of the rules in each DIR, or one fixture FILE (with the rules\n"
    "of its folder: the nearest one above it with a lib/, else its own); one\n"
    "line per case, every mismatch under it (expected, got, the message),\n"
    "and a summary.  Each case runs again as an organisation's summary runs\n"
    "it (trailscan.keeps_passes, keeps_reviews and, below error level,\n"
    "keeps_fails false): what the rule counts there must be what it\n"
    "reported.  Exit 1 if any case fails or a rule has no cases; 2 for a\n"
    "mistake in a rule or fixture (file:line:col, the nearest known word).\n"
    "  --rule ID      only the fixtures of rule ID\n"
    "  --case TEXT    only the cases whose name contains TEXT\n"
    "  -v             every result of each case (verdict, resource, message)\n"
    "  --coverage     which lines of each rule and lib file ran, and the\n"
    "                 lines never run\n"
    "  --lcov FILE    the same as LCOV tracefile FILE, for editors\n"
    "  --no-builtin   a rule id that a built-in rule has is no problem (the\n"
    "                 folder is scanned with --no-builtin)\n"
    "  --lang en|ja   the language of the rules' messages (default: $TRAILSCAN_LANG,\n"
    "                 else the locale's); a case's \"lang\" key overrides it\n"
    "\n";

const char cli_rules_check_help[] =
    "usage: trailscan rules check DIR... [--no-builtin]\n"
    "\n"
    "Loads every rule and fixture under each DIR without running a check,\n"
    "and reports every problem at once (file:line:col): rule metadata,\n"
    "fixture keys, verdicts, parameters, snapshot fragments, rules without\n"
    "cases, rule ids a built-in rule has.  Exit 0 when there is none, 2\n"
    "otherwise: for CI and pre-commit hooks.\n"
    "  --no-builtin   a rule id that a built-in rule has is no problem (the\n"
    "                 folder is scanned with --no-builtin)\n"
    "\n";

struct tally {
    size_t passed, failed, cases, fixtures, rules, problems;
    int input_error;
};

struct test_opts {
    const char *rule;       /* --rule ID: only its fixtures */
    const char *case_text;  /* --case TEXT: only cases whose name holds it */
    int verbose;            /* -v: each result */
    int coverage;           /* --coverage / --lcov FILE */
    int check_only;         /* rules check: read everything, run nothing */
    int no_builtin;         /* --no-builtin: the built-ins' ids are free */
    enum ts_lang lang;      /* --lang: cases without their own "lang" run in it */
};

/* The *.test.json files under dir, on the same walk as its rules (each
 * folder once, no link out of it); a problem the rules' walk already
 * printed (in seen) is not printed twice. */
static void find_fixtures(const char *dir, struct ts_strlist *out, struct tally *t,
                          const struct ts_problems *seen)
{
    struct ts_problems problems;

    ts_problems_init(&problems);
    if (ts_dir_find_files(dir, ".test.json", "a rules directory", out, &problems) < 0)
        t->input_error = 1;
    for (size_t i = 0; i < problems.count; i++) {
        size_t j = 0;
        while (j < seen->count && strcmp(seen->items[j], problems.items[i]))
            j++;
        if (j == seen->count)
            cli_error("%s", problems.items[i]);
    }
    ts_problems_release(&problems);
}

/* "FAIL  id  file: case" with no newline.  Case names, files and the
 * results quoted come from the user's folder: escaped (ts_text_put). */
static void print_case(const char *verdict, const char *id, const char *file, const char *cname)
{
    printf("%-4s  ", verdict);
    ts_text_put(stdout, id);
    fputs("  ", stdout);
    ts_text_put(stdout, file);
    fputs(": ", stdout);
    ts_text_put(stdout, cname);
}

/* Adds "what" to the case's mismatches. */
static void TS_PRINTF(2, 3) mismatch(struct ts_strlist *why, const char *fmt, ...)
{
    char line[1200];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    ts_strlist_push(why, line);
}

/* A resource the rule judged twice, differently: which is meant? */
static void check_twice(const struct ts_engine *e, size_t acct, struct ts_strlist *why)
{
    size_t n = ts_engine_nresults(e);

    for (size_t i = 0; i < n; i++) {
        const struct ts_result *a = ts_engine_result(e, i);
        if (a->snapshot != acct)
            continue;
        for (size_t j = i + 1; j < n; j++) {
            const struct ts_result *b = ts_engine_result(e, j);
            if (b->snapshot == acct && b->verdict != a->verdict
                && !strcmp(a->resource, b->resource)) {
                mismatch(why, "the rule reported %s twice, %s and %s: report each resource"
                         " once, with one verdict", a->resource, ts_verdict_name(a->verdict),
                         ts_verdict_name(b->verdict));
                break;
            }
        }
    }
}

/* Compares the rule's results on the case's account with expect: every
 * mismatch goes to why. */
static void compare(const struct ts_engine *e, size_t acct, const cJSON *expect,
                    struct ts_strlist *why)
{
    const cJSON *x;

    for (size_t i = 0; i < ts_engine_nfailures(e); i++) {
        const struct ts_failure *f = ts_engine_failure(e, i);
        if (f->snapshot == acct)
            mismatch(why, "rule failed: %s: %s", ts_cause_name(f->cause), f->message);
    }
    for (size_t i = 0; i < ts_engine_nresults(e); i++) {
        const struct ts_result *r = ts_engine_result(e, i);
        if (r->snapshot != acct)
            continue;
        x = cJSON_GetObjectItemCaseSensitive(expect, r->resource);
        if (!cJSON_IsString(x))
            mismatch(why, "unexpected %s for %s: %s", ts_verdict_name(r->verdict),
                     r->resource, r->message);
        else if (strcmp(x->valuestring, ts_verdict_name(r->verdict)))
            mismatch(why, "expected %s for %s, got %s: %s", x->valuestring, r->resource,
                     ts_verdict_name(r->verdict), r->message);
    }
    cJSON_ArrayForEach(x, expect) {
        size_t i = 0;
        while (i < ts_engine_nresults(e) && !(ts_engine_result(e, i)->snapshot == acct
                                    && !strcmp(ts_engine_result(e, i)->resource, x->string)))
            i++;
        if (i == ts_engine_nresults(e))
            mismatch(why, "expected %s for %s, got no result",
                     cJSON_IsString(x) ? x->valuestring : "?", x->string);
    }
    check_twice(e, acct, why);
}

/* How many results of each verdict the rule gave account acct (a counted
 * result stands for 1 + more), and whether it failed there. */
static int tally_account(const struct ts_engine *e, size_t acct, size_t n[3])
{
    int failed = 0;

    n[TS_FAIL] = n[TS_PASS] = n[TS_REVIEW] = 0;
    for (size_t i = 0; i < ts_engine_nresults(e); i++) {
        const struct ts_result *r = ts_engine_result(e, i);
        if (r->snapshot == acct)
            n[r->verdict] += 1 + r->more;
    }
    for (size_t i = 0; i < ts_engine_nfailures(e); i++)
        failed |= ts_engine_failure(e, i)->snapshot == acct;
    return failed;
}

/* Runs the rule once more on the case as an organisation's text summary
 * has it run, where results are only counted (trailscan.keeps_passes,
 * keeps_reviews and, below error level, keeps_fails false: pass(),
 * review() and fail() with no table count one): what it counts must be
 * what it reported whole on account whole, or that summary would say
 * something else. */
static void check_counted(struct ts_engine *e, size_t rule, const struct ts_snapshot *s,
                          size_t whole, struct ts_strlist *why)
{
    size_t w[3], c[3];
    size_t acct, dropped = ts_engine_dropped_passes(e);
    int failed_whole = tally_account(e, whole, w);

    ts_engine_set_opts(e, &(struct ts_engine_opts){.brief = 1, .drop_passes = 1});
    ts_engine_run_rules(e, s, rule, 1);
    ts_engine_set_opts(e, &(struct ts_engine_opts){0}); /* rules test's: every text kept */
    acct = ts_engine_naccounts(e) - 1;
    dropped = ts_engine_dropped_passes(e) - dropped; /* passes counted, none kept */
    for (size_t i = 0; i < ts_engine_nfailures(e); i++) {
        const struct ts_failure *f = ts_engine_failure(e, i);
        if (f->snapshot == acct && !failed_whole)
            mismatch(why, "only counted (as in an organisation's summary), the rule failed:"
                     " %s: %s", ts_cause_name(f->cause), f->message);
    }
    if (tally_account(e, acct, c) || failed_whole)
        return;
    c[TS_PASS] += dropped;
    if (c[TS_FAIL] != w[TS_FAIL] || c[TS_REVIEW] != w[TS_REVIEW] || c[TS_PASS] != w[TS_PASS])
        mismatch(why, "only counted (as in an organisation's summary: trailscan.keeps_passes,"
                 " keeps_reviews and, below error level, keeps_fails false), the rule gave"
                 " %zu fail, %zu review and %zu pass; whole, %zu fail, %zu review and %zu"
                 " pass: a branch that only counts must count what the whole one reports",
                 c[TS_FAIL], c[TS_REVIEW], c[TS_PASS], w[TS_FAIL], w[TS_REVIEW], w[TS_PASS]);
}

/* The case's "messages": each resource's result says exactly that. */
static void compare_messages(const struct ts_engine *e, size_t acct, const cJSON *messages,
                             struct ts_strlist *why)
{
    const cJSON *x;

    cJSON_ArrayForEach(x, messages) {
        for (size_t i = 0; i < ts_engine_nresults(e); i++) {
            const struct ts_result *r = ts_engine_result(e, i);
            if (r->snapshot == acct && !strcmp(r->resource, x->string)
                && strcmp(r->message, x->valuestring))
                mismatch(why, "message for %s: expected \"%s\", got \"%s\"", x->string,
                         x->valuestring, r->message);
        }
    }
}

/* The language a case runs in: its "lang", else --lang's. */
static enum ts_lang case_lang(const cJSON *c, const struct test_opts *o)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(c, "lang");
    int l = cJSON_IsString(v) ? ts_lang_parse(v->valuestring) : -1;
    return l >= 0 ? (enum ts_lang)l : o->lang;
}

/* -v: every result of the case's account, one line each. */
static void print_results(const struct ts_engine *e, size_t acct)
{
    for (size_t i = 0; i < ts_engine_nresults(e); i++) {
        const struct ts_result *r = ts_engine_result(e, i);
        if (r->snapshot != acct)
            continue;
        printf("      %-6s  ", ts_verdict_name(r->verdict));
        ts_text_put(stdout, r->resource);
        fputs(": ", stdout);
        ts_text_put(stdout, r->message);
        fputc('\n', stdout);
    }
}

/* Owner i of a case's "owners" (other accounts' snapshots, for the
 * organisation view) into s; its mistakes go to problems at the fixture's
 * own line:col.  -1 on one. */
static int load_owner(const struct ts_json_doc *doc, const cJSON *o, int i, const char *own_id,
                      struct ts_org_view *view, struct ts_snapshot *s,
                      struct ts_problems *problems)
{
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "account_id");
    size_t len = 0;
    char *text;
    int rc;

    if (!cJSON_IsObject(o) || !cJSON_IsString(id) || !id->valuestring) {
        ts_json_doc_problem(doc, problems, o, cJSON_IsObject(o) ? "account_id" : NULL,
                            "owner %d must be a snapshot object with its \"account_id\"", i + 1);
        return -1;
    }
    if (!strcmp(id->valuestring, own_id) || ts_org_view_holds(view, id->valuestring)) {
        ts_json_doc_problem(doc, problems, o, "account_id", "owner %d: account %s is in the case"
                            " %s", i + 1, id->valuestring,
                            strcmp(id->valuestring, own_id) ? "twice" : "as its own snapshot");
        return -1;
    }
    if (!(text = cli_fixture_snapshot_text(doc, o, &len))) {
        ts_json_doc_problem(doc, problems, o, NULL, "owner %d could not be read", i + 1);
        return -1;
    }
    rc = ts_snapshot_load_text(s, doc->path, text, len, problems);
    free(text);
    return rc;
}

/* A case's owners, held by a new view (*view; NULL when it has none).  -1
 * on a wrong one, said in problems. */
static int load_owners(const struct ts_json_doc *doc, const cJSON *c, const char *own_id,
                       struct ts_org_view **view, struct ts_problems *problems)
{
    const cJSON *owners = cJSON_GetObjectItemCaseSensitive(c, "owners"), *o;
    int i = 0;

    *view = NULL;
    if (!owners)
        return 0;
    if (!cJSON_IsArray(owners)) {
        ts_json_doc_problem(doc, problems, c, "owners", "\"owners\" must be a list of snapshots");
        return -1;
    }
    *view = ts_org_view_new(NULL);
    cJSON_ArrayForEach(o, owners) {
        struct ts_snapshot s;
        ts_snapshot_init(&s);
        if (load_owner(doc, o, i++, own_id, *view, &s, problems) < 0) {
            ts_snapshot_release(&s);
            return -1;
        }
        ts_org_view_hold(*view, &s);
    }
    return 0;
}

/* The case's mistakes, then its snapshot and its owners: problems go to
 * problems (and the case is not run).  Returns the snapshot's text, or
 * NULL. */
static char *prepare_case(struct ts_engine *e, size_t rule, const struct ts_json_doc *doc,
                          const cJSON *c, struct ts_snapshot *s, struct ts_org_view **view,
                          struct ts_problems *problems)
{
    size_t len = 0;
    char *text;

    *view = NULL;
    cli_fixture_check_case(doc, e, rule, c, problems);
    if (problems->count)
        return NULL;
    text = cli_fixture_snapshot_text(doc, cJSON_GetObjectItemCaseSensitive(c, "snapshot"),
                                     &len);
    if (!text) {
        ts_json_doc_problem(doc, problems, c, "snapshot", "the case's snapshot could not be"
                            " read");
        return NULL;
    }
    if (ts_snapshot_load_text(s, doc->path, text, len, problems) < 0
        || load_owners(doc, c, s->account_id, view, problems) < 0) {
        free(text);
        return NULL;
    }
    return text;
}

static void run_case(struct ts_engine *e, size_t rule, const struct ts_json_doc *doc,
                     const cJSON *c, const struct test_opts *o, struct tally *t)
{
    const char *file = doc->path;
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(c, "name");
    const cJSON *expect = cJSON_GetObjectItemCaseSensitive(c, "expect");
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(c, "params");
    struct ts_error perr;
    const char *cname = cJSON_IsString(name) ? name->valuestring : "(unnamed)";
    struct ts_problems problems;
    struct ts_snapshot s;
    struct ts_org_view *view = NULL;
    struct ts_strlist why;
    size_t acct = 0;
    char *text;

    if (o->case_text && !strstr(cname, o->case_text))
        return;
    t->cases++;
    ts_problems_init(&problems);
    ts_snapshot_init(&s);
    text = prepare_case(e, rule, doc, c, &s, &view, &problems);
    if (!text || o->check_only) {
        /* The author's mistake, not the rule's: said where it is. */
        if (!text && !o->check_only) {
            print_case("FAIL", ts_engine_rule(e, rule)->id, file, cname);
            fputs(": the case has mistakes (below)\n", stdout);
            t->failed++;
        }
        fflush(stdout);
        cli_print_problems(&problems);
        t->input_error |= !text;
        t->problems += problems.count;
        goto out;
    }
    ts_strlist_init(&why);
    if (params && ts_engine_set_params(e, rule, params, &perr) < 0) {
        mismatch(&why, "bad params: %s", perr.msg);
    } else {
        /* The organisation view holds the case's owners only while it runs. */
        ts_rule_org_set(ts_engine_lua(e), view);
        ts_engine_set_lang(e, case_lang(c, o));
        ts_engine_run_rules(e, &s, rule, 1);
        acct = ts_engine_naccounts(e) - 1;
        compare(e, acct, expect, &why);
        compare_messages(e, acct, cJSON_GetObjectItemCaseSensitive(c, "messages"), &why);
        check_counted(e, rule, &s, acct, &why);
        ts_engine_set_lang(e, o->lang);
        ts_rule_org_set(ts_engine_lua(e), NULL);
    }
    print_case(why.count ? "FAIL" : "ok", ts_engine_rule(e, rule)->id, file, cname);
    fputc('\n', stdout);
    for (size_t i = 0; i < why.count; i++) {
        fputs("      ", stdout);
        ts_text_put(stdout, why.items[i]);
        fputc('\n', stdout);
    }
    if (o->verbose)
        print_results(e, acct);
    if (why.count)
        t->failed++;
    else
        t->passed++;
    if (params) /* the next case starts from the defaults again */
        ts_engine_set_params(e, rule, NULL, &perr);
    ts_strlist_release(&why);
out:
    ts_org_view_free(view);
    ts_snapshot_release(&s);
    ts_problems_release(&problems);
    free(text);
}

/* Runs a fixture's cases.  Returns 1 when which rule it tests is unknown
 * (it cannot be read, or names a rule that did not load): no rule can then
 * be called untested, nor the fixture's rule missing, on that account. */
static int run_fixture(struct ts_engine *e, const char *file, char *tested,
                       const struct test_opts *o, int load_failed, struct tally *t)
{
    struct ts_problems problems;
    int unknown = 1;
    struct ts_json_doc doc;
    const cJSON *rule, *cases, *c;
    size_t idx;

    /* A fixture is JSON too, read with a snapshot's checks (UTF-8, no
     * escaped NUL, JSON's numbers) and positions, but not as a snapshot. */
    ts_problems_init(&problems);
    ts_json_doc_init(&doc);
    t->fixtures++;
    if (ts_json_doc_load(&doc, file, TS_MAX_SNAPSHOT_BYTES, &problems) < 0)
        goto bad;
    cli_fixture_check_top(&doc, &problems);
    if (problems.count)
        goto bad;
    rule = cJSON_GetObjectItemCaseSensitive(doc.root, "rule");
    cases = cJSON_GetObjectItemCaseSensitive(doc.root, "cases");
    if ((idx = ts_engine_find_rule(e, rule->valuestring)) == SIZE_MAX) {
        if (load_failed) /* said already: likely this fixture's rule */
            goto out;
        ts_json_doc_problem(&doc, &problems, doc.root, "rule", "no rule with id '%s' in this"
                            " folder", rule->valuestring);
        goto bad;
    }
    unknown = 0;
    if (o->rule && strcmp(o->rule, rule->valuestring))
        goto out;
    tested[idx] = 1;
    cJSON_ArrayForEach(c, cases)
        run_case(e, idx, &doc, c, o, t);
    goto out;
bad:
    fflush(stdout);
    cli_print_problems(&problems);
    t->problems += problems.count;
    t->input_error = 1;
out:
    ts_json_doc_release(&doc);
    ts_problems_release(&problems);
    return unknown;
}

/* A rule with no case: untested, so a failure (a problem for check). */
static void report_untested(const struct ts_engine *e, const char *tested,
                            const struct test_opts *o, struct tally *t)
{
    for (size_t i = 0; i < ts_engine_nrules(e); i++) {
        const struct ts_rule *r = ts_engine_rule(e, i);
        if (tested[i] || (o->rule && strcmp(o->rule, r->id)))
            continue;
        if (o->check_only) {
            cli_error("%s: rule '%s' has no fixture cases (add a .test.json beside it)",
                      r->file, r->id);
            t->problems++;
            t->input_error = 1;
            continue;
        }
        fputs("FAIL  ", stdout);
        ts_text_put(stdout, r->id);
        fputs("  ", stdout);
        ts_text_put(stdout, r->file);
        fputs(": no fixture cases (add a .test.json beside it)\n", stdout);
        t->failed++;
    }
}

/* A rule id a built-in rule has: scan --rules (without --no-builtin) would
 * stop on it, so it is an input problem here too. */
static void report_clashes(const struct ts_engine *e, struct tally *t)
{
    struct ts_problems clashes;

    ts_problems_init(&clashes);
    if (cli_rules_builtin_clashes(e, &clashes)) {
        fflush(stdout);
        cli_print_problems(&clashes);
        t->problems += clashes.count;
        t->input_error = 1;
    }
    ts_problems_release(&clashes);
}

/* The rules of dir, and its fixtures (only `file` when it is given). */
static void test_dir(const char *dir, const char *file, const struct test_opts *o,
                     struct tally *t)
{
    struct ts_engine *e;
    struct ts_problems problems;
    struct ts_strlist fixtures;
    struct ts_limits limits = {TS_DEFAULT_MEMORY_LIMIT, TS_DEFAULT_INSTRUCTION_LIMIT,
                               TS_DEFAULT_RESULT_LIMIT, TS_DEFAULT_SECONDS};
    struct ts_scan_plan plan = {.rule_dirs = &dir, .nrule_dirs = 1,
                                .lang = o->lang}; /* no built-ins */
    char *tested;
    int load_failed = 0, unknown = 0;

    ts_problems_init(&problems);
    ts_strlist_init(&fixtures);
    if (!(e = ts_engine_new(&limits))) {
        t->input_error = 1;
        return;
    }
    if (ts_scan_load_all(e, &plan, &problems) < 0) {
        load_failed = 1;
        fflush(stdout);
        cli_print_problems(&problems);
        t->problems += problems.count;
        t->input_error = 1;
    }
    for (size_t i = 0; i < ts_engine_nfailures(e); i++) {
        fputs("FAIL  ", stdout);
        ts_text_put(stdout, ts_engine_failure(e, i)->rule_id);
        printf(": does not load: %s: ", ts_cause_name(ts_engine_failure(e, i)->cause));
        ts_text_put(stdout, ts_engine_failure(e, i)->message);
        fputc('\n', stdout);
        t->failed++;
        t->problems++;
        load_failed = 1;
    }
    if (!o->no_builtin)
        report_clashes(e, t);
    if (o->rule && ts_engine_find_rule(e, o->rule) == SIZE_MAX) {
        cli_error("%s: no rule with id '%s' here (see 'trailscan rules list --rules %s')",
                  dir, o->rule, dir);
        t->input_error = 1;
    }
    t->rules += ts_engine_nrules(e);
    /* Before any case: no snapshot's tables are in reach yet. */
    if (o->coverage)
        cli_coverage_note(e, dir);
    tested = ts_xmalloc(ts_engine_nrules(e) + 1);
    memset(tested, 0, ts_engine_nrules(e) + 1);
    if (file)
        ts_strlist_push(&fixtures, file);
    else
        find_fixtures(dir, &fixtures, t, &problems);
    for (size_t i = 0; i < fixtures.count; i++)
        unknown |= run_fixture(e, fixtures.items[i], tested, o, load_failed, t);
    /* A file or a case asked for: the other rules are not under test. */
    if (!file && !o->case_text && !unknown)
        report_untested(e, tested, o, t);
    free(tested);
    ts_strlist_release(&fixtures);
    ts_problems_release(&problems);
    ts_engine_free(e);
}

/* The folder whose rules a fixture file tests: the built-in rules for one
 * of theirs, else the nearest folder above it (up to three) that has a lib/
 * of helpers, else its own.  The caller frees it. */
static char *rules_root(const char *file)
{
    char *real = realpath(file, NULL), *dir, *up;
    const char *builtin = ts_engine_builtin_dir();
    char *breal = realpath(builtin, NULL);

    if (!real) {
        free(breal);
        return NULL;
    }
    if (breal && ts_path_inside(real, breal)) {
        free(real);
        return breal;
    }
    free(breal);
    *strrchr(real, '/') = '\0';
    dir = ts_xstrdup(real);
    for (int level = 0; level < 4 && real[0]; level++) {
        char *lib = ts_path_join(real, "lib");
        int found = ts_is_dir(lib);
        free(lib);
        if (found) {
            free(dir);
            return real;
        }
        if (!(up = strrchr(real, '/')) || up == real)
            break;
        *up = '\0';
    }
    free(real);
    return dir;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n > k && !strcmp(s + n - k, suffix);
}

static const char *plural(size_t n)
{
    return n == 1 ? "" : "s";
}

/* rules test and rules check: the same walk, check_only for check. */
static int run_main(int argc, char **argv, int check_only)
{
    const char *cmd = check_only ? "rules check" : "rules test";
    struct test_opts o = {.check_only = check_only};
    struct tally t = {0};
    const char *lcov = NULL;
    int targets = 0, lang_set = 0;

    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!check_only && !strcmp(a, "--rule") && i + 1 < argc)
            o.rule = argv[++i];
        else if (!check_only && !strcmp(a, "--case") && i + 1 < argc)
            o.case_text = argv[++i];
        else if (!check_only && (!strcmp(a, "-v") || !strcmp(a, "--verbose")))
            o.verbose = 1;
        else if (!strcmp(a, "--no-builtin"))
            o.no_builtin = 1;
        else if (!check_only && !strcmp(a, "--coverage"))
            o.coverage = 1;
        else if (!check_only && !strcmp(a, "--lcov") && i + 1 < argc)
            o.coverage = 1, lcov = argv[++i];
        else if (!check_only && !strcmp(a, "--lang") && i + 1 < argc) {
            if (cli_lang(cmd, argv[++i], &o.lang) != 0)
                return TS_EXIT_INPUT;
            lang_set = 1;
        }
        else if (!check_only && (!strcmp(a, "--rule") || !strcmp(a, "--case")
                                 || !strcmp(a, "--lcov") || !strcmp(a, "--lang")))
            return cli_usage_error(cmd, "'%s' needs a value", a);
        else if (a[0] == '-')
            return cli_usage_error(cmd, "unknown option '%s'", a);
        else
            targets++;
    }
    if (check_only && !targets)
        return cli_usage_error(cmd, "'rules check' needs a rules folder");
    if (!lang_set && !check_only && cli_lang(cmd, NULL, &o.lang) != 0)
        return TS_EXIT_INPUT;
    if (!targets && !ts_engine_builtin_dir()) {
        cli_error("%s", ts_engine_builtin_problem());
        return TS_EXIT_INPUT;
    }
    if (o.coverage)
        cli_coverage_start();
    if (!targets)
        test_dir(ts_engine_builtin_dir(), NULL, &o, &t);
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        struct stat st;
        char *root;
        if (a[0] == '-') {
            i += strcmp(a, "-v") && strcmp(a, "--verbose") && strcmp(a, "--coverage")
                 && strcmp(a, "--no-builtin");
            continue;
        }
        if (ts_is_dir(a)) {
            test_dir(a, NULL, &o, &t);
            continue;
        }
        if (stat(a, &st) != 0) {
            cli_error("%s: %s", a, strerror(errno));
            cli_coverage_stop();
            return TS_EXIT_INPUT;
        }
        if (!ends_with(a, ".test.json") || !(root = rules_root(a))) {
            cli_error("%s: not a rules folder or a fixture file (NAME.test.json)", a);
            cli_coverage_stop();
            return TS_EXIT_INPUT;
        }
        test_dir(root, a, &o, &t);
        free(root);
    }
    if (check_only) {
        printf("%zu rule%s, %zu fixture file%s, %zu case%s: %zu problem%s\n", t.rules,
               plural(t.rules), t.fixtures, plural(t.fixtures), t.cases, plural(t.cases),
               t.problems, plural(t.problems));
        return cli_finish_stdout(t.input_error ? TS_EXIT_INPUT : TS_EXIT_OK);
    }
    if (o.coverage && cli_coverage_report(stdout, lcov) < 0)
        t.input_error = 1;
    cli_coverage_stop();
    printf("%zu passed, %zu failed\n", t.passed, t.failed);
    if ((o.rule || o.case_text) && !t.cases && !t.input_error) {
        cli_error("no case matches%s%s%s%s", o.rule ? " --rule " : "", o.rule ? o.rule : "",
                  o.case_text ? " --case " : "", o.case_text ? o.case_text : "");
        t.input_error = 1;
    }
    if (t.input_error)
        return cli_finish_stdout(TS_EXIT_INPUT);
    return cli_finish_stdout(t.failed ? TS_EXIT_FINDINGS : TS_EXIT_OK);
}

int rule_test_main(int argc, char **argv)
{
    return run_main(argc, argv, 0);
}

int cli_rules_check(int argc, char **argv)
{
    return run_main(argc - 1, argv + 1, 1);
}

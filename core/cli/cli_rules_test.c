#include "cli/cli_rules_test.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "cli/cli_rules_fixture.h"
#include "util/strlist.h"
#include "util/dir_list.h"
#include "engine/engine.h"
#include "engine/scan.h"
#include "util/file_read.h"
#include "json/json_doc.h"
#include "snapshot/snapshot_load.h"
#include "util/text.h"
#include "engine/result.h"

const char cli_rules_test_help[] =
    "usage: trailscan rules test [DIR]...\n"
    "\n"
    "Runs the fixture cases (*.test.json beside the rules) of the built-in\n"
    "rules, or of the rules in each DIR; one line per case and a summary.\n"
    "Exit 1 if any case fails or a rule has no cases.\n"
    "\n";

struct tally {
    size_t passed, failed;
    int input_error;
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

static void run_case(struct ts_engine *e, size_t rule, const struct ts_json_doc *doc,
                     const cJSON *c, struct tally *t)
{
    const char *file = doc->path;
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(c, "name");
    const cJSON *snap = cJSON_GetObjectItemCaseSensitive(c, "snapshot");
    const cJSON *expect = cJSON_GetObjectItemCaseSensitive(c, "expect");
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(c, "params");
    struct ts_error perr;
    const char *cname = cJSON_IsString(name) ? name->valuestring : "(unnamed)";
    struct ts_problems problems;
    struct ts_snapshot s;
    struct ts_strlist why;
    size_t len = 0;
    char *text;

    ts_problems_init(&problems);
    cli_fixture_check_case(doc, e, rule, c, &problems);
    if (problems.count) {
        /* The author's mistake, not the rule's: said where it is. */
        print_case("FAIL", ts_engine_rule(e, rule)->id, file, cname);
        fputs(": the case has mistakes (below)\n", stdout);
        fflush(stdout);
        cli_print_problems(&problems);
        ts_problems_release(&problems);
        t->failed++;
        t->input_error = 1;
        return;
    }
    ts_strlist_init(&why);
    text = cli_fixture_snapshot_text(doc, snap, &len);
    ts_snapshot_init(&s);
    if (!text || ts_snapshot_load_text(&s, file, text, len, &problems) < 0) {
        for (size_t i = 0; i < problems.count; i++)
            mismatch(&why, "bad snapshot: %s", problems.items[i]);
        if (!text)
            mismatch(&why, "bad snapshot: its text could not be made");
    } else if (params && ts_engine_set_params(e, rule, params, &perr) < 0) {
        mismatch(&why, "bad params: %s", perr.msg);
    } else {
        ts_engine_run_rules(e, &s, rule, 1);
        compare(e, ts_engine_naccounts(e) - 1, expect, &why);
    }
    print_case(why.count ? "FAIL" : "ok", ts_engine_rule(e, rule)->id, file, cname);
    for (size_t i = 0; i < why.count; i++) {
        fputs("\n      ", stdout);
        ts_text_put(stdout, why.items[i]);
    }
    if (why.count)
        t->failed++;
    else
        t->passed++;
    fputc('\n', stdout);
    if (params) /* the next case starts from the defaults again */
        ts_engine_set_params(e, rule, NULL, &perr);
    ts_strlist_release(&why);
    ts_snapshot_release(&s);
    ts_problems_release(&problems);
    free(text);
}

static void run_fixture(struct ts_engine *e, const char *file, char *tested, struct tally *t)
{
    struct ts_problems problems;
    struct ts_json_doc doc;
    const cJSON *rule, *cases, *c;
    size_t idx;

    /* A fixture is JSON too, read with a snapshot's checks (UTF-8, no
     * escaped NUL, JSON's numbers) and positions, but not as a snapshot. */
    ts_problems_init(&problems);
    ts_json_doc_init(&doc);
    if (ts_json_doc_load(&doc, file, TS_MAX_SNAPSHOT_BYTES, &problems) < 0)
        goto bad;
    cli_fixture_check_top(&doc, &problems);
    if (problems.count)
        goto bad;
    rule = cJSON_GetObjectItemCaseSensitive(doc.root, "rule");
    cases = cJSON_GetObjectItemCaseSensitive(doc.root, "cases");
    if ((idx = ts_engine_find_rule(e, rule->valuestring)) == SIZE_MAX) {
        ts_json_doc_problem(&doc, &problems, doc.root, "rule", "no rule with id '%s' in this"
                            " folder", rule->valuestring);
        goto bad;
    }
    tested[idx] = 1;
    cJSON_ArrayForEach(c, cases)
        run_case(e, idx, &doc, c, t);
    goto out;
bad:
    fflush(stdout);
    cli_print_problems(&problems);
    t->input_error = 1;
out:
    ts_json_doc_release(&doc);
    ts_problems_release(&problems);
}

static void test_dir(const char *dir, struct tally *t)
{
    struct ts_engine *e;
    struct ts_problems problems;
    struct ts_strlist fixtures;
    struct ts_limits limits = {TS_DEFAULT_MEMORY_LIMIT, TS_DEFAULT_INSTRUCTION_LIMIT,
                               TS_DEFAULT_RESULT_LIMIT, TS_DEFAULT_SECONDS};
    struct ts_scan_plan plan = {.rule_dirs = &dir, .nrule_dirs = 1}; /* no built-ins */
    char *tested;

    ts_problems_init(&problems);
    ts_strlist_init(&fixtures);
    if (!(e = ts_engine_new(&limits))) {
        t->input_error = 1;
        return;
    }
    if (ts_scan_load_all(e, &plan, &problems) < 0) {
        cli_print_problems(&problems);
        t->input_error = 1;
    }
    for (size_t i = 0; i < ts_engine_nfailures(e); i++) {
        fputs("FAIL  ", stdout);
        ts_text_put(stdout, ts_engine_failure(e, i)->rule_id);
        printf(": does not load: %s: ", ts_cause_name(ts_engine_failure(e, i)->cause));
        ts_text_put(stdout, ts_engine_failure(e, i)->message);
        fputc('\n', stdout);
        t->failed++;
    }
    tested = ts_xmalloc(ts_engine_nrules(e) + 1);
    memset(tested, 0, ts_engine_nrules(e) + 1);
    find_fixtures(dir, &fixtures, t, &problems);
    for (size_t i = 0; i < fixtures.count; i++)
        run_fixture(e, fixtures.items[i], tested, t);
    for (size_t i = 0; i < ts_engine_nrules(e); i++)
        if (!tested[i]) {
            fputs("FAIL  ", stdout);
            ts_text_put(stdout, ts_engine_rule(e, i)->id);
            fputs("  ", stdout);
            ts_text_put(stdout, ts_engine_rule(e, i)->file);
            fputs(": no fixture cases (add a .test.json beside it)\n", stdout);
            t->failed++;
        }
    free(tested);
    ts_strlist_release(&fixtures);
    ts_problems_release(&problems);
    ts_engine_free(e);
}

int rule_test_main(int argc, char **argv)
{
    struct tally t = {0, 0, 0};

    for (int i = 0; i < argc; i++)
        if (argv[i][0] == '-')
            return cli_usage_error("rules", "unknown option '%s'", argv[i]);
    if (argc == 0)
        test_dir(ts_engine_builtin_dir(), &t);
    for (int i = 0; i < argc; i++) {
        if (!ts_is_dir(argv[i])) {
            cli_error("%s: not a rules directory", argv[i]);
            return TS_EXIT_INPUT;
        }
        test_dir(argv[i], &t);
    }
    printf("%zu passed, %zu failed\n", t.passed, t.failed);
    if (t.input_error)
        return cli_finish_stdout(TS_EXIT_INPUT);
    return cli_finish_stdout(t.failed ? TS_EXIT_FINDINGS : TS_EXIT_OK);
}

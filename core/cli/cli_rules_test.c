#include "cli/cli_rules_test.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "util/dir_list.h"
#include "engine/engine.h"
#include "engine/scan.h"
#include "util/file_read.h"
#include "json/json_doc.h"
#include "snapshot/snapshot_load.h"
#include "util/text.h"
#include "engine/result.h"

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

static void fill_default(cJSON *snap, const char *key, const char *value)
{
    if (!cJSON_GetObjectItemCaseSensitive(snap, key))
        cJSON_AddItemToObject(snap, key, value ? cJSON_CreateString(value) : cJSON_CreateObject());
}

/* Compares the rule's results on the case's account with expect. */
static int compare(const struct ts_engine *e, size_t acct, const cJSON *expect,
                   char *why, size_t whylen)
{
    const cJSON *x;

    for (size_t i = 0; i < ts_engine_nfailures(e); i++) {
        const struct ts_failure *f = ts_engine_failure(e, i);
        if (f->snapshot == acct) {
            snprintf(why, whylen, "rule failed: %s: %s", ts_cause_name(f->cause), f->message);
            return -1;
        }
    }
    for (size_t i = 0; i < ts_engine_nresults(e); i++) {
        const struct ts_result *r = ts_engine_result(e, i);
        if (r->snapshot != acct)
            continue;
        x = cJSON_GetObjectItemCaseSensitive(expect, r->resource);
        if (!cJSON_IsString(x)) {
            snprintf(why, whylen, "unexpected %s for %s: %s", ts_verdict_name(r->verdict),
                     r->resource, r->message);
            return -1;
        }
        if (strcmp(x->valuestring, ts_verdict_name(r->verdict))) {
            snprintf(why, whylen, "expected %s for %s, got %s: %s", x->valuestring,
                     r->resource, ts_verdict_name(r->verdict), r->message);
            return -1;
        }
    }
    cJSON_ArrayForEach(x, expect) {
        size_t i = 0;
        while (i < ts_engine_nresults(e) && !(ts_engine_result(e, i)->snapshot == acct
                                    && !strcmp(ts_engine_result(e, i)->resource, x->string)))
            i++;
        if (i == ts_engine_nresults(e)) {
            snprintf(why, whylen, "expected %s for %s, got no result",
                     cJSON_IsString(x) ? x->valuestring : "?", x->string);
            return -1;
        }
    }
    return 0;
}

static void run_case(struct ts_engine *e, size_t rule, const char *file, const cJSON *c,
                     struct tally *t)
{
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(c, "name");
    const cJSON *snap = cJSON_GetObjectItemCaseSensitive(c, "snapshot");
    const cJSON *expect = cJSON_GetObjectItemCaseSensitive(c, "expect");
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(c, "params");
    struct ts_error perr;
    const char *cname = cJSON_IsString(name) ? name->valuestring : "(unnamed)";
    struct ts_problems problems;
    struct ts_snapshot s;
    char path[PATH_MAX + 256], why[1200];
    cJSON *copy;
    char *text;

    if (!cJSON_IsObject(snap) || !cJSON_IsObject(expect) || (params && !cJSON_IsObject(params))) {
        print_case("FAIL", ts_engine_rule(e, rule)->id, file, cname);
        fputs(": a case needs \"snapshot\" and \"expect\" objects (and \"params\", if any,"
              " an object)\n", stdout);
        t->failed++;
        return;
    }
    copy = cJSON_Duplicate(snap, 1);
    fill_default(copy, "format", TS_SNAPSHOT_FORMAT);
    fill_default(copy, "account_id", "123456789012");
    fill_default(copy, "partition", "aws");
    fill_default(copy, "collected_at", "2026-11-25T12:00:00Z");
    fill_default(copy, "regions", NULL);
    text = cJSON_Print(copy);
    cJSON_Delete(copy);
    snprintf(path, sizeof(path), "%s#%s", file, cname);
    ts_problems_init(&problems);
    ts_snapshot_init(&s);
    if (ts_snapshot_load_text(&s, path, text, strlen(text), &problems) < 0) {
        snprintf(why, sizeof(why), "bad snapshot: %s", problems.items[0]);
    } else if (params && ts_engine_set_params(e, rule, params, &perr) < 0) {
        snprintf(why, sizeof(why), "bad params: %s", perr.msg);
    } else {
        ts_engine_run_rules(e, &s, rule, 1);
        if (compare(e, ts_engine_naccounts(e) - 1, expect, why, sizeof(why)) == 0)
            why[0] = '\0';
    }
    print_case(why[0] ? "FAIL" : "ok", ts_engine_rule(e, rule)->id, file, cname);
    if (why[0]) {
        fputs("\n      ", stdout);
        ts_text_put(stdout, why);
        t->failed++;
    } else {
        t->passed++;
    }
    fputc('\n', stdout);
    if (params) /* the next case starts from the defaults again */
        ts_engine_set_params(e, rule, NULL, &perr);
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
    if (ts_json_doc_load(&doc, file, TS_MAX_SNAPSHOT_BYTES, &problems) < 0) {
        cli_print_problems(&problems);
        t->input_error = 1;
        goto out;
    }
    rule = cJSON_GetObjectItemCaseSensitive(doc.root, "rule");
    cases = cJSON_GetObjectItemCaseSensitive(doc.root, "cases");
    if (!cJSON_IsString(rule) || !cJSON_IsArray(cases)) {
        cli_error("%s: a fixture needs \"rule\" (an id) and \"cases\" (an array)", file);
        t->input_error = 1;
        goto out;
    }
    if ((idx = ts_engine_find_rule(e, rule->valuestring)) == SIZE_MAX) {
        cli_error("%s: no rule with id '%s' in this folder", file, rule->valuestring);
        t->input_error = 1;
        goto out;
    }
    tested[idx] = 1;
    cJSON_ArrayForEach(c, cases)
        run_case(e, idx, file, c, t);
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
    if (argc == 0 && !ts_engine_builtin_dir()) {
        cli_error("%s", ts_engine_builtin_problem());
        return TS_EXIT_INPUT;
    }
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

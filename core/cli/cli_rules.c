/* trailscan rules list|show ID|test [DIR] */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine/engine.h"
#include "engine/rule_meta.h"
#include "engine/scan.h"
#include "cli/cli_rules_test.h"
#include "util/text.h"
#include "engine/result.h"

static const char rules_help[] =
    "usage: trailscan rules list [--rules DIR]... [--no-builtin]\n"
    "       trailscan rules show ID [--rules DIR]... [--no-builtin]\n"
    "       trailscan rules test [DIR]...\n"
    "\n"
    "list: id, severity, title and frameworks of every rule.\n"
    "show: all of one rule's metadata and remediation.\n"
    "test: runs the fixture cases (*.test.json beside the rules) of the\n"
    "      built-in rules, or of the rules in each DIR; one line per case and\n"
    "      a summary.  Exit 1 if any case fails.\n"
    "\n";

/* Loads the rules the arguments name into a new *ep, which stays NULL if
 * Lua cannot start. */
static int load(struct ts_engine **ep, int argc, char **argv, int first, const char **id)
{
    struct ts_problems problems;
    struct ts_limits limits = {TS_DEFAULT_MEMORY_LIMIT, TS_DEFAULT_INSTRUCTION_LIMIT,
                               TS_DEFAULT_RESULT_LIMIT, TS_DEFAULT_SECONDS};
    const char **dirs = ts_xmalloc((size_t)argc * sizeof(*dirs));
    struct ts_scan_plan plan = {.rule_dirs = dirs, .builtin = 1};
    size_t ndirs = 0;
    struct ts_engine *e;
    int ret = 0;

    *ep = NULL;
    ts_problems_init(&problems);
    for (int i = first; i < argc; i++) {
        if (!strcmp(argv[i], "--no-builtin"))
            plan.builtin = 0;
        else if (!strcmp(argv[i], "--rules") && i + 1 < argc)
            dirs[ndirs++] = argv[++i];
        else if (argv[i][0] != '-' && id && !*id)
            *id = argv[i];
        else {
            free(dirs);
            return cli_usage_error("rules", "unexpected argument '%s'", argv[i]);
        }
    }
    plan.nrule_dirs = ndirs;
    if (!(*ep = e = ts_engine_new(&limits))) {
        free(dirs);
        return TS_EXIT_INPUT;
    }
    if (ts_scan_load_all(e, &plan, &problems) < 0)
        ret = TS_EXIT_INPUT;
    free(dirs);
    cli_print_problems(&problems);
    ts_problems_release(&problems);
    for (size_t i = 0; i < ts_engine_nfailures(e); i++) {
        cli_error("rule '%s' failed while loading: %s: %s", ts_engine_failure(e, i)->rule_id,
                  ts_cause_name(ts_engine_failure(e, i)->cause), ts_engine_failure(e, i)->message);
        ret = ts_exit_worst(ret, TS_EXIT_RULE_FAILED);
    }
    return ret;
}

static void print_frameworks(const struct ts_rule *r)
{
    const char *prev = NULL;
    size_t plen = 0;

    for (char **c = r->compliance; c && *c; c++) {
        size_t n = strcspn(*c, "\t");
        if (prev && n == plen && !strncmp(prev, *c, n))
            continue;
        char *name = ts_xmalloc(n + 1);
        memcpy(name, *c, n);
        name[n] = '\0';
        fputs(prev ? "," : "", stdout);
        ts_text_put(stdout, name);
        free(name);
        prev = *c;
        plen = n;
    }
}

static int rules_list(int argc, char **argv)
{
    struct ts_engine *e;
    int status = load(&e, argc, argv, 2, NULL);

    if (!e)
        return status;
    for (size_t i = 0; i < ts_engine_nrules(e); i++) {
        const struct ts_rule *r = ts_engine_rule(e, i);
        printf("%-36s %-8s ", r->id, ts_severity_name(r->severity));
        ts_text_put(stdout, r->title);
        fputs("  [", stdout);
        print_frameworks(r);
        printf("]\n");
    }
    ts_engine_free(e);
    return cli_finish_stdout(status);
}

/* The parameters and their defaults, escaped like every other text. */
static void print_params(lua_State *L, const struct ts_rule *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    if (!f)
        return;
    ts_rule_meta_print_params(L, r, f);
    if (fclose(f) == 0)
        ts_text_put(stdout, buf);
    free(buf);
}

static int rules_show(int argc, char **argv)
{
    struct ts_engine *e;
    const char *id = NULL;
    int status = load(&e, argc, argv, 2, &id);
    const struct ts_rule *r = NULL;

    if (!e)
        return status;
    if (!id) {
        ts_engine_free(e);
        return cli_usage_error("rules", "'rules show' needs a rule id");
    }
    if (ts_engine_find_rule(e, id) == SIZE_MAX) {
        cli_error("no rule with id '%s' (see 'trailscan rules list')", id);
        ts_engine_free(e);
        return TS_EXIT_INPUT;
    }
    r = ts_engine_rule(e, ts_engine_find_rule(e, id));
    /* Every text comes from a rule file, maybe someone else's: escaped
     * (ts_text_put), only the description and remediation keep lines. */
    fputs("id:          ", stdout);
    ts_text_put(stdout, r->id);
    fputs("\nname:        ", stdout);
    ts_text_put(stdout, r->name);
    fputs("\ntitle:       ", stdout);
    ts_text_put(stdout, r->title);
    printf("\nseverity:    %s\nfile:        ", ts_severity_name(r->severity));
    ts_text_put(stdout, r->file);
    printf("\ncompliance: ");
    for (char **c = r->compliance; c && *c; c++) {
        char *item = ts_xstrdup(*c);
        item[strcspn(item, "\t")] = ' ';
        fputc(' ', stdout);
        ts_text_put(stdout, item);
        fputc(';', stdout);
        free(item);
    }
    printf("\nparameters: ");
    print_params(ts_engine_lua(e), r);
    fputs("\n\n", stdout);
    ts_text_put_lines(stdout, r->description);
    fputs("\n\nRemediation:\n", stdout);
    ts_text_put_lines(stdout, r->remediation);
    fputc('\n', stdout);
    if (r->references) {
        printf("\nReferences:\n");
        for (char **ref = r->references; *ref; ref++) {
            fputs("  ", stdout);
            ts_text_put(stdout, *ref);
            fputc('\n', stdout);
        }
    }
    ts_engine_free(e);
    return cli_finish_stdout(status);
}

int cli_rules(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("rules", "say list, show ID or test [DIR]");
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        fputs(rules_help, stdout);
        fputs(cli_exit_help, stdout);
        return cli_finish_stdout(TS_EXIT_OK);
    }
    if (!strcmp(argv[1], "list"))
        return rules_list(argc, argv);
    if (!strcmp(argv[1], "show"))
        return rules_show(argc, argv);
    if (!strcmp(argv[1], "test"))
        return rule_test_main(argc - 2, argv + 2);
    return cli_usage_error("rules", "unknown rules command '%s'", argv[1]);
}

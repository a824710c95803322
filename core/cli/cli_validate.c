/* trailscan validate SNAPSHOT|DIR...: check snapshots and organisations'
 * manifests against their formats. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>
#include "snapshot/orgs.h"
#include "snapshot/snapshot_load.h"
#include "snapshot/snapshot_set.h"
#include "util/text.h"

static const char validate_help[] =
    "usage: trailscan validate SNAPSHOT|DIR...\n"
    "\n"
    "Checks each snapshot against the trailscan-snapshot/1 format and prints\n"
    "'FILE: OK' or every problem found, as FILE:LINE:COLUMN: PATH: WHAT.\n"
    "A directory stands for every *.json file in it.  One account may appear\n"
    "in one file only.  An organisation's manifest (organization.json, from\n"
    "collect --org) is checked against trailscan-organization/1, and every\n"
    "snapshot in its folder against it.\n"
    "\n"
    "Exit status: 0 all valid, 2 a problem was found.\n";

static int validate_one(const char *path, struct ts_accounts *seen, const struct ts_orgs *orgs)
{
    struct ts_snapshot s;
    struct ts_problems problems;
    int bad;

    ts_snapshot_init(&s);
    ts_problems_init(&problems);
    bad = ts_snapshot_load(&s, path, &problems) < 0 || ts_orgs_claim(orgs, &s, &problems) < 0;
    if (!bad && ts_accounts_claim(seen, s.account_id, path, &problems) < 0)
        bad = 1;
    if (bad)
        cli_print_problems(&problems);
    else {
        /* File names can hold anything: escaped, as in every message. */
        ts_text_put(stdout, path);
        fputs(": OK (account ", stdout);
        ts_text_put(stdout, s.account_id);
        if (s.account_name) {
            fputs(" (", stdout);
            ts_text_put(stdout, s.account_name);
            fputc(')', stdout);
        }
        fputs(", ", stdout);
        ts_text_put(stdout, s.partition);
        fputs(")\n", stdout);
    }
    ts_problems_release(&problems);
    ts_snapshot_release(&s);
    return bad;
}

/* Checks manifest path (added to orgs if good); prints OK or its problems. */
static int validate_manifest(const char *path, struct ts_orgs *orgs)
{
    struct ts_problems problems;
    const struct ts_org_manifest *m;
    size_t n[3] = {0, 0, 0};

    ts_problems_init(&problems);
    if (ts_orgs_add(orgs, path, &problems) < 0) {
        ts_org_manifest_release(&orgs->items[--orgs->count]);
        cli_print_problems(&problems);
        ts_problems_release(&problems);
        return 1;
    }
    m = &orgs->items[orgs->count - 1];
    for (size_t k = 0; k < m->naccounts; k++)
        n[m->accounts[k].status]++;
    ts_text_put(stdout, path);
    printf(": OK (organization %s, %zu account%s: %zu collected, %zu failed, %zu skipped)\n",
           m->org_id, m->naccounts, m->naccounts == 1 ? "" : "s", n[TS_ORG_COLLECTED],
           n[TS_ORG_FAILED], n[TS_ORG_SKIPPED]);
    ts_problems_release(&problems);
    return 0;
}

int cli_validate(int argc, char **argv)
{
    struct ts_strlist files, manifests;
    struct ts_orgs orgs;
    struct ts_problems problems;
    struct ts_accounts seen;
    int status = TS_EXIT_OK, first = 1;

    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        fputs(validate_help, stdout);
        return cli_finish_stdout(TS_EXIT_OK);
    }
    if (argc > 1 && !strcmp(argv[1], "--"))
        first = 2;
    else if (argc > 1 && argv[1][0] == '-' && argv[1][1])
        return cli_usage_error("validate", "unknown option '%s'", argv[1]);
    if (argc <= first)
        return cli_usage_error("validate", "no snapshot given");
    ts_strlist_init(&files);
    ts_strlist_init(&manifests);
    ts_orgs_init(&orgs);
    ts_problems_init(&problems);
    ts_accounts_init(&seen);
    if (ts_inputs_expand(argv + first, (size_t)(argc - first), &files, &manifests,
                         &problems) < 0) {
        cli_print_problems(&problems);
        status = TS_EXIT_INPUT;
    }
    /* Manifests first: the snapshots of their folders are checked against them. */
    for (size_t i = 0; i < manifests.count; i++)
        if (validate_manifest(manifests.items[i], &orgs))
            status = TS_EXIT_INPUT;
    for (size_t i = 0; i < files.count; i++)
        if (validate_one(files.items[i], &seen, &orgs))
            status = TS_EXIT_INPUT;
    ts_accounts_release(&seen);
    ts_orgs_release(&orgs);
    ts_strlist_release(&manifests);
    ts_problems_release(&problems);
    ts_strlist_release(&files);
    return cli_finish_stdout(status);
}

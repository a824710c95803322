/* trailscan validate SNAPSHOT|DIR...: check snapshots against the format. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>
#include "snapshot/snapshot_load.h"
#include "snapshot/snapshot_set.h"
#include "util/text.h"

static const char validate_help[] =
    "usage: trailscan validate SNAPSHOT|DIR...\n"
    "\n"
    "Checks each snapshot against the trailscan-snapshot/1 format and prints\n"
    "'FILE: OK' or every problem found, as FILE:LINE:COLUMN: PATH: WHAT.\n"
    "A directory stands for every *.json file in it.  One account may appear\n"
    "in one file only.\n"
    "\n"
    "Exit status: 0 all valid, 2 a problem was found.\n";

static int validate_one(const char *path, struct ts_accounts *seen)
{
    struct ts_snapshot s;
    struct ts_problems problems;
    int bad;

    ts_snapshot_init(&s);
    ts_problems_init(&problems);
    bad = ts_snapshot_load(&s, path, &problems) < 0;
    if (!bad && ts_accounts_claim(seen, s.account_id, path, &problems) < 0)
        bad = 1;
    if (bad)
        cli_print_problems(&problems);
    else {
        /* File names can hold anything: escaped, as in every message. */
        ts_text_put(stdout, path);
        fputs(": OK (account ", stdout);
        ts_text_put(stdout, s.account_id);
        fputs(", ", stdout);
        ts_text_put(stdout, s.partition);
        fputs(")\n", stdout);
    }
    ts_problems_release(&problems);
    ts_snapshot_release(&s);
    return bad;
}

int cli_validate(int argc, char **argv)
{
    struct ts_strlist files;
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
    ts_problems_init(&problems);
    ts_accounts_init(&seen);
    if (ts_inputs_expand(argv + first, (size_t)(argc - first), &files, &problems) < 0) {
        cli_print_problems(&problems);
        status = TS_EXIT_INPUT;
    }
    for (size_t i = 0; i < files.count; i++)
        if (validate_one(files.items[i], &seen))
            status = TS_EXIT_INPUT;
    ts_accounts_release(&seen);
    ts_problems_release(&problems);
    ts_strlist_release(&files);
    return cli_finish_stdout(status);
}

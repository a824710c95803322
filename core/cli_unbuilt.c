/* Subcommands whose issues are still open.  They say so plainly instead of
 * pretending: exit 2, no output. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static int unbuilt(const char *name, const char *what, int argc, char **argv)
{
    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("usage: trailscan %s ...\n\n%s\n\nThis subcommand is not built yet in"
               " trailscan %s.\n", name, what, TRAILSCAN_VERSION);
        return cli_finish_stdout(TS_EXIT_OK);
    }
    cli_error("'%s' is not built yet in this version (%s)", name, TRAILSCAN_VERSION);
    return TS_EXIT_INPUT;
}

int cli_collect(int argc, char **argv)
{
    return unbuilt("collect", "Builds a snapshot from a live AWS account.", argc, argv);
}

int cli_upload(int argc, char **argv)
{
    return unbuilt("upload", "Sends a SARIF file to GitHub code scanning.", argc, argv);
}

/* trailscan upload: not built yet.  Says so plainly instead of pretending:
 * exit 2, no output. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

int cli_upload(int argc, char **argv)
{
    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("usage: trailscan upload ...\n\nSends a SARIF file to GitHub code scanning.\n\nThis subcommand is not built yet in"
               " trailscan %s.\n", TRAILSCAN_VERSION);
        return cli_finish_stdout(TS_EXIT_OK);
    }
    cli_error("'upload' is not built yet in this version (%s)", TRAILSCAN_VERSION);
    return TS_EXIT_INPUT;
}

/* trailscan: the subcommand table and the exit status; nothing else. */
#include <stdio.h>
#include <string.h>
#include "cli/cli.h"

struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
};

static const struct command commands[] = {
    {"scan", cli_scan, "evaluate rules over snapshots; never uses the network"},
    {"collect", cli_collect, "build a snapshot from a live account"},
    {"rules", cli_rules, "list, show and unit-test rules"},
    {"upload", cli_upload, "send SARIF to GitHub code scanning"},
    {"validate", cli_validate, "check snapshots against the format"},
};

static void print_help(void)
{
    printf("usage: trailscan COMMAND [OPTIONS] [ARGS]\n\n"
           "Audits an AWS account's CloudTrail logging configuration.\n\nCommands:\n");
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        printf("  %-9s %s\n", commands[i].name, commands[i].summary);
    printf("\n'trailscan COMMAND --help' tells more.  'trailscan --version' prints the"
           " version.\n\n%s", cli_exit_help);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error(NULL, "no command given");
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        print_help();
        return cli_finish_stdout(TS_EXIT_OK);
    }
    if (!strcmp(argv[1], "--version")) {
        printf("trailscan %s\n", TRAILSCAN_VERSION);
        return cli_finish_stdout(TS_EXIT_OK);
    }
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    return cli_usage_error(NULL, "unknown command '%s'", argv[1]);
}

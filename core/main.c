/* trailscan: the subcommand table and the exit status; nothing else. */
#include <stdio.h>
#include <string.h>
#include "cli/cli.h"
/* Generated in the build tree at each build (core/version_commit.cmake),
 * not a header under core/: hence the angle brackets. */
#include <version_commit.h>

static int run_version(int argc, char **argv);
static int run_completion(int argc, char **argv);

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
    {"completion", run_completion, "print a bash or zsh completion script"},
    {"version", run_version, "print the version and the commit it was built from"},
};

/* One line, so scripts can read it: the version and the commit. */
static int run_version(int argc, char **argv)
{
    if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("usage: trailscan version\n\nPrints the version and the git commit this binary"
               " was built from\n(also 'trailscan --version' and '-V').\n");
        return cli_finish_stdout(TS_EXIT_OK);
    }
    if (argc > 1)
        return cli_usage_error(NULL, "'%s' takes no arguments", argv[0]);
    printf("trailscan %s (commit %s)\n", TRAILSCAN_VERSION, TRAILSCAN_COMMIT);
    return cli_finish_stdout(TS_EXIT_OK);
}

static int run_completion(int argc, char **argv)
{
    const char *names[sizeof(commands) / sizeof(commands[0]) + 1];

    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        names[i] = commands[i].name;
    names[sizeof(commands) / sizeof(commands[0])] = NULL;
    return cli_completion(argc, argv, names);
}

static void print_help(void)
{
    printf("usage: trailscan COMMAND [OPTIONS] [ARGS]\n\n"
           "Audits an AWS account's CloudTrail logging configuration.\n\nCommands:\n");
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        printf("  %-10s %s\n", commands[i].name, commands[i].summary);
    printf("\nOptions:\n"
           "  -h, --help     this text; 'trailscan COMMAND --help' tells more\n"
           "  -V, --version  the version and the commit it was built from\n\n%s",
           cli_exit_help);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error(NULL, "no command given");
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        print_help();
        return cli_finish_stdout(TS_EXIT_OK);
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))
        return run_version(argc - 1, argv + 1);
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    return cli_usage_error(NULL, "unknown command '%s'", argv[1]);
}

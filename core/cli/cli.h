/* The subcommands, each in its own cli_<name>.c, and what they share. */
#ifndef TS_CLI_H
#define TS_CLI_H

#include <stddef.h>
#include "util/error.h"
#include "util/exit_status.h"
#include "util/lang.h"

int cli_scan(int argc, char **argv);
/* The i-th --format scan writes, NULL past the last (for completion). */
const char *cli_scan_format(size_t i);
int cli_collect(int argc, char **argv);
/* collect --org (cli_collect_org.c): cli_collect hands over when asked. */
int cli_collect_org(int argc, char **argv);
int cli_collect_wants_org(int argc, char **argv);
/* The value of --role-arn, --external-id or --role-session-name (option,
 * with its dashes) checked as STS would: 0, or a usage error said. */
int cli_collect_role_check(const char *option, const char *v);
int cli_rules(int argc, char **argv);
int cli_upload(int argc, char **argv);
int cli_validate(int argc, char **argv);
/* `trailscan completion bash|zsh` (cli_completion.c): a script that
 * completes the commands (NULL-terminated), their options and the rest. */
int cli_completion(int argc, char **argv, const char *const *commands);

/* "trailscan: <message>" on stderr. */
void cli_error(const char *fmt, ...) TS_PRINTF(1, 2);

/* Misuse: the message, then "try 'trailscan CMD --help'"; returns TS_EXIT_INPUT. */
int cli_usage_error(const char *cmd, const char *fmt, ...) TS_PRINTF(2, 3);

/* The language of --lang arg, or with arg NULL the default (TRAILSCAN_LANG,
 * else the locale's: util/lang.h): 0 with *lang set, or a usage error said
 * (TS_EXIT_INPUT). */
int cli_lang(const char *cmd, const char *arg, enum ts_lang *lang);

/* Prints each problem as "trailscan: <problem>". */
void cli_print_problems(const struct ts_problems *p);

/* The exit status table, for every --help. */
extern const char cli_exit_help[];

/* Flushes and closes stdout; a write error there is an error too. */
int cli_finish_stdout(int status);

#endif

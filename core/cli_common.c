#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char cli_exit_help[] =
    "Exit status:\n"
    "  0  nothing at or above --fail-on\n"
    "  1  findings at or above --fail-on\n"
    "  2  usage or input error (bad snapshot, rule file or config)\n"
    "  3  a rule failed at run time or hit a sandbox limit (the others still ran)\n"
    "  4  network or AWS error in collect/upload, or a partial snapshot\n"
    "  When several apply, the highest wins.\n";

void cli_error(const char *fmt, ...)
{
    va_list ap;

    fputs("trailscan: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;

    fputs("trailscan: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\ntry 'trailscan %s%s--help'\n", cmd ? cmd : "", cmd ? " " : "");
    return TS_EXIT_INPUT;
}

void cli_print_problems(const struct ts_problems *p)
{
    for (size_t i = 0; i < p->count; i++)
        fprintf(stderr, "trailscan: %s\n", p->items[i]);
}

int cli_finish_stdout(int status)
{
    if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
        cli_error("cannot write to standard output: %s", strerror(errno));
        return ts_exit_worst(status, TS_EXIT_INPUT);
    }
    return status;
}

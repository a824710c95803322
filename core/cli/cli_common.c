#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/text.h"

const char cli_exit_help[] =
    "Exit status:\n"
    "  0  nothing at or above --fail-on\n"
    "  1  findings at or above --fail-on\n"
    "  2  usage or input error (bad snapshot, rule file or config)\n"
    "  3  a rule failed at run time or hit a sandbox limit (the others still ran)\n"
    "  4  network or AWS error in collect/upload, or a partial snapshot\n"
    "  When several apply, the highest wins.\n";

/* "trailscan: <message>" without the newline; the message names files,
 * keys and values from the user's input, so what a terminal would act on
 * is shown escaped (ts_text_put). */
static TS_PRINTF(1, 0) void print_message(const char *fmt, va_list ap)
{
    char msg[2048];

    vsnprintf(msg, sizeof(msg), fmt, ap);
    fputs("trailscan: ", stderr);
    ts_text_put(stderr, msg);
}

void cli_error(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    print_message(fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    print_message(fmt, ap);
    va_end(ap);
    fputs("\ntry 'trailscan ", stderr);
    ts_text_put(stderr, cmd);
    fprintf(stderr, "%s--help'\n", cmd ? " " : "");
    return TS_EXIT_INPUT;
}

int cli_lang(const char *cmd, const char *arg, enum ts_lang *lang)
{
    const char *bad;
    int l = arg ? ts_lang_parse(arg) : ts_lang_default(&bad);

    if (l >= 0) {
        *lang = (enum ts_lang)l;
        return 0;
    }
    if (arg)
        return cli_usage_error(cmd, "--lang '%s': use en or ja", arg);
    return cli_usage_error(cmd, "%s '%s': use en or ja", bad, getenv(bad));
}

void cli_print_problems(const struct ts_problems *p)
{
    for (size_t i = 0; i < p->count; i++) {
        fputs("trailscan: ", stderr);
        ts_text_put(stderr, p->items[i]);
        fputc('\n', stderr);
    }
}

int cli_finish_stdout(int status)
{
    if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
        cli_error("cannot write to standard output: %s", strerror(errno));
        return ts_exit_worst(status, TS_EXIT_INPUT);
    }
    return status;
}

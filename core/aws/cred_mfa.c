/* Asking for an MFA code on the terminal (see cred_mfa.h). */
#include "aws/cred_mfa.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define EXPORT_HINT "eval \"$(aws configure export-credentials --profile %.100s --format env)\""

/* The prompt, then one line from tty into code, echo off (as getpass).
 * Echo goes off, flushing what was typed ahead, before the prompt shows:
 * an answer typed after the prompt is never flushed. */
static int ask_hidden(FILE *tty, const char *serial, char *code, size_t n)
{
    struct termios old, quiet;
    int fd = fileno(tty), restore = tcgetattr(fd, &old) == 0;
    char *ok;

    if (restore) {
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    fprintf(tty, "Enter MFA code for %s: ", serial);
    fflush(tty);
    ok = fgets(code, (int)n, tty);
    if (restore)
        tcsetattr(fd, TCSADRAIN, &old);
    fputc('\n', tty);
    if (!ok)
        return -1;
    code[strcspn(code, "\r\n")] = '\0';
    return 0;
}

int aws_cred_mfa_code(const char *profile, const char *serial, char *code, size_t n,
                      struct ts_error *err)
{
    FILE *tty;
    int rc;

    code[0] = '\0';
    if (!isatty(STDIN_FILENO) || !isatty(STDERR_FILENO) || !(tty = fopen("/dev/tty", "r+")))
        return ts_error_set(err, "profile '%.200s' needs an MFA code (mfa_serial %.200s) and "
                            "there is no terminal to ask for it: run trailscan from a "
                            "terminal, or export temporary keys first with '" EXPORT_HINT
                            "' and run trailscan with them in the environment", profile,
                            serial, profile);
    rc = ask_hidden(tty, serial, code, n);
    fclose(tty);
    if (rc < 0 || !code[0])
        return ts_error_set(err, "profile '%.200s': no MFA code entered for %.200s", profile,
                            serial);
    return 0;
}

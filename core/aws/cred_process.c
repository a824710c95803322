/* credential_process: the profile's command, split as botocore splits it
 * (shlex, POSIX rules) and run without a shell; its standard output is the
 * JSON "Version": 1 answer, its standard error goes to the user's (it may
 * say why it failed, or prompt), standard input is the user's.  A command
 * that has not answered within the timeout is killed, with what it
 * started (it runs in a process group of its own unless it may need the
 * terminal). */
#include "aws/cred_sources.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <openssl/crypto.h>

#include "aws/cred_json.h"
#include "aws/http.h"
#include "util/shlex.h"

extern char **environ;

/* The answer is a few hundred bytes; more is a command printing something
 * else. */
#define PROCESS_OUTPUT_LIMIT (64 * 1024)
/* The AWS CLI waits forever; a collection in CI should not.  A minute
 * leaves room for a command that asks for an MFA code. */
#define PROCESS_TIMEOUT_S 60

struct process_state {
    char *profile, *where;
    char **argv;
};

static long timeout_ms(void)
{
    const char *v = getenv("TRAILSCAN_CREDENTIAL_PROCESS_TIMEOUT");
    char *end;
    double s;

    if (v && *v) {
        s = strtod(v, &end);
        if (!*end && s > 0 && s < 86400)
            return (long)(s * 1000);
    }
    return PROCESS_TIMEOUT_S * 1000L;
}

static int fail(const struct process_state *s, struct ts_error *err, const char *why)
{
    return ts_error_set(err, "Error when retrieving credentials from custom-process: "
                        "credential_process of profile '%s' (in %s) %s", s->profile,
                        s->where, why);
}

/* 1 when the command runs in a process group of its own, so that a
 * timeout kills what it started too (a helper, a sleep).  Not when our
 * standard input is the terminal and we are in its foreground: a command
 * in another group could not read a prompt's answer there (SIGTTIN), and
 * Ctrl-C would not reach it; the user is watching and can stop it. */
static int own_group(void)
{
    return !isatty(STDIN_FILENO) || tcgetpgrp(STDIN_FILENO) != getpgrp();
}

/* Starts the command with its standard output on a new pipe (*out);
 * *group: 1 when it leads a process group of its own (own_group). */
static int spawn(const struct process_state *s, pid_t *pid, int *out, int *group,
                 struct ts_error *err)
{
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    int fds[2], rc;

    if (pipe(fds) < 0)
        return fail(s, err, "cannot be run: no pipe");
    /* Another thread's child must not inherit either end (the write end
     * would hold the pipe open); dup2 onto the child's stdout clears it. */
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&fa, fds[1]);
    posix_spawnattr_init(&attr);
    *group = own_group();
    if (*group) {
        posix_spawnattr_setpgroup(&attr, 0);
        posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    }
    rc = posix_spawnp(pid, s->argv[0], &fa, &attr, s->argv, environ);
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    if (rc) {
        char why[300];
        close(fds[0]);
        snprintf(why, sizeof(why), "cannot be run: '%.100s': %s", s->argv[0], strerror(rc));
        return fail(s, err, why);
    }
    *out = fds[0];
    return 0;
}

/* Reads fd to its end into b (capped), until deadline_ms.  0, or 1 on
 * timeout, 2 over the cap. */
static int read_all(int fd, struct http_buf *b, uint64_t deadline_ms)
{
    struct pollfd p = {fd, POLLIN, 0};
    char chunk[4096];
    ssize_t n;

    for (;;) {
        uint64_t now = http_now_ms();
        int r;

        if (now >= deadline_ms)
            return 1;
        r = poll(&p, 1, (int)(deadline_ms - now));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return 1;
        n = read(fd, chunk, sizeof(chunk));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return 0;
        if (b->len + (size_t)n > PROCESS_OUTPUT_LIMIT)
            return 2;
        if (b->len + (size_t)n + 1 > b->cap) {
            size_t cap = b->len + (size_t)n + 1 + 1024;
            char *d = ts_xmalloc(cap);
            if (b->data) {
                memcpy(d, b->data, b->len);
                OPENSSL_cleanse(b->data, b->len);
                free(b->data);
            }
            b->data = d;
            b->cap = cap;
        }
        memcpy(b->data + b->len, chunk, (size_t)n);
        b->len += (size_t)n;
        b->data[b->len] = '\0';
        OPENSSL_cleanse(chunk, (size_t)n);
    }
}

static int wait_child(pid_t pid)
{
    int status;

    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return status;
}

/* Runs the command; its standard output into b.  0, or -1 with err. */
static int run(const struct process_state *s, struct http_buf *b, struct ts_error *err)
{
    long limit = timeout_ms();
    pid_t pid;
    int fd = -1, r, status, group = 0; /* set by spawn; gcc -O2 cannot see it */
    char why[300];

    if (spawn(s, &pid, &fd, &group, err) < 0)
        return -1;
    r = read_all(fd, b, http_now_ms() + (uint64_t)limit);
    close(fd);
    /* The whole group: the command's own children too, which would
     * otherwise run on (the leader is not reaped yet, so the group is
     * still its). */
    if (r && (!group || kill(-pid, SIGKILL) < 0))
        kill(pid, SIGKILL);
    status = wait_child(pid);
    if (r == 1) {
        snprintf(why, sizeof(why), "did not answer within %.1f s and was stopped (the "
                 "timeout is TRAILSCAN_CREDENTIAL_PROCESS_TIMEOUT, in seconds)",
                 limit / 1000.0);
        return fail(s, err, why);
    }
    if (r == 2)
        return fail(s, err, "printed more than 65536 bytes: not a credentials answer");
    if (status != -1 && WIFSIGNALED(status)) {
        snprintf(why, sizeof(why), "was killed by signal %d", WTERMSIG(status));
        return fail(s, err, why);
    }
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status)) {
        snprintf(why, sizeof(why), "exited with status %d (its own messages, if any, are "
                 "above); run the command yourself to see what it needs",
                 status == -1 ? -1 : WEXITSTATUS(status));
        return fail(s, err, why);
    }
    return 0;
}

static int fetch(struct aws_cred_provider *p, struct aws_credentials *out, time_t *expires,
                 struct ts_error *err)
{
    const struct process_state *s = p->state;
    struct http_buf b = {NULL, 0, 0};
    struct ts_error perr;
    char why[700];
    int rc = run(s, &b, err);

    if (rc == 0 && aws_cred_json_parse(b.data, b.len, &aws_cred_json_process, out, expires,
                                       &perr) < 0) {
        snprintf(why, sizeof(why), "printed an answer trailscan cannot use: %.300s (it must "
                 "print {\"Version\": 1, \"AccessKeyId\": ..., \"SecretAccessKey\": ..., "
                 "and optionally \"SessionToken\" and \"Expiration\"})", perr.msg);
        rc = fail(s, err, why);
    }
    if (rc == 0 && *expires && *expires <= time(NULL)) {
        aws_credentials_release(out);
        rc = fail(s, err, "printed credentials whose Expiration has passed: the command "
                  "must print fresh ones (is its cache stale?)");
    }
    if (b.data)
        OPENSSL_cleanse(b.data, b.len);
    http_buf_release(&b);
    return rc;
}

static void destroy(struct aws_cred_provider *p)
{
    struct process_state *s = p->state;

    free(s->profile);
    free(s->where);
    ts_shlex_free(s->argv);
    free(s);
}

struct aws_cred_provider *aws_cred_process_new(const char *profile, const char *command,
                                               const char *where, struct ts_error *err)
{
    struct process_state *s;
    struct ts_error why;
    char **argv;
    size_t argc;
    char source[512];

    if (ts_shlex_split(command, &argv, &argc, &why) < 0 || argc == 0) {
        ts_error_set(err, "profile '%s' (in %s): credential_process cannot be split into "
                     "words: %s", profile, where, argv ? "it is empty" : why.msg);
        ts_shlex_free(argv);
        return NULL;
    }
    s = ts_xmalloc(sizeof(*s));
    s->profile = ts_xstrdup(profile);
    s->where = ts_xstrdup(where);
    s->argv = argv;
    snprintf(source, sizeof(source), "credential_process of profile '%s'", profile);
    return aws_cred_provider_new(fetch, s, destroy, source);
}

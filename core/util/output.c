/* The one output layer: see output.h for what it promises. */
#include "util/output.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

struct ts_output {
    char *path;            /* as given */
    char *target;          /* where the bytes go: symbolic links followed */
    int in_place;          /* standard output, a device or a FIFO */
    int is_stdout;
    int exists;            /* target is an existing regular file (st) */
    struct stat st;
    int has_id;            /* dev/ino/name below say which file it is */
    dev_t dev;
    ino_t ino;
    char *name;            /* NULL: dev/ino are the file's; else its folder's */
    int null_dev;          /* /dev/null may take any number of outputs */
    char *tmp;             /* the temporary file, while there is one */
    int slot;              /* tmp's place in the signal registry, or -1 */
    FILE *f;
    int done;              /* closed complete: ready to be renamed */
};

/* ---- temporary files a signal removes ------------------------------------ */

#define MAX_TEMPS 32
static const int caught[] = {SIGINT, SIGTERM, SIGHUP};
/* Written with the signals blocked, read by the handler. */
static char *volatile temps[MAX_TEMPS];
static int handlers_set;

/* unlink is async-signal-safe; then the signal's own action (death, which
 * a shell shows as 128 + the signal's number). */
static void on_signal(int sig)
{
    for (size_t i = 0; i < MAX_TEMPS; i++)
        if (temps[i])
            unlink(temps[i]);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void block_signals(sigset_t *old)
{
    sigset_t set;

    sigemptyset(&set);
    for (size_t i = 0; i < sizeof(caught) / sizeof(caught[0]); i++)
        sigaddset(&set, caught[i]);
    sigprocmask(SIG_BLOCK, &set, old);
}

/* Installs the handler once; a signal ignored when the program started
 * (nohup) stays ignored. */
static void set_handlers(void)
{
    struct sigaction sa, old;

    if (handlers_set)
        return;
    handlers_set = 1;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof(caught) / sizeof(caught[0]); i++) {
        sigaction(caught[i], &sa, &old);
        if (old.sa_handler == SIG_IGN)
            sigaction(caught[i], &old, NULL);
    }
}

/* Makes a temporary file beside target and registers it, with the signals
 * blocked so that none can leave it behind unregistered. */
static int make_temp(struct ts_output *o, struct ts_error *err)
{
    size_t n = strlen(o->target) + 16;
    sigset_t old;
    int fd, saved = 0;

    o->tmp = ts_xmalloc(n);
    snprintf(o->tmp, n, "%s.tmp.XXXXXX", o->target);
    o->slot = -1;
    block_signals(&old);
    set_handlers();
    for (int i = 0; i < MAX_TEMPS && o->slot < 0; i++)
        if (!temps[i])
            o->slot = i;
    fd = o->slot < 0 ? -1 : mkstemp(o->tmp);
    if (fd >= 0)
        temps[o->slot] = o->tmp;
    else
        saved = o->slot < 0 ? EMFILE : errno;
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (fd < 0) {
        free(o->tmp);
        o->tmp = NULL;
        return ts_error_set(err, "%s: cannot create: %s", o->path, strerror(saved));
    }
    return fd;
}

static void drop_temp(struct ts_output *o)
{
    sigset_t old;

    if (!o->tmp)
        return;
    block_signals(&old);
    unlink(o->tmp);
    temps[o->slot] = NULL;
    sigprocmask(SIG_SETMASK, &old, NULL);
    free(o->tmp);
    o->tmp = NULL;
}

/* ---- which file an output is ---------------------------------------------- */

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir;

    if (!slash)
        return ts_xstrdup(".");
    if (slash == path)
        return ts_xstrdup("/");
    dir = ts_xmalloc((size_t)(slash - path) + 1);
    memcpy(dir, path, (size_t)(slash - path));
    dir[slash - path] = '\0';
    return dir;
}

/* Names of an open descriptor: a file renamed over them would never reach
 * the descriptor, and would replace the link. */
static int names_descriptor(const char *path)
{
    return !strncmp(path, "/dev/fd/", 8) || !strcmp(path, "/dev/stdout")
           || !strcmp(path, "/dev/stderr") || !strncmp(path, "/proc/", 6);
}

/* path with its symbolic links followed, as far as they lead (a link to a
 * file not made yet ends at that name).  Caller frees. */
static char *follow_links(const char *path)
{
    char *p = ts_xstrdup(path), link[PATH_MAX];
    struct stat st;

    for (int hops = 0; hops < 40 && !names_descriptor(p) && lstat(p, &st) == 0
                       && S_ISLNK(st.st_mode); hops++) {
        ssize_t n = readlink(p, link, sizeof(link) - 1);
        char *next, *dir;
        if (n <= 0)
            break;
        link[n] = '\0';
        if (link[0] == '/') {
            next = ts_xstrdup(link);
        } else {
            dir = dir_of(p);
            next = ts_xmalloc(strlen(dir) + (size_t)n + 2);
            sprintf(next, "%s/%s", dir, link);
            free(dir);
        }
        free(p);
        p = next;
    }
    return p;
}

static int is_dev_null(const struct stat *st)
{
    struct stat null;

    return S_ISCHR(st->st_mode) && stat("/dev/null", &null) == 0
           && null.st_rdev == st->st_rdev;
}

static void set_id(struct ts_output *o, const struct stat *st)
{
    o->has_id = 1;
    o->dev = st->st_dev;
    o->ino = st->st_ino;
}

/* Fills in o for o->path: where it goes and which file it is. */
static int identify(struct ts_output *o, struct ts_error *err)
{
    struct stat st;
    char *dir;
    int r;

    if (!strcmp(o->path, "-")) {
        o->in_place = o->is_stdout = 1;
        if (fstat(STDOUT_FILENO, &st) == 0)
            set_id(o, &st);
        return 0;
    }
    if (!*o->path)
        return ts_error_set(err, "-o '': an empty file name");
    o->target = follow_links(o->path);
    if (stat(o->target, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return ts_error_set(err, "%s: is a directory", o->path);
        /* Renaming over a file one may not write would replace it anyway. */
        if (access(o->target, W_OK) != 0)
            return ts_error_set(err, "%s: cannot write: %s", o->path, strerror(errno));
        set_id(o, &st);
        o->in_place = !S_ISREG(st.st_mode) || names_descriptor(o->target);
        o->null_dev = is_dev_null(&st);
        o->exists = 1;
        o->st = st;
        return 0;
    }
    if (errno != ENOENT)
        return ts_error_set(err, "%s: cannot create: %s", o->path, strerror(errno));
    dir = dir_of(o->target);
    r = stat(dir, &st);
    if (r != 0 || !S_ISDIR(st.st_mode)) {
        int saved = r != 0 ? errno : ENOTDIR;
        free(dir);
        return ts_error_set(err, "%s: cannot create: %s", o->path, strerror(saved));
    }
    free(dir);
    set_id(o, &st);
    o->name = ts_xstrdup(strrchr(o->target, '/') ? strrchr(o->target, '/') + 1 : o->target);
    return 0;
}

/* How messages name an output: "-o 'FILE'", or standard output. */
static const char *describe(const struct ts_output *o, char *buf, size_t size)
{
    if (o->is_stdout)
        return "standard output";
    snprintf(buf, size, "-o '%s'", o->path);
    return buf;
}

static int same_file(const struct ts_output *a, const struct ts_output *b)
{
    if (!a->has_id || !b->has_id || a->dev != b->dev || a->ino != b->ino
        || (a->null_dev && b->null_dev))
        return 0;
    if (!a->name || !b->name)
        return !a->name && !b->name;
    return !strcmp(a->name, b->name);
}

/* ---- the outputs ------------------------------------------------------------ */

void ts_outputs_init(struct ts_outputs *s)
{
    memset(s, 0, sizeof(*s));
}

int ts_outputs_add(struct ts_outputs *s, const char *path, struct ts_error *err)
{
    struct ts_output *o;

    s->items = ts_xrealloc(s->items, (s->count + 1) * sizeof(*s->items));
    o = &s->items[s->count];
    memset(o, 0, sizeof(*o));
    o->path = ts_xstrdup(path);
    o->slot = -1;
    s->count++;
    if (identify(o, err) < 0)
        return -1;
    for (size_t i = 0; i + 1 < s->count; i++)
        if (same_file(&s->items[i], o)) {
            char a[PATH_MAX + 8], b[PATH_MAX + 8];
            return ts_error_set(err, "%s: the same file as %s: each output needs its own"
                                " file", describe(o, a, sizeof(a)),
                                describe(&s->items[i], b, sizeof(b)));
        }
    return (int)(s->count - 1);
}

int ts_outputs_check_input(const struct ts_outputs *s, const char *input, const char *what,
                           struct ts_error *err)
{
    struct stat st;
    struct ts_output in;

    /* An input that cannot be read is reported by whatever reads it. */
    if (stat(input, &st) != 0)
        return 0;
    memset(&in, 0, sizeof(in));
    set_id(&in, &st);
    in.null_dev = is_dev_null(&st);
    for (size_t i = 0; i < s->count; i++)
        if (same_file(&s->items[i], &in))
        {
            char a[PATH_MAX + 8];
            return ts_error_set(err, "%s: the same file as the %s '%s': an output never"
                                " overwrites an input", describe(&s->items[i], a, sizeof(a)),
                                what, input);
        }
    return 0;
}

/* A replaced file keeps its owner (where permitted) and mode; a new file
 * gets the mode any new file gets (mkstemp makes it 0600). */
static void set_mode(const struct ts_output *o, int fd)
{
    mode_t mask;

    if (o->exists) {
        if (fchown(fd, o->st.st_uid, o->st.st_gid) != 0 && fchown(fd, (uid_t)-1,
                                                                  o->st.st_gid) != 0) {
            /* not permitted: the file is ours now, as any new file */
        }
        fchmod(fd, o->st.st_mode & 07777);
        return;
    }
    mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
}

int ts_outputs_in_place(const struct ts_outputs *s, size_t i)
{
    return s->items[i].in_place;
}

FILE *ts_outputs_open(struct ts_outputs *s, size_t i, struct ts_error *err)
{
    struct ts_output *o = &s->items[i];
    int fd;

    if (o->is_stdout)
        return o->f = stdout;
    if (o->in_place) {
        /* Appending: a descriptor's file (/dev/stdout onto a file) keeps what
         * it has; devices and FIFOs have no end to append at. */
        o->f = fopen(o->path, "a");
        if (!o->f)
            ts_error_set(err, "%s: cannot write: %s", o->path, strerror(errno));
        return o->f;
    }
    if ((fd = make_temp(o, err)) < 0)
        return NULL;
    set_mode(o, fd);
    o->f = fdopen(fd, "w");
    if (!o->f) {
        ts_error_set(err, "%s: cannot write: %s", o->path, strerror(errno));
        close(fd);
        drop_temp(o);
    }
    return o->f;
}

int ts_outputs_close(struct ts_outputs *s, size_t i, int ok, struct ts_error *err)
{
    struct ts_output *o = &s->items[i];
    int bad;

    if (!o->f)
        return ts_error_set(err, "%s: cannot write: not open", o->path);
    errno = 0;
    bad = fflush(o->f) != 0 || ferror(o->f);
    if (!o->in_place && !bad)
        bad = fsync(fileno(o->f)) != 0;
    if (!o->is_stdout && fclose(o->f) != 0)
        bad = 1;
    o->f = NULL;
    if (bad || !ok) {
        int saved = errno ? errno : EIO;
        drop_temp(o);
        return ok ? ts_error_set(err, "%s: cannot write: %s", o->path, strerror(saved)) : -1;
    }
    o->done = 1;
    return 0;
}

int ts_outputs_commit(struct ts_outputs *s, struct ts_error *err)
{
    sigset_t old;
    int ret = 0;

    for (size_t i = 0; i < s->count; i++)
        if (!s->items[i].done)
            return ts_error_set(err, "%s: not written", s->items[i].path);
    block_signals(&old);
    for (size_t i = 0; i < s->count; i++) {
        struct ts_output *o = &s->items[i];
        if (!o->tmp)
            continue;
        if (ret == 0 && rename(o->tmp, o->target) != 0)
            ret = ts_error_set(err, "%s: cannot write: %s", o->path, strerror(errno));
        if (ret == 0) {
            temps[o->slot] = NULL;
            free(o->tmp);
            o->tmp = NULL;
        }
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    return ret; /* release removes the temporary files not renamed */
}

void ts_outputs_release(struct ts_outputs *s)
{
    for (size_t i = 0; i < s->count; i++) {
        struct ts_output *o = &s->items[i];
        if (o->f && !o->is_stdout)
            fclose(o->f);
        drop_temp(o);
        free(o->path);
        free(o->target);
        free(o->name);
    }
    free(s->items);
    memset(s, 0, sizeof(*s));
}

#include "util/file_read.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int read_all(int fd, char *buf, size_t want, size_t *got)
{
    size_t n = 0;

    while (n < want) {
        ssize_t r = read(fd, buf + n, want - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        n += (size_t)r;
    }
    *got = n;
    return 0;
}

int ts_file_read(const char *path, size_t max_bytes, char **out, size_t *len,
                 struct ts_error *err)
{
    struct stat st;
    char *buf = NULL;
    size_t got = 0;
    int fd, ret = -1;

    fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return ts_error_set_at(err, path, 0, 0, "cannot open: %s", strerror(errno));
    if (fstat(fd, &st) < 0) {
        ts_error_set_at(err, path, 0, 0, "cannot stat: %s", strerror(errno));
        goto out;
    }
    if (S_ISDIR(st.st_mode)) {
        ts_error_set_at(err, path, 0, 0, "is a directory");
        goto out;
    }
    /* A FIFO or device could block forever or never end. */
    if (!S_ISREG(st.st_mode)) {
        ts_error_set_at(err, path, 0, 0, "not a regular file");
        goto out;
    }
    if ((unsigned long long)st.st_size > max_bytes) {
        ts_error_set_at(err, path, 0, 0, "file too large (%llu bytes; the limit is %zu MiB)",
                        (unsigned long long)st.st_size, max_bytes >> 20);
        goto out;
    }
    buf = malloc((size_t)st.st_size + 1);
    if (!buf) {
        ts_error_set_at(err, path, 0, 0, "out of memory reading %llu bytes",
                        (unsigned long long)st.st_size);
        goto out;
    }
    if (read_all(fd, buf, (size_t)st.st_size, &got) < 0) {
        ts_error_set_at(err, path, 0, 0, "cannot read: %s", strerror(errno));
        goto out;
    }
    buf[got] = '\0';
    *out = buf;
    *len = got;
    buf = NULL;
    ret = 0;
out:
    free(buf);
    close(fd);
    return ret;
}

/* Standard input, once read: its bytes, or the error its reading gave. */
static pthread_mutex_t stdin_lock = PTHREAD_MUTEX_INITIALIZER;
static int stdin_done;
static char *stdin_text;
static size_t stdin_len;
static struct ts_error stdin_err;

/* Reads all of standard input (a pipe, a terminal, a file) into stdin_text,
 * refusing more than max_bytes. */
static int read_stdin(size_t max_bytes)
{
    size_t cap = 64 * 1024, n = 0;
    char *buf = malloc(cap + 1);

    if (!buf)
        return ts_error_set_at(&stdin_err, "-", 0, 0, "out of memory reading standard input");
    for (;;) {
        ssize_t r;
        if (n == cap) {
            char *more;
            if (cap > max_bytes) {
                free(buf);
                return ts_error_set_at(&stdin_err, "-", 0, 0, "standard input too large (the"
                                       " limit is %zu MiB)", max_bytes >> 20);
            }
            cap *= 2;
            if (!(more = realloc(buf, cap + 1))) {
                free(buf);
                return ts_error_set_at(&stdin_err, "-", 0, 0, "out of memory reading standard"
                                       " input");
            }
            buf = more;
        }
        r = read(STDIN_FILENO, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            free(buf);
            return ts_error_set_at(&stdin_err, "-", 0, 0, "cannot read standard input: %s",
                                   strerror(errno));
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    if (n > max_bytes) {
        free(buf);
        return ts_error_set_at(&stdin_err, "-", 0, 0, "standard input too large (the limit is"
                               " %zu MiB)", max_bytes >> 20);
    }
    buf[n] = '\0';
    stdin_text = buf;
    stdin_len = n;
    return 0;
}

int ts_file_read_input(const char *path, size_t max_bytes, char **out, size_t *len,
                       struct ts_error *err)
{
    int ret = 0;

    if (strcmp(path, "-") != 0)
        return ts_file_read(path, max_bytes, out, len, err);
    pthread_mutex_lock(&stdin_lock);
    if (!stdin_done) {
        stdin_done = 1;
        read_stdin(max_bytes);
    }
    if (!stdin_text) {
        *err = stdin_err;
        ret = -1;
    } else if (!(*out = malloc(stdin_len + 1))) {
        ret = ts_error_set_at(err, "-", 0, 0, "out of memory reading standard input");
    } else {
        memcpy(*out, stdin_text, stdin_len + 1);
        *len = stdin_len;
    }
    pthread_mutex_unlock(&stdin_lock);
    return ret;
}

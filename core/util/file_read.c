#include "util/file_read.h"

#include <errno.h>
#include <fcntl.h>
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

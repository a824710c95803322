#include "util/temp_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

int ts_temp_file(const char *prefix)
{
    const char *dir = getenv("TMPDIR");
    char path[4096];
    int fd, n;

    if (!dir || !*dir)
        dir = "/tmp";
    n = snprintf(path, sizeof(path), "%s/%sXXXXXX", dir, prefix);
    if (n < 0 || (size_t)n >= sizeof(path)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    if ((fd = mkstemp(path)) < 0)
        return -1;
    unlink(path);
    /* mkstemp cannot say O_CLOEXEC (mkostemp is not POSIX 2008): a child
     * would keep the file's space until it exits. */
    (void)fcntl(fd, F_SETFD, FD_CLOEXEC);
    return fd;
}

int ts_temp_file_write(int fd, const void *p, size_t n, uint64_t off)
{
    const char *at = p;

    while (n > 0) {
        ssize_t w = pwrite(fd, at, n, (off_t)off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (w == 0)
                errno = ENOSPC;
            return -1;
        }
        at += w;
        n -= (size_t)w;
        off += (uint64_t)w;
    }
    return 0;
}

int ts_temp_file_read(int fd, void *p, size_t n, uint64_t off)
{
    char *at = p;

    while (n > 0) {
        ssize_t r = pread(fd, at, n, (off_t)off);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            if (r == 0)
                errno = EIO; /* shorter than what was written to it */
            return -1;
        }
        at += r;
        n -= (size_t)r;
        off += (uint64_t)r;
    }
    return 0;
}

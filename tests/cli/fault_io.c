/* LD_PRELOAD library for the CLI tests: pread fails with EIO after
 * $TRAILSCAN_FAIL_PREAD_AFTER calls, so a scan's results cannot be read
 * back from their temporary file (a disk error, a file removed under it). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

static long calls;

ssize_t pread(int fd, void *buf, size_t n, off_t off)
{
    static ssize_t (*real)(int, void *, size_t, off_t);
    const char *after = getenv("TRAILSCAN_FAIL_PREAD_AFTER");

    if (!real)
        real = (ssize_t (*)(int, void *, size_t, off_t))dlsym(RTLD_NEXT, "pread");
    if (after && __atomic_add_fetch(&calls, 1, __ATOMIC_SEQ_CST) > atol(after)) {
        errno = EIO;
        return -1;
    }
    return real(fd, buf, n, off);
}

ssize_t pread64(int fd, void *buf, size_t n, off_t off)
{
    return pread(fd, buf, n, off);
}

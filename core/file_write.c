/* Atomic file writes: readers never see half a snapshot. */
#include "file_write.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int write_all(FILE *f, const char *data, size_t len)
{
    return fwrite(data, 1, len, f) == len && fflush(f) == 0 ? 0 : -1;
}

int ts_file_write_atomic(const char *path, const char *data, size_t len,
                         struct ts_error *err)
{
    size_t n = strlen(path) + 16;
    char *tmp;
    FILE *f;
    int fd, saved;
    mode_t mask;

    if (!strcmp(path, "-")) {
        if (write_all(stdout, data, len) < 0)
            return ts_error_set(err, "-: cannot write: %s", strerror(errno));
        return 0;
    }
    tmp = ts_xmalloc(n);
    snprintf(tmp, n, "%s.XXXXXX", path);
    fd = mkstemp(tmp);
    if (fd < 0) {
        saved = errno;
        free(tmp);
        return ts_error_set(err, "%s: cannot write: %s", path, strerror(saved));
    }
    /* mkstemp makes the file 0600; give it the mode any new file gets. */
    mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    f = fdopen(fd, "wb");
    if (!f || write_all(f, data, len) < 0 || fsync(fd) < 0) {
        saved = errno;
        if (f)
            fclose(f);
        else
            close(fd);
        unlink(tmp);
        free(tmp);
        return ts_error_set(err, "%s: cannot write: %s", path, strerror(saved));
    }
    if (fclose(f) != 0 || rename(tmp, path) != 0) {
        saved = errno;
        unlink(tmp);
        free(tmp);
        return ts_error_set(err, "%s: cannot write: %s", path, strerror(saved));
    }
    free(tmp);
    return 0;
}

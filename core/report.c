#include "report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *ts_level_name(enum ts_level l)
{
    static const char *const names[] = {"none", "note", "warning", "error"};
    return names[l];
}

enum ts_level ts_result_level(const struct ts_engine *e, const struct ts_result *r)
{
    if (r->verdict == TS_PASS)
        return TS_LEVEL_NONE;
    if (r->verdict == TS_REVIEW)
        return TS_LEVEL_NOTE;
    switch (e->rules[r->rule].severity) {
    case TS_SEV_CRITICAL:
    case TS_SEV_HIGH: return TS_LEVEL_ERROR;
    case TS_SEV_MEDIUM: return TS_LEVEL_WARNING;
    default: return TS_LEVEL_NOTE;
    }
}

int ts_report_write_file(const char *path,
                         int (*writer)(FILE *, const struct ts_engine *,
                                       const struct ts_report_opts *),
                         const struct ts_engine *e, const struct ts_report_opts *o,
                         struct ts_error *err)
{
    size_t n = strlen(path) + 32;
    char *tmp = ts_xmalloc(n);
    FILE *f;
    int fd, ret = -1;

    snprintf(tmp, n, "%s.tmp.XXXXXX", path);
    fd = mkstemp(tmp);
    if (fd < 0) {
        ts_error_set(err, "%s: cannot create: %s", path, strerror(errno));
        goto out;
    }
    f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        unlink(tmp);
        ts_error_set(err, "%s: cannot write: %s", path, strerror(errno));
        goto out;
    }
    if (writer(f, e, o) < 0 || fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0) {
        ts_error_set(err, "%s: cannot write: %s", path, strerror(errno ? errno : EIO));
        fclose(f);
        unlink(tmp);
        goto out;
    }
    if (fclose(f) != 0 || rename(tmp, path) != 0) {
        ts_error_set(err, "%s: cannot write: %s", path, strerror(errno));
        unlink(tmp);
        goto out;
    }
    ret = 0;
out:
    free(tmp);
    return ret;
}

/* Where the built-in rules are: $TRAILSCAN_RULES_DIR, else beside the
 * binary (<prefix>/bin -> <prefix>/share/trailscan/rules), else, for a
 * binary still in its build tree, the sources it was built from.  A binary
 * copied elsewhere never falls back to the build machine's path: it says
 * where it looked instead. */
#include "engine/engine.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util/dir_list.h"

/* Found once per process, whichever thread asks first (scan workers load
 * rules too). */
static pthread_once_t once = PTHREAD_ONCE_INIT;
static char found[PATH_MAX];
static char problem[3 * PATH_MAX];

/* dir/rel into out; 0 if it does not fit. */
static int join(char *out, size_t size, const char *dir, const char *rel)
{
    int n = snprintf(out, size, "%s/%s", dir, rel);
    return n > 0 && (size_t)n < size;
}

/* Whether exe lies under the build tree (tests' binaries live in its
 * subfolders): only then may the source tree's rules stand in. */
static int in_build_tree(const char *exe)
{
    char build[PATH_MAX];
    size_t n;

    if (!realpath(TRAILSCAN_BUILD_DIR, build))
        return 0;
    n = strlen(build);
    return !strncmp(exe, build, n) && exe[n] == '/';
}

static void resolve(void)
{
    const char *env = getenv("TRAILSCAN_RULES_DIR");
    char exe[PATH_MAX], beside[PATH_MAX] = "";
    ssize_t n;

    if (env && *env) {
        size_t len = strlen(env);
        /* "rules/" is "rules": named the way ts_engine_load_dir names the
         * rules' root, or their shared modules would not be recognised as
         * built-in (each rule would compile its own). */
        while (len > 1 && env[len - 1] == '/')
            len--;
        if (ts_is_dir(env) && len < sizeof(found))
            snprintf(found, sizeof(found), "%.*s", (int)len, env);
        else
            snprintf(problem, sizeof(problem), "built-in rules not found: TRAILSCAN_RULES_DIR"
                     " is '%s', which is not a folder", env);
        return;
    }
    n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n > 0) {
        char *slash;
        exe[n] = '\0';
        slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            /* Named without "bin/..": rule files' paths show in reports. */
            if (join(beside, sizeof(beside), exe, TRAILSCAN_RULES_FROM_BIN) && ts_is_dir(beside)
                && realpath(beside, found))
                return;
            found[0] = '\0';
            *slash = '/';
        }
        if (in_build_tree(exe) && ts_is_dir(TRAILSCAN_SOURCE_RULES)) {
            snprintf(found, sizeof(found), "%s", TRAILSCAN_SOURCE_RULES);
            return;
        }
    }
    snprintf(problem, sizeof(problem), "built-in rules not found: TRAILSCAN_RULES_DIR is not set"
             " and '%s' (beside the binary) is not a folder; set TRAILSCAN_RULES_DIR to the"
             " folder that holds them", beside[0] ? beside : "../" TRAILSCAN_RULES_FROM_BIN);
}

const char *ts_engine_builtin_dir(void)
{
    pthread_once(&once, resolve);
    return found[0] ? found : NULL;
}

const char *ts_engine_builtin_problem(void)
{
    pthread_once(&once, resolve);
    return found[0] ? NULL : problem;
}

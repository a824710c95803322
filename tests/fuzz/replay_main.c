/* Replays fuzz inputs through a target without libFuzzer: the ctest driver
 * for builds that are not clang fuzz builds (gcc + ASan), so every crash
 * a fuzzer found stays a regression test everywhere.
 * usage: fuzz_<target>_replay FILE|DIR...   (directories: every file in
 * them, in name order; dotted names skipped) */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "fuzz_target.h"

/* Reads a whole file; the caller frees *data.  Returns -1 on failure. */
static int read_input(const char *path, uint8_t **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    size_t cap = 4096, n = 0;
    uint8_t *buf;

    if (!f)
        return -1;
    buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        cap *= 2;
        uint8_t *grown = realloc(buf, cap);
        if (!grown) {
            free(buf);
            buf = NULL;
        } else {
            buf = grown;
        }
    }
    if (!buf || ferror(f)) {
        free(buf);
        fclose(f);
        return -1;
    }
    fclose(f);
    *data = buf;
    *len = n;
    return 0;
}

static int replay_file(const char *path)
{
    uint8_t *data;
    size_t len;

    if (read_input(path, &data, &len) < 0) {
        fprintf(stderr, "replay: %s: cannot read\n", path);
        return -1;
    }
    fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
    LLVMFuzzerTestOneInput(data, len);
    free(data);
    return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int no_dots(const struct dirent *d)
{
    return d->d_name[0] != '.';
}

/* Returns the number of inputs replayed, or -1. */
static long replay_path(const char *path)
{
    struct stat st;
    struct dirent **names;
    long count = 0;
    int n;

    if (stat(path, &st) < 0) {
        fprintf(stderr, "replay: %s: not found\n", path);
        return -1;
    }
    if (!S_ISDIR(st.st_mode))
        return replay_file(path) < 0 ? -1 : 1;
    n = scandir(path, &names, no_dots, by_name);
    if (n < 0) {
        fprintf(stderr, "replay: %s: cannot list\n", path);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        size_t len = strlen(path) + strlen(names[i]->d_name) + 2;
        char *child = malloc(len);
        long got = -1;

        if (child) {
            snprintf(child, len, "%s/%s", path, names[i]->d_name);
            got = replay_path(child);
            free(child);
        }
        if (got < 0)
            count = -1;
        else if (count >= 0)
            count += got;
        free(names[i]);
    }
    free(names);
    return count;
}

int main(int argc, char **argv)
{
    long total = 0;

    LLVMFuzzerInitialize(&argc, &argv);
    for (int i = 1; i < argc; i++) {
        long got = replay_path(argv[i]);
        if (got < 0)
            return 2;
        total += got;
    }
    printf("replayed %ld inputs without a crash\n", total);
    return 0;
}

#include "snapshot_set.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void ts_strlist_init(struct ts_strlist *l)
{
    l->items = NULL;
    l->count = l->alloc = 0;
}

void ts_strlist_push(struct ts_strlist *l, const char *s)
{
    if (l->count == l->alloc) {
        l->alloc = l->alloc ? l->alloc * 2 : 16;
        l->items = ts_xrealloc(l->items, l->alloc * sizeof(*l->items));
    }
    l->items[l->count++] = ts_xstrdup(s);
}

void ts_strlist_release(struct ts_strlist *l)
{
    for (size_t i = 0; i < l->count; i++)
        free(l->items[i]);
    free(l->items);
    ts_strlist_init(l);
}

static int ends_with_json(const char *name)
{
    size_t n = strlen(name);
    return n > 5 && strcmp(name + n - 5, ".json") == 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int expand_dir(const char *dir, struct ts_strlist *files, struct ts_problems *problems)
{
    struct ts_strlist found;
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t dlen = strlen(dir);
    int sep = dlen > 0 && dir[dlen - 1] == '/';

    if (!d) {
        ts_problems_add(problems, "%s: cannot open directory: %s", dir, strerror(errno));
        return -1;
    }
    ts_strlist_init(&found);
    while ((e = readdir(d)) != NULL) {
        char *path;
        if (e->d_name[0] == '.' || !ends_with_json(e->d_name))
            continue;
        path = ts_xmalloc(dlen + strlen(e->d_name) + 2);
        strcpy(path, dir);
        if (!sep)
            strcat(path, "/");
        strcat(path, e->d_name);
        ts_strlist_push(&found, path);
        free(path);
    }
    closedir(d);
    if (found.count == 0) {
        ts_problems_add(problems, "%s: no snapshots (*.json files) in this directory", dir);
        ts_strlist_release(&found);
        return -1;
    }
    /* readdir order is the file system's: sort so runs are reproducible. */
    qsort(found.items, found.count, sizeof(*found.items), cmp_str);
    for (size_t i = 0; i < found.count; i++)
        ts_strlist_push(files, found.items[i]);
    ts_strlist_release(&found);
    return 0;
}

int ts_inputs_expand(char *const *args, size_t nargs, struct ts_strlist *files,
                     struct ts_problems *problems)
{
    int ret = 0;

    for (size_t i = 0; i < nargs; i++) {
        struct stat st;
        if (stat(args[i], &st) < 0) {
            ts_problems_add(problems, "%s: cannot open: %s", args[i], strerror(errno));
            ret = -1;
        } else if (S_ISDIR(st.st_mode)) {
            if (expand_dir(args[i], files, problems) < 0)
                ret = -1;
        } else {
            ts_strlist_push(files, args[i]);
        }
    }
    return ret;
}

void ts_accounts_init(struct ts_accounts *a)
{
    ts_strlist_init(&a->ids);
    ts_strlist_init(&a->files);
}

void ts_accounts_release(struct ts_accounts *a)
{
    ts_strlist_release(&a->ids);
    ts_strlist_release(&a->files);
}

int ts_accounts_claim(struct ts_accounts *a, const char *id, const char *file,
                      struct ts_problems *problems)
{
    /* Linear: a scan names at most a few thousand accounts. */
    for (size_t i = 0; i < a->ids.count; i++)
        if (strcmp(a->ids.items[i], id) == 0) {
            ts_problems_add(problems, "%s: account %s is already loaded from %s"
                            " (one snapshot per account)", file, id, a->files.items[i]);
            return -1;
        }
    ts_strlist_push(&a->ids, id);
    ts_strlist_push(&a->files, file);
    return 0;
}

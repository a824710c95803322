#include "util/dir_list.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int ts_dir_list(const char *dir, struct ts_strlist *names, struct ts_error *err)
{
    struct ts_strlist found;
    DIR *d = opendir(dir);
    struct dirent *ent;

    if (!d)
        return ts_error_set_at(err, dir, 0, 0, "cannot open directory: %s", strerror(errno));
    ts_strlist_init(&found);
    while ((ent = readdir(d)) != NULL)
        if (ent->d_name[0] != '.')
            ts_strlist_push(&found, ent->d_name);
    closedir(d);
    ts_strlist_sort(&found);
    for (size_t i = 0; i < found.count; i++)
        ts_strlist_push(names, found.items[i]);
    ts_strlist_release(&found);
    return 0;
}

int ts_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

char *ts_path_join(const char *dir, const char *name)
{
    size_t n = strlen(dir);
    char *p = ts_xmalloc(n + strlen(name) + 2);

    memcpy(p, dir, n);
    if (n == 0 || dir[n - 1] != '/')
        p[n++] = '/';
    strcpy(p + n, name);
    return p;
}

/* ---- walking a folder tree ------------------------------------------------ */

/* The state of one walk: the root's real path, and the directories seen. */
struct walk {
    const char *root;      /* as given, for messages */
    char *real_root;       /* resolved */
    const char *suffix, *what;
    struct { dev_t dev; ino_t ino; } *seen;
    size_t nseen, aseen;
    struct ts_strlist *out;
    struct ts_problems *problems;
};

static int inside(const char *real, const char *real_root)
{
    size_t n = strlen(real_root);

    if (n == 1 && real_root[0] == '/')
        return 1;
    return !strncmp(real, real_root, n) && (real[n] == '\0' || real[n] == '/');
}

/* 1 the first time the directory st is met, 0 after: symbolic links can
 * join a tree into loops ("a -> ." twice makes 2^40 paths). */
static int first_visit(struct walk *w, const struct stat *st)
{
    for (size_t i = 0; i < w->nseen; i++)
        if (w->seen[i].dev == st->st_dev && w->seen[i].ino == st->st_ino)
            return 0;
    if (w->nseen == w->aseen) {
        w->aseen = w->aseen ? 2 * w->aseen : 16;
        w->seen = ts_xrealloc(w->seen, w->aseen * sizeof(*w->seen));
    }
    w->seen[w->nseen].dev = st->st_dev;
    w->seen[w->nseen].ino = st->st_ino;
    w->nseen++;
    return 1;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n > m && !strcmp(s + n - m, suffix);
}

/* A symbolic link at path: refused (-1) if what it leads to is outside
 * the root.  Its target is not named: it is not the user's to read. */
static int link_inside(struct walk *w, const char *path)
{
    char *real = realpath(path, NULL);
    int ok;

    if (!real)
        return 0; /* dangling or a loop: opening it will say so */
    ok = inside(real, w->real_root);
    free(real);
    if (!ok)
        ts_problems_add(w->problems, "%s: a symbolic link that leads outside %s (refused: %s"
                        " may only link within it)", path, w->root, w->what);
    return ok ? 0 : -1;
}

static int walk_dir(struct walk *w, const char *dir)
{
    struct ts_strlist names;
    struct ts_error err;
    int ret = 0;

    ts_strlist_init(&names);
    if (ts_dir_list(dir, &names, &err) < 0) {
        ts_problems_add(w->problems, "%s (%s)", err.msg, w->what);
        return -1;
    }
    for (size_t i = 0; i < names.count; i++) {
        char *path = ts_path_join(dir, names.items[i]);
        struct stat lst, st;
        if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode) && link_inside(w, path) < 0) {
            ret = -1;
        } else if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            if (first_visit(w, &st) && walk_dir(w, path) < 0)
                ret = -1;
        } else if (ends_with(names.items[i], w->suffix)) {
            ts_strlist_push(w->out, path);
        }
        free(path);
    }
    ts_strlist_release(&names);
    return ret;
}

int ts_dir_find_files(const char *root, const char *suffix, const char *what,
                      struct ts_strlist *out, struct ts_problems *problems)
{
    struct walk w = {root, NULL, suffix, what, NULL, 0, 0, out, problems};
    struct stat st;
    int ret;

    if (stat(root, &st) < 0 || !(w.real_root = realpath(root, NULL))) {
        ts_problems_add(problems, "%s: cannot open directory: %s (%s)", root, strerror(errno),
                        what);
        return -1;
    }
    first_visit(&w, &st);
    ret = walk_dir(&w, root);
    free(w.seen);
    free(w.real_root);
    return ret;
}

int ts_path_inside(const char *path, const char *root)
{
    char *real = realpath(path, NULL), *real_root = realpath(root, NULL);
    int ok = real && real_root && inside(real, real_root);

    free(real);
    free(real_root);
    return ok;
}

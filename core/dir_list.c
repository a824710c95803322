#include "dir_list.h"

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
        return ts_error_set(err, "%s: cannot open directory: %s", dir, strerror(errno));
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

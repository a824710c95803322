/* Folder listings in name order, so every walk (rules, fixtures, snapshot
 * folders) is the same on every file system; walks of rule folders that
 * stay inside them. */
#ifndef TS_DIR_LIST_H
#define TS_DIR_LIST_H

#include "util/error.h"
#include "util/strlist.h"

/* Appends the names in dir, sorted, without those starting with '.'. */
int ts_dir_list(const char *dir, struct ts_strlist *names, struct ts_error *err);

/* 1 if path is a directory. */
int ts_is_dir(const char *path);

/* "dir/name" (no doubled '/').  Caller frees. */
char *ts_path_join(const char *dir, const char *name);

/* Appends the paths of the files under root whose names end in suffix,
 * depth first in name order.  Each directory is entered once, by device
 * and inode, however symbolic links join the tree; a link whose target
 * resolves outside root is refused (a problem "PATH: a symbolic link that
 * leads outside ROOT", target not named).  what names root in messages
 * ("a rules directory").  Returns -1 if a problem was added. */
int ts_dir_find_files(const char *root, const char *suffix, const char *what,
                      struct ts_strlist *out, struct ts_problems *problems);

/* 1 if path, every symbolic link resolved, exists inside root (resolved
 * too). */
int ts_path_inside(const char *path, const char *root);

#endif

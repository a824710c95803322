/* Folder listings in name order, so every walk (rules, fixtures, snapshot
 * folders) is the same on every file system. */
#ifndef TS_DIR_LIST_H
#define TS_DIR_LIST_H

#include "error.h"
#include "strlist.h"

/* Appends the names in dir, sorted, without those starting with '.'. */
int ts_dir_list(const char *dir, struct ts_strlist *names, struct ts_error *err);

/* 1 if path is a directory. */
int ts_is_dir(const char *path);

/* "dir/name" (no doubled '/').  Caller frees. */
char *ts_path_join(const char *dir, const char *name);

#endif

#include "snapshot/snapshot_set.h"
#include "snapshot/org_manifest.h"
#include "util/dir_list.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int ends_with_json(const char *name)
{
    size_t n = strlen(name);
    return n > 5 && strcmp(name + n - 5, ".json") == 0;
}

static int expand_dir(const char *dir, struct ts_strlist *files, struct ts_strlist *manifests,
                      struct ts_problems *problems)
{
    struct ts_strlist names;
    struct ts_error err;
    size_t before = files->count + manifests->count;

    ts_strlist_init(&names);
    if (ts_dir_list(dir, &names, &err) < 0) {
        ts_problems_add_error(problems, dir, &err);
        return -1;
    }
    for (size_t i = 0; i < names.count; i++)
        if (ends_with_json(names.items[i])) {
            char *path = ts_path_join(dir, names.items[i]);
            ts_strlist_push(ts_org_manifest_named(path) ? manifests : files, path);
            free(path);
        }
    ts_strlist_release(&names);
    if (files->count + manifests->count == before) {
        ts_problems_add_at(problems, dir, 0, 0, "no snapshots (*.json files) in this directory");
        return -1;
    }
    return 0;
}

int ts_inputs_expand(char *const *args, size_t nargs, struct ts_strlist *files,
                     struct ts_strlist *manifests, struct ts_problems *problems)
{
    int ret = 0;

    for (size_t i = 0; i < nargs; i++) {
        struct stat st;
        if (!strcmp(args[i], "-")) {
            ts_strlist_push(files, args[i]); /* standard input: file_read.h */
        } else if (stat(args[i], &st) < 0) {
            ts_problems_add_at(problems, args[i], 0, 0, "cannot open: %s", strerror(errno));
            ret = -1;
        } else if (S_ISDIR(st.st_mode)) {
            if (expand_dir(args[i], files, manifests, problems) < 0)
                ret = -1;
        } else {
            ts_strlist_push(ts_org_manifest_named(args[i]) ? manifests : files, args[i]);
        }
    }
    return ret;
}

void ts_accounts_init(struct ts_accounts *a)
{
    memset(a, 0, sizeof(*a));
}

void ts_accounts_release(struct ts_accounts *a)
{
    free(a->text);
    free(a->slots);
    ts_accounts_init(a);
}

static size_t hash(const char *s)
{
    uint64_t h = 14695981039346656037u; /* FNV-1a */

    while (*s)
        h = (h ^ (unsigned char)*s++) * 1099511628211u;
    return (size_t)(h ^ h >> 32);
}

/* The slot of id: where it is, or the empty one where it would go. */
static size_t *slot_of(const struct ts_accounts *a, const char *id)
{
    size_t mask = a->nslots - 1, i = hash(id) & mask;

    while (a->slots[i] && strcmp(a->text + a->slots[i] - 1, id) != 0)
        i = (i + 1) & mask;
    return &a->slots[i];
}

static void grow(struct ts_accounts *a)
{
    const char *p = a->text;

    free(a->slots);
    a->nslots = a->nslots ? 2 * a->nslots : 64;
    a->slots = ts_xmalloc(a->nslots * sizeof(*a->slots));
    memset(a->slots, 0, a->nslots * sizeof(*a->slots));
    for (size_t i = 0; i < a->count; i++) {
        *slot_of(a, p) = (size_t)(p - a->text) + 1;
        p += strlen(p) + 1; /* the file */
        p += strlen(p) + 1;
    }
}

/* Appends "id\0file\0"; returns the pair's offset. */
static size_t put_pair(struct ts_accounts *a, const char *id, const char *file)
{
    size_t ni = strlen(id) + 1, nf = strlen(file) + 1, at = a->len;

    if (a->cap - a->len < ni + nf) {
        while (a->cap - a->len < ni + nf)
            a->cap = a->cap ? 2 * a->cap : 4096;
        a->text = ts_xrealloc(a->text, a->cap);
    }
    memcpy(a->text + at, id, ni);
    memcpy(a->text + at + ni, file, nf);
    a->len += ni + nf;
    return at;
}

int ts_accounts_claim(struct ts_accounts *a, const char *id, const char *file,
                      struct ts_problems *problems)
{
    size_t *slot, at;

    if (2 * (a->count + 1) > a->nslots)
        grow(a);
    slot = slot_of(a, id);
    if (*slot) {
        const char *first = a->text + *slot - 1;
        ts_problems_add_at(problems, file, 0, 0, "account %s is already loaded from %s"
                           " (one snapshot per account)", id, first + strlen(first) + 1);
        return -1;
    }
    at = put_pair(a, id, file);
    a->count++;
    *slot = at + 1;
    return 0;
}

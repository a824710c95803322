/* What a scan of an organisation lacks as a whole, beyond the accounts a
 * manifest lists: a share of a collection split with --shard K/N that no
 * manifest of the scan covers, and a folder of the organisation's
 * snapshots that has no manifest (an interrupted collect --org, a manifest
 * deleted), whose list of accounts is then unknown.  Either makes the run
 * incomplete: missing data is never a pass. */
#include "snapshot/orgs_gaps.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/dir_list.h"
#include "util/strlist.h"

struct ts_orgs_gaps {
    pthread_mutex_t lock;       /* claims run on several threads */
    struct ts_strlist folders;  /* watched, as "DIR/" */
    struct ts_strlist orphans;  /* "folder\norg\nfile": a snapshot without its manifest */
    struct ts_org_account *entries;
    size_t count;
};

static struct ts_orgs_gaps *gaps_of(struct ts_orgs *o)
{
    if (!o->gaps) {
        o->gaps = ts_xmalloc(sizeof(*o->gaps));
        memset(o->gaps, 0, sizeof(*o->gaps));
        pthread_mutex_init(&o->gaps->lock, NULL);
        ts_strlist_init(&o->gaps->folders);
        ts_strlist_init(&o->gaps->orphans);
    }
    return o->gaps;
}

void ts_orgs_gaps_free(struct ts_orgs_gaps *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->count; i++)
        for (size_t k = 0; k < 3; k++)
            free(g->entries[i].own[k]);
    free(g->entries);
    ts_strlist_release(&g->folders);
    ts_strlist_release(&g->orphans);
    pthread_mutex_destroy(&g->lock);
    free(g);
}

/* The folder part of path, "" or up to its last '/'. */
static size_t folder_len(const char *path)
{
    const char *slash = strrchr(path, '/');

    return slash ? (size_t)(slash - path) + 1 : 0;
}

void ts_orgs_watch_folder(struct ts_orgs *o, const char *dir)
{
    char *x = ts_path_join(dir, "x");

    x[folder_len(x)] = '\0';
    ts_strlist_push(&gaps_of(o)->folders, x);
    free(x);
}

void ts_orgs_gaps_note(const struct ts_orgs *o, const struct ts_snapshot *s)
{
    struct ts_orgs_gaps *g = o->gaps;
    size_t n = folder_len(s->path);

    if (!g || !s->org_id)
        return;
    pthread_mutex_lock(&g->lock);
    for (size_t i = 0; i < g->folders.count; i++)
        if (strlen(g->folders.items[i]) == n && !strncmp(g->folders.items[i], s->path, n)) {
            size_t len = n + strlen(s->org_id) + strlen(s->path) + 3;
            char *line = ts_xmalloc(len);
            snprintf(line, len, "%.*s\n%s\n%s", (int)n, s->path, s->org_id, s->path);
            ts_strlist_push(&g->orphans, line);
            free(line);
            break;
        }
    pthread_mutex_unlock(&g->lock);
}

static char *format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *format(const char *fmt, ...)
{
    va_list ap;
    char buf[1024];

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    return ts_xstrdup(buf);
}

static struct ts_org_account *add(struct ts_orgs_gaps *g, enum ts_org_status st)
{
    struct ts_org_account *a;

    g->entries = ts_xrealloc(g->entries, (g->count + 1) * sizeof(*g->entries));
    a = &g->entries[g->count++];
    memset(a, 0, sizeof(*a));
    a->status = st;
    return a;
}

/* Each share 1..N of an organisation that no manifest of the scan is, when
 * every manifest of it is one share of N (a manifest of the whole covers all). */
static void find_missing_shares(struct ts_orgs *o, struct ts_orgs_gaps *g)
{
    for (size_t i = 0; i < o->count; i++) {
        const struct ts_org_manifest *m = &o->items[i];
        int first = 1, whole = 0;
        if (!m->org_id || !m->shard_count)
            continue;
        for (size_t j = 0; j < o->count; j++) {
            const struct ts_org_manifest *x = &o->items[j];
            if (!x->org_id || strcmp(x->org_id, m->org_id) != 0)
                continue;
            if (j < i)
                first = 0;
            if (!x->shard_count)
                whole = 1;
        }
        if (!first || whole)
            continue;
        for (unsigned k = 1; k <= m->shard_count; k++) {
            int seen = 0;
            for (size_t j = 0; j < o->count && !seen; j++)
                seen = o->items[j].org_id && !strcmp(o->items[j].org_id, m->org_id)
                       && o->items[j].shard_index == k;
            if (!seen) {
                struct ts_org_account *a = add(g, TS_ORG_NO_SHARE);
                a->name = a->own[0] = format("share %u/%u of organisation %s", k,
                                             m->shard_count, m->org_id);
                a->reason = a->own[1] = format("not in this scan, so its accounts are not"
                                               " judged (scan the folders of all %u shares"
                                               " together)", m->shard_count);
                a->manifest = a->own[2] = ts_xstrdup(m->doc.path);
                a->line = m->shard_line;
                a->column = m->shard_column;
            }
        }
    }
}

/* One entry per folder and organisation with snapshots but no manifest. */
static void find_orphans(struct ts_orgs_gaps *g)
{
    ts_strlist_sort(&g->orphans);
    for (size_t i = 0; i < g->orphans.count; i++) {
        const char *line = g->orphans.items[i], *org = strchr(line, '\n') + 1;
        const char *file = strchr(org, '\n') + 1;
        size_t head = (size_t)(file - line);
        struct ts_org_account *a;
        if (i > 0 && !strncmp(g->orphans.items[i - 1], line, head))
            continue; /* the same folder and organisation: said at its first file */
        a = add(g, TS_ORG_NO_MANIFEST);
        a->name = a->own[0] = format("organisation %.*s in %.*s", (int)(file - org - 1), org,
                                     (int)(org - line - 1), line);
        a->reason = a->own[1] = format("%.*s%s is missing, so the organisation's list of"
                                       " accounts is unknown and accounts it failed to"
                                       " collect cannot be named (an interrupted collect"
                                       " --org? run it again with --skip-existing)",
                                       (int)(org - line - 1), line, TS_ORG_MANIFEST_NAME);
        a->manifest = a->own[2] = ts_xstrdup(file);
        a->line = a->column = 1;
    }
}

void ts_orgs_find_gaps(struct ts_orgs *o)
{
    struct ts_orgs_gaps *g = gaps_of(o);

    find_missing_shares(o, g);
    find_orphans(g);
}

size_t ts_orgs_gaps_entries(const struct ts_orgs *o, const struct ts_org_account **out)
{
    if (!o->gaps)
        return 0;
    for (size_t i = 0; i < o->gaps->count; i++)
        out[i] = &o->gaps->entries[i];
    return o->gaps->count;
}

size_t ts_orgs_gaps_count(const struct ts_orgs *o)
{
    return o->gaps ? o->gaps->count : 0;
}

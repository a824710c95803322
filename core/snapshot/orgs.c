/* The organisations' manifests of one scan: how each snapshot agrees with
 * the manifest of its folder, and what the scan lacks.  Beyond the
 * accounts a manifest lists that no snapshot judged: a share of a
 * collection split with --shard K/N that no manifest of the scan covers,
 * and a folder of the organisation's snapshots that has no manifest (an
 * interrupted collect --org, a manifest deleted), whose list of accounts is
 * then unknown.  Each makes the run incomplete: missing data is never a
 * pass. */
#include "snapshot/orgs.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "util/dir_list.h"
#include "util/strlist.h"

/* ---- what the scan lacks ---------------------------------------------------- */

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

static void gaps_free(struct ts_orgs_gaps *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->count; i++)
        for (size_t k = 0; k < 5; k++)
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

/* A snapshot in a watched folder that has no manifest: noted if it carries
 * an organization.  Safe from several threads at once. */
static void gaps_note(const struct ts_orgs *o, const struct ts_snapshot *s)
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
                a->own[3] = ts_xstrdup(m->org_id);
                a->share = k;
                a->shares = m->shard_count;
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
        a->own[3] = format("%.*s", (int)(file - org - 1), org);
        a->own[4] = format("%.*s", (int)(org - line - 1), line);
        a->line = a->column = 1;
    }
}

void ts_orgs_find_gaps(struct ts_orgs *o)
{
    struct ts_orgs_gaps *g = gaps_of(o);

    find_missing_shares(o, g);
    find_orphans(g);
}

static size_t gaps_entries(const struct ts_orgs *o, const struct ts_org_account **out)
{
    if (!o->gaps)
        return 0;
    for (size_t i = 0; i < o->gaps->count; i++)
        out[i] = &o->gaps->entries[i];
    return o->gaps->count;
}

static size_t gaps_count(const struct ts_orgs *o)
{
    return o->gaps ? o->gaps->count : 0;
}

/* ---- a scan's manifests --------------------------------------------------- */

void ts_orgs_init(struct ts_orgs *o)
{
    o->items = NULL;
    o->count = 0;
    o->gaps = NULL;
}

void ts_orgs_release(struct ts_orgs *o)
{
    for (size_t i = 0; i < o->count; i++)
        ts_org_manifest_release(&o->items[i]);
    free(o->items);
    gaps_free(o->gaps);
    ts_orgs_init(o);
}

int ts_orgs_add(struct ts_orgs *o, const char *path, struct ts_problems *problems)
{
    struct ts_org_manifest *m;

    o->items = ts_xrealloc(o->items, (o->count + 1) * sizeof(*o->items));
    m = &o->items[o->count++];
    ts_org_manifest_init(m);
    return ts_org_manifest_load(m, path, problems);
}

/* The manifest of the folder path is in: path is its prefix and a name. */
static const struct ts_org_manifest *folder_manifest(const struct ts_orgs *o, const char *path)
{
    for (size_t i = 0; i < o->count; i++) {
        size_t n = strlen(o->items[i].prefix);
        if (!strncmp(path, o->items[i].prefix, n) && !strchr(path + n, '/'))
            return &o->items[i];
    }
    return NULL;
}

static void snapshot_where(const struct ts_snapshot *s, const char *key, unsigned *line,
                           unsigned *col)
{
    *line = *col = 1;
    ts_snapshot_member_position(s, s->root, key, line, col);
}

/* The snapshot's organisation, if it has one, is the manifest's. */
static int claim_org(const struct ts_org_manifest *m, const struct ts_snapshot *s,
                     struct ts_problems *problems)
{
    const cJSON *org = cJSON_GetObjectItemCaseSensitive(m->doc.root, "organization");
    unsigned line, col, ml, mc;

    if (!s->org_id || !m->org_id)
        return 0;
    if (!strcmp(s->org_id, m->org_id) && !strcmp(s->org_management, m->management_account_id))
        return 0;
    snapshot_where(s, "organization", &line, &col);
    ts_json_doc_where(&m->doc, org, NULL, &ml, &mc);
    ts_problems_add(problems, "%s:%u:%u: organization %s (management account %s) disagrees"
                    " with %s:%u:%u: organization %s (management account %s)", s->path, line,
                    col, s->org_id, s->org_management, m->doc.path, ml, mc, m->org_id,
                    m->management_account_id);
    return -1;
}

int ts_orgs_claim(const struct ts_orgs *o, struct ts_snapshot *s,
                  struct ts_problems *problems)
{
    const struct ts_org_manifest *m = folder_manifest(o, s->path);
    const struct ts_org_account *a;
    unsigned line, col;

    if (!m)
        gaps_note(o, s);
    if (!m || !s->account_id)
        return 0;
    snapshot_where(s, "account_id", &line, &col);
    /* The file is listed for another account (the names were swapped). */
    a = ts_org_manifest_find_file(m, s->path + strlen(m->prefix));
    if (a && a->id && strcmp(a->id, s->account_id) != 0) {
        ts_problems_add(problems, "%s:%u:%u: account %s disagrees with %s:%u:%u, which lists"
                        " this file for account %s", s->path, line, col, s->account_id,
                        a->manifest, a->line, a->column, a->id);
        return -1;
    }
    a = ts_org_manifest_find(m, s->account_id);
    if (!a) {
        ts_problems_add(problems, "%s:%u:%u: account %s is not in %s, the manifest of its"
                        " folder (a snapshot from another collection?)", s->path, line, col,
                        s->account_id, m->doc.path);
        return -1;
    }
    if (a->status != TS_ORG_COLLECTED || !a->path || strcmp(a->path, s->path) != 0) {
        char about[400];
        if (a->status == TS_ORG_COLLECTED && a->file)
            snprintf(about, sizeof(about), "collected into %.300s", a->file);
        else
            snprintf(about, sizeof(about), "%s", ts_org_account_state(a));
        ts_problems_add(problems, "%s:%u:%u: account %s disagrees with %s:%u:%u, which lists"
                        " it as %s", s->path, line, col, s->account_id, a->manifest, a->line,
                        a->column, about);
        return -1;
    }
    if (claim_org(m, s, problems) < 0)
        return -1;
    if (!s->account_name)
        s->account_name = a->name;
    return 0;
}

size_t ts_orgs_unjudged(const struct ts_orgs *o, const struct ts_org_account ***out)
{
    size_t n = 0;

    for (size_t i = 0; i < o->count; i++)
        n += o->items[i].naccounts;
    *out = ts_xmalloc((n + gaps_count(o) + 1) * sizeof(**out));
    n = gaps_entries(o, *out);
    for (size_t i = 0; i < o->count; i++)
        for (size_t k = 0; k < o->items[i].naccounts; k++) {
            const struct ts_org_account *a = &o->items[i].accounts[k];
            if (a->status == TS_ORG_FAILED || a->status == TS_ORG_SKIPPED
                || (a->status == TS_ORG_COLLECTED && a->missing))
                (*out)[n++] = a;
        }
    return n;
}

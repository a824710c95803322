/* The manifest of an organisation's folder (DESIGN.md section 2b): its
 * format checks, its accounts, and how a snapshot in the folder must agree
 * with it. */
#include "snapshot/org_manifest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "snapshot/snapshot_org.h"
#include "util/dir_list.h"
#include "util/timestamp.h"

/* A manifest lists accounts, not their data: far below a snapshot's cap. */
#define MAX_MANIFEST_BYTES ((size_t)64 * 1024 * 1024)

void ts_org_manifest_init(struct ts_org_manifest *m)
{
    memset(m, 0, sizeof(*m));
    ts_json_doc_init(&m->doc);
}

void ts_org_manifest_release(struct ts_org_manifest *m)
{
    for (size_t i = 0; i < m->naccounts; i++)
        free(m->accounts[i].path);
    free(m->accounts);
    free(m->by_id);
    free(m->by_file);
    free(m->prefix);
    ts_json_doc_release(&m->doc);
    ts_org_manifest_init(m);
}

int ts_org_manifest_named(const char *path)
{
    const char *slash = strrchr(path, '/');

    return strcmp(slash ? slash + 1 : path, TS_ORG_MANIFEST_NAME) == 0;
}

/* ---- checks -------------------------------------------------------------- */

struct check {
    struct ts_org_manifest *m;
    struct ts_problems *problems;
};

#define PROBLEM(c, obj, key, ...) ts_json_doc_problem(&(c)->m->doc, (c)->problems, obj, key, \
                                                      __VA_ARGS__)

/* obj.key as a string (path names it in messages): NULL, with a problem
 * when required or of another type, if it is not one. */
static const char *string_member(struct check *c, const cJSON *obj, const char *key,
                                 const char *path, int required)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

    if (!v || (!required && cJSON_IsNull(v))) {
        if (required)
            PROBLEM(c, obj, NULL, "%s: missing", path);
        return NULL;
    }
    if (cJSON_IsString(v) && v->valuestring)
        return v->valuestring;
    PROBLEM(c, obj, key, "%s: expected a string, found %s", path, ts_json_type_name(v));
    return NULL;
}

static void check_organization(struct check *c, const cJSON *root)
{
    const cJSON *org = cJSON_GetObjectItemCaseSensitive(root, "organization");
    const char *v;

    if (!org) {
        PROBLEM(c, root, NULL, "organization: missing (an object with id and"
                " management_account_id)");
        return;
    }
    if (!cJSON_IsObject(org)) {
        PROBLEM(c, root, "organization", "organization: expected an object, found %s",
                ts_json_type_name(org));
        return;
    }
    if ((v = string_member(c, org, "id", "organization.id", 1)) && !ts_org_id_ok(v))
        PROBLEM(c, org, "id", "organization.id: '%.64s' is not %s", v, TS_ORG_ID_WANTED);
    else
        c->m->org_id = v;
    v = string_member(c, org, "management_account_id", "organization.management_account_id", 1);
    if (v && !ts_account_id_ok(v))
        PROBLEM(c, org, "management_account_id", "organization.management_account_id: '%.64s'"
                " is not an account id of 12 digits", v);
    else
        c->m->management_account_id = v;
}

/* collect --shard K/N's share: {"index": K, "count": N}, optional. */
static void check_shard(struct check *c, const cJSON *root)
{
    const cJSON *sh = cJSON_GetObjectItemCaseSensitive(root, "shard"), *k, *n;

    if (!sh)
        return;
    k = cJSON_GetObjectItemCaseSensitive(sh, "index");
    n = cJSON_GetObjectItemCaseSensitive(sh, "count");
    if (!cJSON_IsObject(sh) || !cJSON_IsNumber(k) || !cJSON_IsNumber(n) || n->valuedouble < 1
        || n->valuedouble > 100000 || k->valuedouble < 1 || k->valuedouble > n->valuedouble
        || k->valuedouble != (unsigned)k->valuedouble
        || n->valuedouble != (unsigned)n->valuedouble) {
        PROBLEM(c, root, "shard", "shard: expected {\"index\": K, \"count\": N}, whole"
                " numbers with 1 <= K <= N (collect --shard K/N)");
        return;
    }
    c->m->shard_index = (unsigned)k->valuedouble;
    c->m->shard_count = (unsigned)n->valuedouble;
    ts_json_doc_where(&c->m->doc, root, "shard", &c->m->shard_line, &c->m->shard_column);
}

/* A collected account's file: a plain name in the folder, for a manifest
 * that sends scan outside it (../, /etc/...) must not be followed. */
static void check_file(struct check *c, const cJSON *item, const char *at,
                       struct ts_org_account *a)
{
    char p[64];
    const char *f;
    size_t n;

    snprintf(p, sizeof(p), "%s.file", at);
    if (!(f = string_member(c, item, "file", p, 1)))
        return;
    n = strlen(f);
    if (n == 0 || strchr(f, '/') || f[0] == '.')
        PROBLEM(c, item, "file", "%s: '%.200s' is outside the manifest's folder (a file name"
                " in it, like %s.json)", p, f, a->id ? a->id : "123456789012");
    else if (n <= 5 || strcmp(f + n - 5, ".json") != 0 || ts_org_manifest_named(f))
        PROBLEM(c, item, "file", "%s: '%.200s' is not a snapshot's name (*.json, not %s)", p,
                f, TS_ORG_MANIFEST_NAME);
    else {
        struct stat st;
        a->file = f;
        a->path = *c->m->prefix ? ts_path_join(c->m->prefix, f) : ts_xstrdup(f);
        a->missing = stat(a->path, &st) != 0;
    }
}

static void check_failed(struct check *c, const cJSON *item, const char *at,
                         struct ts_org_account *a)
{
    const cJSON *err = cJSON_GetObjectItemCaseSensitive(item, "error");
    char p[64], q[80];

    snprintf(p, sizeof(p), "%s.error", at);
    if (!err) {
        PROBLEM(c, item, NULL, "%s: missing (a failed account's AWS error: code, message)", p);
        return;
    }
    if (!cJSON_IsObject(err)) {
        PROBLEM(c, item, "error", "%s: expected an object, found %s", p, ts_json_type_name(err));
        return;
    }
    snprintf(q, sizeof(q), "%s.code", p);
    a->code = string_member(c, err, "code", q, 1);
    snprintf(q, sizeof(q), "%s.message", p);
    a->message = string_member(c, err, "message", q, 0);
}

/* What the status says must come with it. */
static void check_status(struct check *c, const cJSON *item, const char *at,
                         struct ts_org_account *a)
{
    char p[64];
    const char *st;

    snprintf(p, sizeof(p), "%s.status", at);
    if (!(st = string_member(c, item, "status", p, 1)))
        return;
    if (!strcmp(st, "collected")) {
        a->status = TS_ORG_COLLECTED;
        check_file(c, item, at, a);
    } else if (!strcmp(st, "failed")) {
        a->status = TS_ORG_FAILED;
        check_failed(c, item, at, a);
    } else if (!strcmp(st, "skipped")) {
        a->status = TS_ORG_SKIPPED;
        snprintf(p, sizeof(p), "%s.reason", at);
        a->reason = string_member(c, item, "reason", p, 1);
    } else {
        PROBLEM(c, item, "status", "%s: '%.64s' is not collected, failed or skipped", p, st);
    }
}

/* ---- lookups: by id and by file, sorted (an organisation may have
 * thousands of accounts, and each snapshot asks) --------------------------- */

/* Ties in list order (entries sit in one array): the first of equal keys
 * is the one listed first. */
static int by_id(const void *pa, const void *pb)
{
    const struct ts_org_account *a = *(const struct ts_org_account *const *)pa;
    const struct ts_org_account *b = *(const struct ts_org_account *const *)pb;
    int c = strcmp(a->id, b->id);

    return c ? c : (a > b) - (a < b);
}

static int by_file(const void *pa, const void *pb)
{
    const struct ts_org_account *a = *(const struct ts_org_account *const *)pa;
    const struct ts_org_account *b = *(const struct ts_org_account *const *)pb;
    int c = strcmp(a->file, b->file);

    return c ? c : (a > b) - (a < b);
}

/* Fills m->by_id and m->by_file with the entries that have an id, a file. */
static void index_accounts(struct ts_org_manifest *m)
{
    m->by_id = ts_xmalloc((m->naccounts + 1) * sizeof(*m->by_id));
    m->by_file = ts_xmalloc((m->naccounts + 1) * sizeof(*m->by_file));
    m->nby_id = m->nby_file = 0;
    for (size_t k = 0; k < m->naccounts; k++) {
        if (m->accounts[k].id)
            m->by_id[m->nby_id++] = &m->accounts[k];
        if (m->accounts[k].file)
            m->by_file[m->nby_file++] = &m->accounts[k];
    }
    qsort(m->by_id, m->nby_id, sizeof(*m->by_id), by_id);
    qsort(m->by_file, m->nby_file, sizeof(*m->by_file), by_file);
}

/* For each entry, the first entry before it with the same key (in the
 * sorted list idx), or NULL: first[k] for accounts[k]. */
static void firsts(const struct ts_org_manifest *m, struct ts_org_account **idx, size_t n,
                   int file, const struct ts_org_account **first)
{
    for (size_t i = 1; i < n; i++) {
        const char *x = file ? idx[i]->file : idx[i]->id;
        const char *y = file ? idx[i - 1]->file : idx[i - 1]->id;
        size_t k = (size_t)(idx[i] - m->accounts), p = (size_t)(idx[i - 1] - m->accounts);
        if (!strcmp(x, y))
            first[k] = first[p] ? first[p] : idx[i - 1];
    }
}

/* An id or file listed twice, said at the later entry (in list order). */
static void check_unique(struct check *c, const cJSON *list)
{
    const struct ts_org_manifest *m = c->m;
    const struct ts_org_account **first_id = ts_xmalloc((m->naccounts + 1) * sizeof(*first_id));
    const struct ts_org_account **first_file = ts_xmalloc((m->naccounts + 1)
                                                          * sizeof(*first_file));
    const cJSON *item;
    size_t k = 0;

    for (size_t i = 0; i < m->naccounts; i++)
        first_id[i] = first_file[i] = NULL;
    firsts(m, m->by_id, m->nby_id, 0, first_id);
    firsts(m, m->by_file, m->nby_file, 1, first_file);
    cJSON_ArrayForEach(item, list) {
        const struct ts_org_account *a = &m->accounts[k], *b;
        if ((b = first_id[k]) != NULL)
            PROBLEM(c, item, "id", "accounts[%zu].id: account %s is listed twice (first at"
                    " line %u, column %u)", k, a->id, b->line, b->column);
        else if ((b = first_file[k]) != NULL)
            PROBLEM(c, item, "file", "accounts[%zu].file: '%.200s' is listed for account %s"
                    " too (line %u, column %u)", k, a->file, b->id ? b->id : "?", b->line,
                    b->column);
        k++;
    }
    free(first_id);
    free(first_file);
}

static void check_account(struct check *c, const cJSON *list, const cJSON *item, size_t k)
{
    struct ts_org_account *a = &c->m->accounts[k];
    char at[32], p[64], buf[128];
    const char *v;

    memset(a, 0, sizeof(*a));
    a->manifest = c->m->doc.path;
    a->status = (enum ts_org_status)-1;
    ts_json_doc_where(&c->m->doc, item, NULL, &a->line, &a->column);
    snprintf(at, sizeof(at), "accounts[%zu]", k);
    if (!cJSON_IsObject(item)) { /* a scalar has no position of its own: the list's */
        PROBLEM(c, list, NULL, "%s: expected an object, found %s", at, ts_json_type_name(item));
        return;
    }
    snprintf(p, sizeof(p), "%s.id", at);
    if ((v = string_member(c, item, "id", p, 1)) && !ts_account_id_ok(v))
        PROBLEM(c, item, "id", "%s: '%.64s' is not an account id of 12 digits", p, v);
    else
        a->id = v;
    snprintf(p, sizeof(p), "%s.name", at);
    if ((v = string_member(c, item, "name", p, 0))
        && (v = ts_account_name_problem(a->name = v, buf, sizeof(buf))) != NULL) {
        PROBLEM(c, item, "name", "%s: %s", p, v);
        a->name = NULL;
    }
    check_status(c, item, at, a);
}

static void check_accounts(struct check *c, const cJSON *root)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "accounts"), *item;
    size_t k = 0;

    if (!list) {
        PROBLEM(c, root, NULL, "accounts: missing (an array of the organisation's accounts)");
        return;
    }
    if (!cJSON_IsArray(list)) {
        PROBLEM(c, root, "accounts", "accounts: expected an array, found %s",
                ts_json_type_name(list));
        return;
    }
    c->m->accounts = ts_xmalloc(((size_t)cJSON_GetArraySize(list) + 1) * sizeof(*c->m->accounts));
    cJSON_ArrayForEach(item, list) {
        c->m->naccounts = k + 1; /* released whole even if a check stops early */
        check_account(c, list, item, k++);
    }
    index_accounts(c->m);
    check_unique(c, list);
}

/* Duplicate member names anywhere: ambiguous (tools disagree on which
 * counts).  Nesting is bounded by json_doc's depth limit. */
static void check_duplicates(struct check *c, const cJSON *node)
{
    const cJSON *child;
    const char *dup;

    if (cJSON_IsObject(node) && (dup = ts_json_duplicate_key(node)) != NULL)
        PROBLEM(c, node, NULL, "member '%.200s' appears more than once", dup);
    cJSON_ArrayForEach(child, node)
        if (cJSON_IsObject(child) || cJSON_IsArray(child))
            check_duplicates(c, child);
}

static void check(struct check *c)
{
    const cJSON *root = c->m->doc.root;
    const char *v;
    double t;

    if (!cJSON_IsObject(root)) {
        PROBLEM(c, root, NULL, "expected a manifest object (format %s) at the top, found %s",
                TS_ORG_FORMAT, ts_json_type_name(root));
        return;
    }
    if ((v = string_member(c, root, "format", "format", 1)) && strcmp(v, TS_ORG_FORMAT) != 0) {
        PROBLEM(c, root, "format", "format: unsupported format '%.64s' (this trailscan reads"
                " %s)", v, TS_ORG_FORMAT);
        return; /* another format's fields mean other things */
    }
    check_organization(c, root);
    if ((v = string_member(c, root, "collected_at", "collected_at", 1))
        && ts_timestamp_parse(v, &t) < 0)
        PROBLEM(c, root, "collected_at", "collected_at: '%.64s' is not an RFC 3339 timestamp"
                " (like 2026-11-25T12:00:00Z)", v);
    else
        c->m->collected_at = v;
    check_shard(c, root);
    check_accounts(c, root);
    check_duplicates(c, root);
}

/* The folder's prefix of path: "" or up to its last '/'. */
static char *prefix_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) + 1 : 0;
    char *p = ts_xmalloc(n + 1);

    memcpy(p, path, n);
    p[n] = '\0';
    return p;
}

int ts_org_manifest_load(struct ts_org_manifest *m, const char *path,
                         struct ts_problems *problems)
{
    struct check c = {m, problems};
    size_t before = problems->count;

    ts_org_manifest_release(m);
    m->prefix = prefix_of(path);
    if (ts_json_doc_load(&m->doc, path, MAX_MANIFEST_BYTES, problems) < 0)
        return -1;
    check(&c);
    return problems->count > before ? -1 : 0;
}

int ts_org_manifest_load_text(struct ts_org_manifest *m, const char *path, const char *text,
                              size_t len, struct ts_problems *problems)
{
    static const struct ts_json_doc_opts opts = {&ts_json_doc_words, NULL};
    struct check c = {m, problems};
    size_t before = problems->count;

    ts_org_manifest_release(m);
    m->prefix = prefix_of(path);
    m->doc.path = ts_xstrdup(path);
    m->doc.text = ts_xmalloc(len + 1);
    memcpy(m->doc.text, text, len);
    m->doc.text[len] = '\0';
    m->doc.len = len;
    if (ts_json_doc_parse(&m->doc, &opts, problems) < 0)
        return -1;
    check(&c);
    return problems->count > before ? -1 : 0;
}

/* The first entry (in list order) whose key (id or file) is key, by
 * binary search in idx; NULL if none. */
static const struct ts_org_account *lookup(struct ts_org_account *const *idx, size_t n,
                                           int file, const char *key)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(file ? idx[mid]->file : idx[mid]->id, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < n && !strcmp(file ? idx[lo]->file : idx[lo]->id, key))
        return idx[lo];
    return NULL;
}

const struct ts_org_account *ts_org_manifest_find(const struct ts_org_manifest *m,
                                                  const char *id)
{
    return lookup(m->by_id, m->nby_id, 0, id);
}

const struct ts_org_account *ts_org_manifest_find_file(const struct ts_org_manifest *m,
                                                       const char *file)
{
    return lookup(m->by_file, m->nby_file, 1, file);
}

/* ---- accounts not judged ------------------------------------------------- */

int ts_org_account_gap(const struct ts_org_account *a)
{
    return a->status != TS_ORG_SKIPPED && (a->status != TS_ORG_COLLECTED || a->missing);
}

const char *ts_org_account_state(const struct ts_org_account *a)
{
    switch (a->status) {
    case TS_ORG_FAILED: return "failed";
    case TS_ORG_SKIPPED: return "skipped";
    case TS_ORG_NO_SHARE: return "share-missing";
    case TS_ORG_NO_MANIFEST: return "manifest-missing";
    default: return "missing";
    }
}

const char *ts_org_account_reason(const struct ts_org_account *a, char *buf, size_t n)
{
    if (a->status == TS_ORG_FAILED)
        snprintf(buf, n, "collection failed: %.200s%s%.600s", a->code, a->message ? ": " : "",
                 a->message ? a->message : "");
    else if (a->status == TS_ORG_SKIPPED)
        snprintf(buf, n, "not collected: %.600s", a->reason);
    else if (a->status == TS_ORG_NO_SHARE || a->status == TS_ORG_NO_MANIFEST)
        snprintf(buf, n, "%.900s", a->reason);
    else
        snprintf(buf, n, "collected, but its snapshot %.300s is missing", a->path);
    return buf;
}

/* The format checks of DESIGN.md section 2: the envelope fields, the type
 * of every section and operation that is present, and inside each known
 * operation's answer the JSON type of every value botocore's model gives a
 * shape (snapshot_shapes.h).  Unknown services, operations and fields are
 * allowed (kept and ignored).  Every problem names its JSON path and, where
 * we know it, its line and column. */
#include "snapshot/snapshot_check.h"
#include "json/json_doc.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "snapshot/snapshot_org.h"
#include "snapshot/snapshot_shapes.h"
#include "util/timestamp.h"

/* Member names the loader kept once (snapshot_arena.c) come back at the
 * same address all through a snapshot: a structure's member looked up by
 * name is remembered by the name's address, so the thousands of log
 * groups and trails of an account compare their names once.  A name kept
 * twice only misses.  Direct-mapped; per check, because the next
 * snapshot's names may reuse these addresses. */
#define MEMBER_SLOTS 256
struct member_seen {
    const struct ts_shape_member *members; /* the structure's */
    const char *name;                      /* the name's address */
    const struct ts_shape_member *m;       /* what it is, or NULL: unknown */
};

struct check {
    struct ts_snapshot *s;
    struct ts_problems *problems;
    size_t reported, more;  /* problems told, and those past MAX_PROBLEMS */
    struct member_seen seen[MEMBER_SLOTS];
};

/* A file wrong throughout (a number where every trail has an object) says
 * so in its first problems; the rest are counted. */
#define MAX_PROBLEMS TS_JSON_DOC_MAX_PROBLEMS /* one cap for every JSON input */

/* Reports a problem with member `key` of `parent` (or parent itself). */
static void TS_PRINTF(5, 6) problem(struct check *c, const cJSON *parent, const char *key,
                                    const char *path, const char *fmt, ...)
{
    char what[768];
    unsigned line, col;
    va_list ap;

    if (c->reported == MAX_PROBLEMS) {
        c->more++;
        return;
    }
    c->reported++;
    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    if (ts_snapshot_member_position(c->s, parent, key, &line, &col) < 0)
        line = col = 0;
    ts_problems_add_at(c->problems, c->s->path, line, col, "%s: %s", path, what);
}

static void join(char *out, size_t n, const char *path, const char *key)
{
    snprintf(out, n, "%.250s%s%.250s", path, *path ? "." : "", key);
}

/* A JSON path joined only when a problem names it: a snapshot has
 * thousands of operations and responses, and nearly all are fine.  The
 * top's key is the whole path there (as "regions.us-east-1"); each level
 * below joins its key as join() does. */
struct lazy_path {
    const struct lazy_path *up;
    const char *key;
};

static void lazy_render(const struct lazy_path *lp, char *out, size_t n)
{
    char up[512];

    if (!lp->up) {
        snprintf(out, n, "%s", lp->key);
        return;
    }
    lazy_render(lp->up, up, sizeof(up));
    join(out, n, up, lp->key);
}

/* Checks that parent.key, if present, is an object (or array); returns it. */
static const cJSON *want(struct check *c, const cJSON *parent, const char *key,
                         const char *path, int array)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(parent, key);
    char p[512];

    if (!v || cJSON_IsNull(v))
        return NULL;
    if (array ? cJSON_IsArray(v) : cJSON_IsObject(v))
        return v;
    join(p, sizeof(p), path, key);
    problem(c, parent, key, p, "expected %s, found %s", array ? "an array" : "an object",
            ts_json_type_name(v));
    return NULL;
}

/* ---- operations ---------------------------------------------------------- */

/* Where a value sits, built only when a problem is reported: the checks
 * visit every value of a snapshot, most of which are fine. */
struct where {
    const struct where *up;
    const char *key;        /* a member name, or the whole path at the top */
    int index;              /* an array item when key is NULL */
    const struct lazy_path *top; /* at the top instead of key, if set */
};

static size_t render(const struct where *w, char *out, size_t n)
{
    size_t len = w->up ? render(w->up, out, n) : 0;
    int k;

    if (len >= n)
        return len;
    if (w->top) {
        char top[512];
        lazy_render(w->top, top, sizeof(top));
        k = snprintf(out + len, n - len, "%.200s", top);
    } else if (!w->key)
        k = snprintf(out + len, n - len, "[%d]", w->index);
    else
        k = snprintf(out + len, n - len, "%s%.200s", w->up ? "." : "", w->key);
    return k < 0 ? len : len + (size_t)k;
}

/* A problem with v, member `key` of parent (or an item of the array
 * parent: then v's own position, if it has one). */
static void TS_PRINTF(6, 7) value_problem(struct check *c, const cJSON *parent, const cJSON *v,
                                          const struct where *w, const char *key,
                                          const char *fmt, ...)
{
    char path[512], what[600];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    render(w, path, sizeof(path));
    if (!key && (cJSON_IsObject(v) || cJSON_IsArray(v)))
        parent = v;
    problem(c, parent, key, path, "%s", what);
}

static const struct ts_shape_operation *find_op(const char *service, const char *op)
{
    for (const struct ts_shape_operation *o = ts_shape_operations; o->service; o++)
        if (!strcmp(o->service, service) && !strcmp(o->operation, op))
            return o;
    return NULL;
}

/* The member called name, searched from *hint on: AWS writes members in
 * the model's order, so the next one is usually the one after the last. */
static const struct ts_shape_member *member_search(const struct ts_shape *sh, const char *name,
                                                   const struct ts_shape_member *hint)
{
    const struct ts_shape_member *start = hint ? hint : sh->members;

    for (const struct ts_shape_member *m = start; m->name; m++)
        if (m->name[0] == name[0] && !strcmp(m->name, name))
            return m;
    for (const struct ts_shape_member *m = sh->members; m < start; m++)
        if (m->name[0] == name[0] && !strcmp(m->name, name))
            return m;
    return NULL;
}

/* The shape of member `name` of structure sh (NULL: the model does not
 * know it), from the names seen before (see member_seen) or a search. */
static const struct ts_shape *member_shape(struct check *c, const struct ts_shape *sh,
                                           const char *name,
                                           const struct ts_shape_member **hint)
{
    uint64_t h = ((uint64_t)(uintptr_t)name ^ ((uint64_t)(uintptr_t)sh->members << 7))
                 * 0x9E3779B97F4A7C15ull;
    struct member_seen *e = &c->seen[(h >> 56) & (MEMBER_SLOTS - 1)];
    const struct ts_shape_member *m;

    if (e->name == name && e->members == sh->members) {
        m = e->m;
    } else {
        m = member_search(sh, name, *hint);
        e->members = sh->members;
        e->name = name;
        e->m = m;
    }
    if (!m)
        return NULL;
    *hint = m + 1;
    return m->shape;
}

static void check_value(struct check *c, const cJSON *parent, const char *key, const cJSON *v,
                        const struct ts_shape *sh, const struct where *w);

/* cJSON_IsString(v) and the like, as cJSON defines them, without a call
 * into the library for each of a snapshot's values. */
static inline int is_type(const cJSON *v, int type)
{
    return v && (v->type & 0xFF) == type;
}

/* The members and items of a container whose type is right. */
static void check_children(struct check *c, const cJSON *v, const struct ts_shape *sh,
                           const struct where *w)
{
    const struct ts_shape_member *hint = NULL;
    const cJSON *child;
    int i = 0;

    cJSON_ArrayForEach(child, v) {
        struct where at = {w, sh->type == TS_SHAPE_LIST ? NULL : child->string, i++, NULL};
        const struct ts_shape *csh = sh->type == TS_SHAPE_STRUCTURE
                                         ? member_shape(c, sh, child->string, &hint) : sh->item;
        /* A null member is "not set" (moto sends them); a null item or map
         * value stands for nothing AWS sends. */
        if (is_type(child, cJSON_NULL) && sh->type == TS_SHAPE_STRUCTURE)
            continue;
        if (csh) /* a member the model does not know: kept and ignored */
            check_value(c, v, at.key, child, csh, &at);
    }
}

static void check_timestamp(struct check *c, const cJSON *parent, const char *key,
                            const cJSON *v, const struct where *w)
{
    double t;

    if (is_type(v, cJSON_Number) || (is_type(v, cJSON_String) && ts_timestamp_parse(v->valuestring, &t) == 0))
        return;
    if (!cJSON_IsString(v))
        value_problem(c, parent, v, w, key, "expected a timestamp (epoch seconds or ISO 8601),"
                      " found %s", ts_json_type_name(v));
    else
        value_problem(c, parent, v, w, key, "'%.64s' is not an ISO 8601 timestamp"
                      " (like 2026-11-25T12:00:00Z)", v->valuestring);
}

/* Checks v, member `key` of parent (NULL: an item), against its shape.
 * Nesting is bounded by the models (and the scan's depth limit), so the
 * recursion is too. */
static void check_value(struct check *c, const cJSON *parent, const char *key, const cJSON *v,
                        const struct ts_shape *sh, const struct where *w)
{
    static const char *const wanted[] = {"a string", "a boolean", "a number", "a timestamp",
                                         "an object", "an array", "an object"};
    int ok;

    switch (sh->type) {
    case TS_SHAPE_STRING: ok = is_type(v, cJSON_String); break;
    case TS_SHAPE_BOOLEAN: ok = v && (v->type & (cJSON_True | cJSON_False)) != 0; break;
    case TS_SHAPE_NUMBER: ok = is_type(v, cJSON_Number); break;
    case TS_SHAPE_TIMESTAMP: check_timestamp(c, parent, key, v, w); return;
    case TS_SHAPE_LIST: ok = is_type(v, cJSON_Array); break;
    default: ok = is_type(v, cJSON_Object); break;
    }
    if (!ok) {
        value_problem(c, parent, v, w, key, "expected %s, found %s", wanted[sh->type],
                      ts_json_type_name(v));
        return;
    }
    if (sh->type >= TS_SHAPE_STRUCTURE)
        check_children(c, v, sh, w);
}

/* A problem whose path is lp (joined only now). */
static void TS_PRINTF(5, 6) lazy_problem(struct check *c, const cJSON *parent, const char *key,
                                         const struct lazy_path *lp, const char *fmt, ...)
{
    char path[512], what[768];
    va_list ap;

    if (c->reported == MAX_PROBLEMS) {
        c->more++;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    lazy_render(lp, path, sizeof(path));
    problem(c, parent, key, path, "%s", what);
}

static void check_operation(struct check *c, const cJSON *svc, const cJSON *op,
                            const char *service, const struct lazy_path *path)
{
    const struct ts_shape_operation *spec = find_op(service, op->string);
    const cJSON *entry;

    if (!cJSON_IsObject(op)) {
        lazy_problem(c, svc, op->string, path, "expected an object (the response), found %s",
                     ts_json_type_name(op));
        return;
    }
    if (!spec)
        return; /* an operation we do not know: kept and ignored */
    /* Account-wide operations (lists of trails, log groups...): the object
     * is the response. */
    if (!spec->keyed) {
        struct where top = {NULL, NULL, 0, path};
        check_children(c, op, spec->output, &top);
        return;
    }
    /* Per-resource operations: identifier -> response. */
    cJSON_ArrayForEach(entry, op) {
        struct lazy_path p = {path, entry->string};
        struct where top = {NULL, NULL, 0, &p};
        if (!cJSON_IsObject(entry)) {
            lazy_problem(c, op, entry->string, &p, "expected an object (the response for"
                         " '%.200s'), found %s", entry->string, ts_json_type_name(entry));
            continue;
        }
        check_children(c, entry, spec->output, &top);
    }
}

static void check_services(struct check *c, const cJSON *services, const char *path)
{
    const struct lazy_path top = {NULL, path};
    const cJSON *svc, *op;

    cJSON_ArrayForEach(svc, services) {
        struct lazy_path p = {&top, svc->string};
        if (cJSON_IsNull(svc))
            continue;
        if (!cJSON_IsObject(svc)) {
            lazy_problem(c, services, svc->string, &p, "expected an object, found %s",
                         ts_json_type_name(svc));
            continue;
        }
        cJSON_ArrayForEach(op, svc) {
            struct lazy_path q = {&p, op->string};
            check_operation(c, svc, op, svc->string, &q);
        }
    }
}

/* ---- envelope ------------------------------------------------------------ */

/* AWS region names: us-east-1, us-gov-west-1, cn-north-1, eu-central-2... */
int ts_snapshot_region_ok(const char *r)
{
    const char *p = r;
    int parts = 0;

    for (;;) {
        const char *start = p;
        while (islower((unsigned char)*p))
            p++;
        if (p == start)
            break;
        parts++;
        if (*p != '-')
            return 0;
        p++;
    }
    if (parts < 2 || !isdigit((unsigned char)*p))
        return 0;
    while (isdigit((unsigned char)*p))
        p++;
    return *p == '\0';
}

static void check_regions(struct check *c, const cJSON *root)
{
    const cJSON *regions = want(c, root, "regions", "", 0), *r;
    char p[512];

    if (!regions) {
        if (!cJSON_GetObjectItemCaseSensitive(root, "regions"))
            problem(c, root, NULL, "regions", "missing (an object of regions)");
        return;
    }
    cJSON_ArrayForEach(r, regions) {
        snprintf(p, sizeof(p), "regions.%s", r->string);
        if (!ts_snapshot_region_ok(r->string))
            problem(c, regions, r->string, p, "'%.64s' is not an AWS region name", r->string);
        if (!cJSON_IsObject(r))
            problem(c, regions, r->string, p, "expected an object, found %s", ts_json_type_name(r));
        else
            check_services(c, r, p);
    }
}

static void check_errors(struct check *c, const cJSON *root)
{
    static const char *const required[] = {"service", "operation", "code", NULL};
    static const char *const optional[] = {"region", "key", "message", NULL};
    const cJSON *errors = want(c, root, "errors", "", 1), *e;
    char p[512], q[600];
    int i = 0;

    cJSON_ArrayForEach(e, errors) {
        snprintf(p, sizeof(p), "errors[%d]", i++);
        if (!cJSON_IsObject(e)) {
            problem(c, errors, NULL, p, "expected an object, found %s", ts_json_type_name(e));
            continue;
        }
        for (const char *const *f = required; *f; f++) {
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, *f);
            snprintf(q, sizeof(q), "%s.%s", p, *f);
            if (!cJSON_IsString(v))
                problem(c, e, *f, q, v ? "expected a string, found %s" : "missing%s",
                        v ? ts_json_type_name(v) : "");
        }
        for (const char *const *f = optional; *f; f++) {
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, *f);
            snprintf(q, sizeof(q), "%s.%s", p, *f);
            if (v && !cJSON_IsNull(v) && !cJSON_IsString(v))
                problem(c, e, *f, q, "expected a string, found %s", ts_json_type_name(v));
        }
    }
}

static const char *string_field(struct check *c, const cJSON *root, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);

    if (!v) {
        problem(c, root, NULL, key, "missing");
        return NULL;
    }
    if (!cJSON_IsString(v) || !v->valuestring) {
        problem(c, root, key, key, "expected a string, found %s", ts_json_type_name(v));
        return NULL;
    }
    return v->valuestring;
}

static int all_digits(const char *s, size_t n)
{
    if (strlen(s) != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

static void check_envelope(struct check *c, const cJSON *root)
{
    static const char *const partitions[] = {"aws", "aws-cn", "aws-us-gov", "aws-iso",
        "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc", NULL};
    const cJSON *acct = cJSON_GetObjectItemCaseSensitive(root, "account_id");
    const char *v;

    if ((v = string_field(c, root, "format")) && strcmp(v, TS_SNAPSHOT_FORMAT) != 0)
        problem(c, root, "format", "format", "unsupported format '%.64s' (this trailscan reads %s)",
                v, TS_SNAPSHOT_FORMAT);
    if (cJSON_IsNumber(acct))
        problem(c, root, "account_id", "account_id", "must be a string of 12 digits, not a"
                " number (quote it: numbers lose leading zeros)");
    else if ((v = string_field(c, root, "account_id")) && !all_digits(v, 12))
        problem(c, root, "account_id", "account_id", "'%.64s' is not 12 digits", v);
    else
        c->s->account_id = v;
    if ((v = string_field(c, root, "partition"))) {
        const char *const *p = partitions;
        while (*p && strcmp(*p, v))
            p++;
        if (!*p)
            problem(c, root, "partition", "partition", "unknown partition '%.64s'"
                    " (aws, aws-cn, aws-us-gov, ...)", v);
        else
            c->s->partition = v;
    }
    if ((v = string_field(c, root, "collected_at"))) {
        if (ts_timestamp_parse(v, &c->s->collected_epoch) < 0)
            problem(c, root, "collected_at", "collected_at", "'%.64s' is not an RFC 3339"
                    " timestamp (like 2026-11-25T12:00:00Z)", v);
        else
            c->s->collected_at = v;
    }
}

/* A member given twice is ambiguous (tools disagree on which counts), and
 * AWS never sends one: refuse it, wherever it is.  Nesting is bounded by
 * the scan's depth limit, so the recursion is too. */
static void check_duplicates(struct check *c, const cJSON *node)
{
    const cJSON *child;
    const char *dup;

    if (is_type(node, cJSON_Object) && (dup = ts_json_duplicate_key(node)) != NULL)
        problem(c, node, NULL, "(object)", "member '%.200s' appears more than once", dup);
    cJSON_ArrayForEach(child, node)
        if (is_type(child, cJSON_Object) || is_type(child, cJSON_Array))
            check_duplicates(c, child);
}

void ts_snapshot_check(struct ts_snapshot *s, struct ts_problems *problems)
{
    struct check c = {s, problems, 0, 0, {{0}}};
    const cJSON *root = s->root, *global, *collector;

    if (!cJSON_IsObject(root)) {
        ts_problems_add_at(problems, s->path, 1, 1, "expected a snapshot object at the top,"
                           " found %s", ts_json_type_name(root));
        return;
    }
    check_envelope(&c, root);
    ts_snapshot_check_org(s, problems);
    if ((collector = want(&c, root, "collector", "", 0))) {
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(collector, "name");
        if (n && !cJSON_IsString(n))
            problem(&c, collector, "name", "collector.name", "expected a string, found %s",
                    ts_json_type_name(n));
    }
    check_regions(&c, root);
    if ((global = want(&c, root, "global", "", 0)))
        check_services(&c, global, "global");
    check_errors(&c, root);
    check_duplicates(&c, root);
    if (c.more)
        ts_json_doc_more_problems(problems, s->path, c.more);
}

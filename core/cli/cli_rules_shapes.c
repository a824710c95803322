/* A fixture's snapshot fragment against the snapshot's shapes (botocore's
 * models, snapshot_shapes.c): a member an AWS answer never has is a typo
 * ("TrailArn" for "TrailARN") that would leave the rule looking at nil.
 * The snapshot loader checks the types; this checks the names, which it
 * must keep and ignore in real snapshots (AWS adds members). */
#include "cli/cli_rules_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "snapshot/snapshot_shapes.h"
#include "util/suggest.h"

#define MAX_NAMES 512

struct walk {
    const struct ts_json_doc *doc;
    struct ts_problems *problems;
    const char *op;               /* "cloudtrail DescribeTrails", for messages */
};

static void walk_value(struct walk *w, const cJSON *v, const struct ts_shape *sh);

/* The member of sh nearest name, or NULL. */
static const char *nearest_member(const struct ts_shape *sh, const char *name)
{
    const char *names[MAX_NAMES];
    size_t n = 0;

    for (const struct ts_shape_member *m = sh->members; m->name && n < MAX_NAMES; m++)
        names[n++] = m->name;
    return n ? ts_suggest(name, names, n) : NULL;
}

static void walk_structure(struct walk *w, const cJSON *obj, const struct ts_shape *sh)
{
    const cJSON *v;

    cJSON_ArrayForEach(v, obj) {
        const struct ts_shape_member *m = sh->members;
        while (m->name && strcmp(m->name, v->string))
            m++;
        if (m->name) {
            walk_value(w, v, m->shape);
            continue;
        }
        {
            const char *near = nearest_member(sh, v->string);
            ts_json_doc_problem(w->doc, w->problems, obj, v->string, "'%s' is not a member"
                                " of this object in %s's answer%s%s%s", v->string, w->op,
                                near ? " (did you mean '" : "", near ? near : "",
                                near ? "'?)" : " (botocore's model has no such member)");
        }
    }
}

static void walk_value(struct walk *w, const cJSON *v, const struct ts_shape *sh)
{
    const cJSON *item;

    if (sh->type == TS_SHAPE_STRUCTURE && cJSON_IsObject(v))
        walk_structure(w, v, sh);
    else if (sh->type == TS_SHAPE_LIST && cJSON_IsArray(v))
        cJSON_ArrayForEach(item, v)
            walk_value(w, item, sh->item);
    else if (sh->type == TS_SHAPE_MAP && cJSON_IsObject(v))
        cJSON_ArrayForEach(item, v)
            walk_value(w, item, sh->item);
}

/* The nearest of the known services (op NULL) or of service's operations. */
static const char *nearest_name(const char *service, const char *name)
{
    const char *names[MAX_NAMES];
    size_t n = 0;

    for (const struct ts_shape_operation *o = ts_shape_operations; o->service && n < MAX_NAMES;
         o++)
        if (!service)
            names[n++] = o->service;
        else if (!strcmp(o->service, service))
            names[n++] = o->operation;
    return n ? ts_suggest(name, names, n) : NULL;
}

static int service_known(const char *service)
{
    for (const struct ts_shape_operation *o = ts_shape_operations; o->service; o++)
        if (!strcmp(o->service, service))
            return 1;
    return 0;
}

static void walk_operation(struct walk *w, const cJSON *svc, const cJSON *op)
{
    const struct ts_shape_operation *spec = ts_shape_operations;
    const cJSON *entry;
    char label[256];

    while (spec->service && !(!strcmp(spec->service, svc->string)
                              && !strcmp(spec->operation, op->string)))
        spec++;
    if (!spec->service) {
        /* Unknown operations are kept in snapshots; in a fixture one that
         * is a letter from a known one is a typo. */
        const char *near = nearest_name(svc->string, op->string);
        if (near)
            ts_json_doc_problem(w->doc, w->problems, svc, op->string, "'%s' is not an"
                                " operation of %s the snapshot's shapes know (did you mean"
                                " '%s'?)", op->string, svc->string, near);
        return;
    }
    if (!cJSON_IsObject(op))
        return; /* the loader says what it should be */
    snprintf(label, sizeof(label), "%.100s %.100s", svc->string, op->string);
    w->op = label;
    if (!spec->keyed)
        walk_value(w, op, spec->output);
    else
        cJSON_ArrayForEach(entry, op)
            walk_value(w, entry, spec->output);
    w->op = NULL; /* label is this call's: never left behind in w */
}

static void walk_services(struct walk *w, const cJSON *services)
{
    const cJSON *svc, *op;

    cJSON_ArrayForEach(svc, services) {
        if (!cJSON_IsObject(svc))
            continue;
        if (!service_known(svc->string)) {
            const char *near = nearest_name(NULL, svc->string);
            if (near)
                ts_json_doc_problem(w->doc, w->problems, services, svc->string, "'%s' is not"
                                    " a service the snapshot's shapes know (did you mean"
                                    " '%s'?)", svc->string, near);
            continue;
        }
        cJSON_ArrayForEach(op, svc)
            walk_operation(w, svc, op);
    }
}

void cli_fixture_check_shapes(const struct ts_json_doc *doc, const cJSON *snap,
                              struct ts_problems *problems)
{
    struct walk w = {doc, problems, ""};
    const cJSON *regions = cJSON_GetObjectItemCaseSensitive(snap, "regions");
    const cJSON *global = cJSON_GetObjectItemCaseSensitive(snap, "global"), *r;

    if (cJSON_IsObject(regions))
        cJSON_ArrayForEach(r, regions)
            if (cJSON_IsObject(r))
                walk_services(&w, r);
    if (cJSON_IsObject(global))
        walk_services(&w, global);
}

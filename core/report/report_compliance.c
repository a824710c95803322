#include "report/report_compliance.h"

#include <stdlib.h>
#include <string.h>
#include "engine/results.h"

static const char *const status_names[TS_CONTROL_NSTATUS] = {
    "failed", "to review", "not assessed", "waived", "passed", "manual"};
static const char *const status_keys[TS_CONTROL_NSTATUS] = {
    "failed", "review", "not-assessed", "waived", "passed", "manual"};

const char *ts_control_status_name(enum ts_control_status s)
{
    return s < TS_CONTROL_NSTATUS ? status_names[s] : "?";
}

const char *ts_control_status_key(enum ts_control_status s)
{
    return s < TS_CONTROL_NSTATUS ? status_keys[s] : "?";
}

/* A resource's state for one control on one account, worst first. */
enum state { ST_FAIL, ST_REVIEW, ST_WAIVED, ST_PASS };

/* One result seen through one control: sorted, then folded so that a
 * resource two rules judged counts once. */
struct entry {
    size_t account, control;    /* control: index into the flat list */
    char *key;
    enum state state;
};

/* Every framework's controls in one list, to map rules to them. */
struct flat {
    struct ts_compliance_control **controls;
    size_t n;
    size_t **by_rule;           /* by_rule[rule]: flat indexes, SIZE_MAX-terminated */
};

static char *copy(const char *s)
{
    return s ? ts_xstrdup(s) : NULL;
}

static size_t find_section(const struct ts_compliance_framework *f, const char *id)
{
    for (size_t i = 0; i < f->nsections; i++)
        if (!strcmp(f->sections[i].id, id))
            return i;
    return SIZE_MAX;
}

/* Adds rule id to k's rules once. */
static void add_rule(struct ts_compliance_control *k, const struct ts_engine *e, const char *id)
{
    for (size_t j = 0; j < k->nrules; j++)
        if (!strcmp(k->rules[j], id))
            return;
    k->rules[k->nrules++] = ts_xstrdup(id);
    k->nloaded += ts_engine_find_rule(e, id) != SIZE_MAX;
}

/* A loaded rule maps itself to "framework<TAB>control" (a team's own rules,
 * --rules DIR): it judges that control too. */
static int maps_to(const struct ts_rule *r, const char *framework, const char *control)
{
    size_t n = strlen(framework);

    for (size_t i = 0; r->compliance && r->compliance[i]; i++)
        if (!strncmp(r->compliance[i], framework, n) && r->compliance[i][n] == '\t'
            && !strcmp(r->compliance[i] + n + 1, control))
            return 1;
    return 0;
}

static void copy_control(struct ts_compliance_control *k, const struct ts_catalogue_row *row,
                         const struct ts_engine *e, const char *framework, size_t naccounts)
{
    size_t n = 0, nrules = ts_engine_nrules(e);

    memset(k, 0, sizeof(*k));
    k->id = copy(row->control);
    k->title = copy(row->title);
    k->note = copy(row->status);
    while (row->rules[n])
        n++;
    k->rules = ts_xmalloc((n + nrules + 1) * sizeof(*k->rules));
    for (size_t i = 0; i < n; i++)
        add_rule(k, e, row->rules[i]);
    for (size_t i = 0; i < nrules; i++)
        if (maps_to(ts_engine_rule(e, i), framework, row->control))
            add_rule(k, e, ts_engine_rule(e, i)->id);
    k->rules[k->nrules] = NULL;
    k->cells = ts_xmalloc((naccounts + 1) * sizeof(*k->cells));
    memset(k->cells, 0, (naccounts + 1) * sizeof(*k->cells));
}

/* The catalogue's rows grouped by section, sections in the order they
 * first appear, rows in catalogue order within each. */
static void copy_framework(struct ts_compliance_framework *f, const struct ts_catalogue *cat,
                           const struct ts_engine *e, size_t naccounts)
{
    size_t *section_of = ts_xmalloc((cat->nrows + 1) * sizeof(*section_of)), at = 0;

    memset(f, 0, sizeof(*f));
    f->id = copy(cat->id);
    f->title = copy(cat->title ? cat->title : cat->id);
    f->scope = copy(cat->scope);
    f->source = copy(cat->source);
    f->sections = ts_xmalloc((cat->nrows + 1) * sizeof(*f->sections));
    f->controls = ts_xmalloc((cat->nrows + 1) * sizeof(*f->controls));
    for (size_t i = 0; i < cat->nrows; i++) {
        size_t s = find_section(f, cat->rows[i].section);
        if (s == SIZE_MAX) {
            s = f->nsections++;
            memset(&f->sections[s], 0, sizeof(f->sections[s]));
            f->sections[s].id = ts_xstrdup(cat->rows[i].section);
            f->sections[s].title = ts_xstrdup(cat->rows[i].section_title);
        }
        section_of[i] = s;
        f->sections[s].count++;
    }
    for (size_t s = 0; s < f->nsections; s++) {
        f->sections[s].first = at;
        for (size_t i = 0; i < cat->nrows; i++)
            if (section_of[i] == s) {
                copy_control(&f->controls[at], &cat->rows[i], e, f->id, naccounts);
                f->controls[at++].section = s;
            }
    }
    f->ncontrols = at;
    free(section_of);
}

static void push_index(size_t **list, size_t v)
{
    size_t n = 0;

    while (*list && (*list)[n] != SIZE_MAX)
        n++;
    *list = ts_xrealloc(*list, (n + 2) * sizeof(**list));
    (*list)[n] = v;
    (*list)[n + 1] = SIZE_MAX;
}

static void flatten(struct flat *fl, struct ts_compliance *c, const struct ts_engine *e)
{
    size_t nrules = ts_engine_nrules(e), total = 0;

    for (size_t i = 0; i < c->nframeworks; i++)
        total += c->frameworks[i].ncontrols;
    fl->controls = ts_xmalloc((total + 1) * sizeof(*fl->controls));
    fl->by_rule = ts_xmalloc((nrules + 1) * sizeof(*fl->by_rule));
    memset(fl->by_rule, 0, (nrules + 1) * sizeof(*fl->by_rule));
    fl->n = 0;
    for (size_t i = 0; i < c->nframeworks; i++)
        for (size_t k = 0; k < c->frameworks[i].ncontrols; k++) {
            struct ts_compliance_control *ctl = &c->frameworks[i].controls[k];
            for (size_t r = 0; r < ctl->nrules; r++) {
                size_t idx = ts_engine_find_rule(e, ctl->rules[r]);
                if (idx != SIZE_MAX)
                    push_index(&fl->by_rule[idx], fl->n);
            }
            fl->controls[fl->n++] = ctl;
        }
}

static void flat_release(struct flat *fl, size_t nrules)
{
    for (size_t i = 0; i < nrules; i++)
        free(fl->by_rule[i]);
    free(fl->by_rule);
    free(fl->controls);
}

static enum state state_of(const struct ts_result *r)
{
    if (r->verdict == TS_PASS)
        return ST_PASS;
    if (r->waiver)
        return ST_WAIVED;
    return r->verdict == TS_FAIL ? ST_FAIL : ST_REVIEW;
}

/* What identifies a resource across rules: its ARN, else its region. */
static char *resource_key(const struct ts_result *r)
{
    if (r->resource && *r->resource)
        return ts_xstrdup(r->resource);
    return ts_xstrdup(r->region ? r->region : "");
}

static int cmp_entry(const void *pa, const void *pb)
{
    const struct entry *a = pa, *b = pb;
    int k;

    if (a->account != b->account)
        return a->account < b->account ? -1 : 1;
    if (a->control != b->control)
        return a->control < b->control ? -1 : 1;
    if ((k = strcmp(a->key, b->key)) != 0)
        return k;
    return (int)a->state - (int)b->state;
}

/* Every result of a mapped rule, once per control it judges. */
static struct entry *collect(const struct ts_engine *e, const struct flat *fl, size_t *n)
{
    struct ts_results_iter it;
    const struct ts_result *r;
    struct entry *out = NULL;
    size_t alloc = 0;

    *n = 0;
    ts_results_begin(&it, e);
    while ((r = ts_results_next(&it))) {
        const size_t *ctl = r->rule < ts_engine_nrules(e) ? fl->by_rule[r->rule] : NULL;
        for (size_t i = 0; ctl && ctl[i] != SIZE_MAX; i++) {
            if (*n == alloc) {
                alloc = alloc ? 2 * alloc : 64;
                out = ts_xrealloc(out, alloc * sizeof(*out));
            }
            out[(*n)++] = (struct entry){r->snapshot, ctl[i], resource_key(r), state_of(r)};
        }
    }
    ts_results_end(&it);
    return out;
}

/* Sorted entries: the first of each (account, control, resource) run is
 * the resource's worst state. */
static void fold(const struct flat *fl, struct entry *en, size_t n, size_t naccounts)
{
    for (size_t i = 0; i < n; i++) {
        struct ts_compliance_cell *cell;
        if (i > 0 && en[i].account == en[i - 1].account && en[i].control == en[i - 1].control
            && !strcmp(en[i].key, en[i - 1].key))
            continue;
        if (en[i].account >= naccounts)
            continue;
        cell = &fl->controls[en[i].control]->cells[en[i].account];
        cell->failed += en[i].state == ST_FAIL;
        cell->review += en[i].state == ST_REVIEW;
        cell->waived += en[i].state == ST_WAIVED;
        cell->passed += en[i].state == ST_PASS;
    }
}

static int all_judged(const struct ts_engine *e, const struct ts_compliance_control *k,
                      size_t account)
{
    if (k->nrules == 0)
        return 0;
    for (size_t r = 0; r < k->nrules; r++)
        if (!ts_engine_judged(e, k->rules[r], account))
            return 0;
    return 1;
}

/* A control with no rule: manual when the catalogue says people judge it,
 * its status starting "manual" (手動確認 in Japanese: compliance_catalogue.lua). */
static int is_manual(const struct ts_compliance_control *k)
{
    static const char ja[] = "手動確認";

    return k->nrules == 0 && k->note
           && (!strncmp(k->note, "manual", 6) || !strncmp(k->note, ja, sizeof(ja) - 1));
}

static enum ts_control_status cell_status(const struct ts_engine *e,
                                          const struct ts_compliance_control *k,
                                          const struct ts_compliance_cell *cell, size_t account)
{
    if (is_manual(k))
        return TS_CONTROL_MANUAL;
    if (cell->failed)
        return TS_CONTROL_FAILED;
    if (cell->review)
        return TS_CONTROL_REVIEW;
    if (!all_judged(e, k, account))
        return TS_CONTROL_NOT_ASSESSED;
    return cell->waived ? TS_CONTROL_WAIVED : TS_CONTROL_PASSED;
}

static void finish_control(const struct ts_engine *e, struct ts_compliance_control *k,
                           size_t naccounts)
{
    k->status = is_manual(k) ? TS_CONTROL_MANUAL : TS_CONTROL_NOT_ASSESSED;
    for (size_t a = 0; a < naccounts; a++) {
        struct ts_compliance_cell *cell = &k->cells[a];
        cell->status = cell_status(e, k, cell, a);
        k->accounts[cell->status]++;
        k->failed += cell->failed;
        k->review += cell->review;
        k->waived += cell->waived;
        k->passed += cell->passed;
        if (a == 0 || cell->status < k->status)
            k->status = cell->status;
    }
}

static void finish_framework(const struct ts_engine *e, struct ts_compliance_framework *f,
                             size_t naccounts)
{
    for (size_t i = 0; i < f->ncontrols; i++) {
        struct ts_compliance_control *k = &f->controls[i];
        finish_control(e, k, naccounts);
        f->sections[k->section].by_status[k->status]++;
        f->by_status[k->status]++;
    }
}

void ts_compliance_build(struct ts_compliance *c, const struct ts_engine *e,
                         const struct ts_catalogue *catalogues, size_t ncatalogues)
{
    struct flat fl;
    struct entry *en;
    size_t n;

    memset(c, 0, sizeof(*c));
    c->naccounts = ts_engine_naccounts(e);
    c->frameworks = ts_xmalloc((ncatalogues + 1) * sizeof(*c->frameworks));
    for (size_t i = 0; i < ncatalogues; i++)
        copy_framework(&c->frameworks[c->nframeworks++], &catalogues[i], e, c->naccounts);
    flatten(&fl, c, e);
    en = collect(e, &fl, &n);
    if (n)
        qsort(en, n, sizeof(*en), cmp_entry);
    fold(&fl, en, n, c->naccounts);
    for (size_t i = 0; i < n; i++)
        free(en[i].key);
    free(en);
    flat_release(&fl, ts_engine_nrules(e));
    for (size_t i = 0; i < c->nframeworks; i++)
        finish_framework(e, &c->frameworks[i], c->naccounts);
}

static void release_control(struct ts_compliance_control *k)
{
    free(k->id);
    free(k->title);
    free(k->note);
    for (size_t r = 0; r < k->nrules; r++)
        free(k->rules[r]);
    free(k->rules);
    free(k->cells);
}

void ts_compliance_release(struct ts_compliance *c)
{
    for (size_t i = 0; i < c->nframeworks; i++) {
        struct ts_compliance_framework *f = &c->frameworks[i];
        for (size_t k = 0; k < f->ncontrols; k++)
            release_control(&f->controls[k]);
        for (size_t s = 0; s < f->nsections; s++) {
            free(f->sections[s].id);
            free(f->sections[s].title);
        }
        free(f->controls);
        free(f->sections);
        free(f->id);
        free(f->title);
        free(f->scope);
        free(f->source);
    }
    free(c->frameworks);
    memset(c, 0, sizeof(*c));
}

void ts_compliance_section_score(const struct ts_compliance_section *s, size_t *passed,
                                 size_t *assessed)
{
    *passed = s->by_status[TS_CONTROL_PASSED] + s->by_status[TS_CONTROL_WAIVED];
    *assessed = *passed + s->by_status[TS_CONTROL_FAILED] + s->by_status[TS_CONTROL_REVIEW];
}

static void section_score_en(FILE *out, const struct ts_compliance_section *x)
{
    size_t passed, assessed;

    ts_compliance_section_score(x, &passed, &assessed);
    fprintf(out, "%zu of %zu assessed controls passed", passed, assessed);
    for (int st = 0; st < TS_CONTROL_NSTATUS; st++)
        if (x->by_status[st] && st != TS_CONTROL_PASSED)
            fprintf(out, ", %zu %s", x->by_status[st], ts_control_status_name(st));
}

static void section_score_ja(FILE *out, const struct ts_compliance_section *x)
{
    size_t passed, assessed, na = x->by_status[TS_CONTROL_NOT_ASSESSED],
                                 manual = x->by_status[TS_CONTROL_MANUAL];

    ts_compliance_section_score(x, &passed, &assessed);
    if (!assessed) { /* "評価したコントロールはありません (手動確認 1 件)" */
        fputs("評価したコントロールはありません", out);
        if (na && manual)
            fprintf(out, " (未評価 %zu 件、手動確認 %zu 件)", na, manual);
        else if (na || manual)
            fprintf(out, " (%s %zu 件)", na ? "未評価" : "手動確認", na ? na : manual);
        return;
    }
    fprintf(out, "評価した %zu コントロールのうち %zu 件が合格", assessed, passed);
    if (x->by_status[TS_CONTROL_WAIVED])
        fprintf(out, " (うち免除 %zu 件)", x->by_status[TS_CONTROL_WAIVED]);
    if (x->by_status[TS_CONTROL_FAILED])
        fprintf(out, "、%zu 件が不合格", x->by_status[TS_CONTROL_FAILED]);
    if (x->by_status[TS_CONTROL_REVIEW])
        fprintf(out, "、%zu 件が要確認", x->by_status[TS_CONTROL_REVIEW]);
    if (na)
        fprintf(out, "、未評価 %zu 件", na);
    if (manual)
        fprintf(out, "、手動確認 %zu 件", manual);
}

void ts_compliance_section_score_put(FILE *out, enum ts_lang lang,
                                     const struct ts_compliance_section *x)
{
    if (lang == TS_LANG_JA)
        section_score_ja(out, x);
    else
        section_score_en(out, x);
}

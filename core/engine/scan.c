#include "engine/scan.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>
#include "engine/rule_compliance.h"
#include "engine/rule_org.h"
#include "snapshot/org_index.h"
#include "snapshot/snapshot_load.h"
#include "snapshot/snapshot_set.h"

int ts_scan_load_all(struct ts_engine *e, const struct ts_scan_plan *plan,
                     struct ts_problems *problems)
{
    const char *builtin = plan->builtin ? ts_engine_builtin_dir() : NULL;
    size_t own;
    int ret = 0;

    ts_engine_set_lang(e, plan->lang); /* workers too: before their rules load */
    if (plan->builtin && !builtin) {
        ts_problems_add(problems, "%s", ts_engine_builtin_problem());
        ret = -1;
    } else if (builtin && ts_engine_load_dir(e, builtin, problems) < 0)
        ret = -1;
    own = ts_engine_nrules(e);
    for (size_t i = 0; i < plan->nrule_dirs; i++)
        if (ts_engine_load_dir(e, plan->rule_dirs[i], problems) < 0)
            ret = -1;
    /* The rules of --rules only: the built-in ones' ids come from
     * lib/compliance.lua, which tests/rules/compliance checks. */
    for (size_t i = own; i < ts_engine_nrules(e); i++)
        if (ts_rule_compliance_check(e, ts_engine_rule(e, i), problems) < 0)
            ret = -1;
    return ret;
}

int ts_scan_choose(struct ts_engine *e, const char *only, const char *skip,
                   struct ts_problems *problems)
{
    if (ts_engine_select(e, only, skip, problems) < 0)
        return -1;
    if (ts_engine_nrules(e) == 0 && ts_engine_nfailures(e) == 0) {
        ts_problems_add(problems, "no rules to run");
        return -1;
    }
    return 0;
}

int ts_scan_load_rules(struct ts_engine *e, const struct ts_scan_plan *plan,
                       struct ts_problems *problems)
{
    if (ts_scan_load_all(e, plan, problems) < 0)
        return -1;
    return ts_scan_choose(e, plan->only, plan->skip, problems);
}

unsigned ts_scan_default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}

/* ---- serial -------------------------------------------------------------- */

/* Loads file, checked against its organisation's manifest if any. */
static int load(struct ts_snapshot *s, const struct ts_scan_plan *plan, const char *file,
                struct ts_problems *problems)
{
    if (ts_snapshot_load(s, file, problems) < 0
        || (plan->orgs && ts_orgs_claim(plan->orgs, s, problems) < 0))
        return -1;
    ts_snapshot_drop_text(s, plan->want_hashes); /* rules need only the tree */
    return 0;
}

static enum ts_exit scan_serial(struct ts_engine *e, const struct ts_scan_plan *plan,
                                const struct ts_strlist *files, const struct ts_org_index *org,
                                struct ts_problems *problems)
{
    struct ts_accounts seen;
    enum ts_exit status = TS_EXIT_OK;
    struct ts_org_view *view = org ? ts_org_view_new(org) : NULL;

    ts_rule_org_set(ts_engine_lua(e), view);
    ts_accounts_init(&seen);
    for (size_t i = 0; i < files->count; i++) {
        struct ts_snapshot s;
        ts_snapshot_init(&s);
        if (load(&s, plan, files->items[i], problems) < 0
            || ts_accounts_claim(&seen, s.account_id, s.path, problems) < 0)
            status = TS_EXIT_INPUT;
        else
            ts_engine_run(e, &s);
        ts_snapshot_release(&s);
    }
    ts_accounts_release(&seen);
    ts_rule_org_set(ts_engine_lua(e), NULL);
    ts_org_view_free(view);
    return status;
}

/* ---- parallel ------------------------------------------------------------ */

/* What became of one input file. */
struct slot {
    struct ts_problems problems;
    char *account_id;          /* NULL if it did not load */
    size_t worker, account;    /* where its results are */
};

struct worker {
    pthread_t thread;
    struct ts_engine *e;
    struct shared *shared;
    size_t index;
    int ok;
};

struct shared {
    const struct ts_scan_plan *plan;
    const struct ts_strlist *files;
    const struct ts_org_index *org; /* or NULL */
    struct slot *slots;
    size_t next;
    pthread_mutex_t lock;
};

static size_t take(struct shared *sh)
{
    size_t i;

    pthread_mutex_lock(&sh->lock);
    i = sh->next++;
    pthread_mutex_unlock(&sh->lock);
    return i;
}

static void *work(void *arg)
{
    struct worker *w = arg;
    struct shared *sh = w->shared;
    struct ts_org_view *view = sh->org ? ts_org_view_new(sh->org) : NULL;
    size_t i;

    ts_rule_org_set(ts_engine_lua(w->e), view);
    while ((i = take(sh)) < sh->files->count) {
        struct slot *slot = &sh->slots[i];
        struct ts_snapshot s;
        ts_snapshot_init(&s);
        if (load(&s, sh->plan, sh->files->items[i], &slot->problems) == 0) {
            slot->account_id = ts_xstrdup(s.account_id);
            slot->worker = w->index;
            slot->account = ts_engine_naccounts(w->e);
            ts_engine_run(w->e, &s);
        }
        ts_snapshot_release(&s);
    }
    ts_rule_org_set(ts_engine_lua(w->e), NULL);
    ts_org_view_free(view);
    return NULL;
}

/* Starts the workers; returns how many run (the queue is shared, so any
 * number of them finishes every file). */
static unsigned start_workers(struct worker *ws, unsigned n, struct shared *sh,
                              struct ts_engine *e)
{
    unsigned running = 0;

    for (unsigned k = 0; k < n; k++) {
        struct ts_problems ignored;
        ws[k].shared = sh;
        ws[k].index = k;
        ts_problems_init(&ignored);
        /* The same rules in the same order (a rule file may have changed
         * since e loaded them): indexes agree with e's, or it does not run. */
        ws[k].e = ts_engine_new(&sh->plan->limits);
        ws[k].ok = ws[k].e && ts_scan_load_rules(ws[k].e, sh->plan, &ignored) == 0
                   && ts_engine_same_rules(ws[k].e, e)
                   && (!sh->plan->prepare
                       || sh->plan->prepare(ws[k].e, sh->plan->prepare_ctx) == 0);
        if (ws[k].e)
            ts_engine_share(ws[k].e, e);
        ts_problems_release(&ignored);
        if (ws[k].ok && pthread_create(&ws[k].thread, NULL, work, &ws[k]) != 0)
            ws[k].ok = 0;
        running += ws[k].ok;
    }
    return running;
}

static enum ts_exit scan_parallel(struct ts_engine *e, const struct ts_scan_plan *plan,
                                  const struct ts_strlist *files, const struct ts_org_index *org,
                                  struct ts_problems *problems)
{
    unsigned n = plan->jobs < files->count ? plan->jobs : (unsigned)files->count;
    struct worker *ws = calloc(n, sizeof(*ws));
    struct shared sh = {plan, files, org, calloc(files->count, sizeof(struct slot)), 0,
                        PTHREAD_MUTEX_INITIALIZER};
    size_t *cursors = calloc(n, sizeof(size_t));
    struct ts_accounts seen;
    enum ts_exit status = TS_EXIT_OK;
    unsigned running;

    if (!ws || !sh.slots || !cursors) {
        free(ws);
        free(sh.slots);
        free(cursors);
        return scan_serial(e, plan, files, org, problems);
    }
    for (size_t i = 0; i < files->count; i++)
        ts_problems_init(&sh.slots[i].problems);
    running = start_workers(ws, n, &sh, e);
    for (unsigned k = 0; k < n; k++)
        if (ws[k].ok)
            pthread_join(ws[k].thread, NULL);
    ts_accounts_init(&seen);
    for (size_t i = 0; i < files->count && running > 0; i++) {
        struct slot *slot = &sh.slots[i];
        for (size_t p = 0; p < slot->problems.count; p++)
            ts_problems_add_copy(problems, &slot->problems, p);
        if (!slot->account_id
            || ts_accounts_claim(&seen, slot->account_id, files->items[i], problems) < 0)
            status = TS_EXIT_INPUT;
        else
            ts_engine_take_worker_account(e, ws[slot->worker].e, slot->account,
                                          &cursors[slot->worker]);
    }
    for (size_t i = 0; i < files->count; i++) {
        ts_problems_release(&sh.slots[i].problems);
        free(sh.slots[i].account_id);
    }
    for (unsigned k = 0; k < n; k++) {
        if (ws[k].e)
            ts_engine_take_worker_rest(e, ws[k].e);
        ts_engine_free(ws[k].e);
    }
    ts_accounts_release(&seen);
    free(sh.slots);
    free(ws);
    free(cursors);
    /* No thread could start (out of memory or threads): do it here. */
    return running > 0 ? status : scan_serial(e, plan, files, org, problems);
}

/* With several snapshots, rules may read what another account's says
 * (engine/rule_org.h): the index of which file holds which account and
 * bucket is made first, the same for every worker. */
enum ts_exit ts_scan_files(struct ts_engine *e, const struct ts_scan_plan *plan,
                           const struct ts_strlist *files, struct ts_problems *problems)
{
    struct ts_org_index org;
    enum ts_exit status;

    ts_org_index_init(&org);
    if (files->count > 1)
        ts_org_index_build(&org, files);
    if (plan->jobs <= 1 || files->count <= 1)
        status = scan_serial(e, plan, files, files->count > 1 ? &org : NULL, problems);
    else
        status = scan_parallel(e, plan, files, &org, problems);
    ts_org_index_release(&org);
    return status;
}

#include "engine/scan.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "engine/rule_compliance.h"
#include "engine/results.h"
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

/* A lookup in org's index that could not read its temporary file told a
 * rule the account or bucket owner was not in the scan (nothing else can
 * be told a rule): its results may be wrong, so the scan says so and fails
 * as for a bad input. */
static enum ts_exit org_lost(const struct ts_org_index *org, struct ts_problems *problems)
{
    int e = ts_org_index_error(org);

    if (!e)
        return TS_EXIT_OK;
    ts_problems_add(problems, "the organisation's index could not be read back from its"
                    " temporary file: %s (a rule may have been told an account is not in"
                    " this scan)", strerror(e));
    return TS_EXIT_INPUT;
}

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

/* ---- parallel ------------------------------------------------------------
 * The caller's engine, its rules loaded, is worker 0 and runs in this
 * thread.  The other workers start with ts_scan_start, before the caller
 * loads its rules: they load theirs meanwhile (all of them: which ones run
 * is chosen once the caller has), and every thread skims files for the
 * organisation's index until none is left (the one that skims the last
 * merges them).  Once the caller's engine is ready ("go"), each worker
 * keeps the rules it chose, and all take files from one queue.  The
 * results are taken over in file order after the join. */

/* What became of one input file. */
struct slot {
    struct ts_problems problems;
    int loaded;                /* else it did not load */
    size_t worker, account;    /* where it is, with its results */
};

struct worker {
    pthread_t thread;
    struct ts_engine *e;       /* worker 0: the caller's */
    struct shared *shared;
    size_t index;
    int started, ok;
};

struct shared {
    const struct ts_scan_plan *plan;
    const struct ts_strlist *files;
    struct ts_org_index org;
    struct ts_org_index_part *parts;
    size_t next_part, parts_done;
    int org_ready;
    pthread_cond_t org_built;
    /* Set at go: the caller's engine (NULL until then), or stop. */
    struct ts_engine *main;
    int go, stop;
    pthread_cond_t went;
    struct slot *slots;
    size_t next;
    pthread_mutex_t lock;
};

struct ts_scan_early {
    struct shared sh;
    struct worker *ws;         /* ws[0] is the caller's */
    unsigned n;
    int taken;                 /* by ts_scan_files */
};

/* Skims files for the index until none is left, then waits until the
 * index is whole; the thread that skims the last file merges them. */
static void build_org(struct shared *sh)
{
    size_t n = sh->files->count, i;

    pthread_mutex_lock(&sh->lock);
    while ((i = sh->next_part) < n) {
        sh->next_part++;
        pthread_mutex_unlock(&sh->lock);
        ts_org_index_skim(&sh->parts[i], sh->files->items[i]);
        pthread_mutex_lock(&sh->lock);
        if (++sh->parts_done == n) {
            pthread_mutex_unlock(&sh->lock);
            ts_org_index_merge(&sh->org, sh->files, sh->parts);
            pthread_mutex_lock(&sh->lock);
            sh->org_ready = 1;
            pthread_cond_broadcast(&sh->org_built);
        }
    }
    while (!sh->org_ready)
        pthread_cond_wait(&sh->org_built, &sh->lock);
    pthread_mutex_unlock(&sh->lock);
}

static size_t take(struct shared *sh)
{
    size_t i;

    pthread_mutex_lock(&sh->lock);
    i = sh->next++;
    pthread_mutex_unlock(&sh->lock);
    return i;
}

/* Runs files from the queue on w's engine until none is left; an account
 * is the engine's from base on. */
static void run_queue(struct worker *w, size_t base)
{
    struct shared *sh = w->shared;
    struct ts_org_view *view = ts_org_view_new(&sh->org);
    size_t i;

    ts_rule_org_set(ts_engine_lua(w->e), view);
    while ((i = take(sh)) < sh->files->count) {
        struct slot *slot = &sh->slots[i];
        struct ts_snapshot s;
        ts_snapshot_init(&s);
        if (load(&s, sh->plan, sh->files->items[i], &slot->problems) == 0) {
            slot->loaded = 1;
            slot->worker = w->index;
            slot->account = ts_engine_naccounts(w->e) - base;
            ts_engine_run(w->e, &s);
        }
        ts_snapshot_release(&s);
    }
    ts_rule_org_set(ts_engine_lua(w->e), NULL);
    ts_org_view_free(view);
}

/* Waits for go; 0 if told to stop instead. */
static int wait_go(struct shared *sh)
{
    int go;

    pthread_mutex_lock(&sh->lock);
    while (!sh->go && !sh->stop)
        pthread_cond_wait(&sh->went, &sh->lock);
    go = sh->go;
    pthread_mutex_unlock(&sh->lock);
    return go;
}

/* A worker's engine, once the caller's is ready: the rules the caller
 * chose, the same ones in the same order (a rule file may have changed
 * since it loaded them), so that indexes agree, else it does not run. */
static int ready_engine(struct worker *w, int loaded)
{
    const struct ts_scan_plan *plan = w->shared->plan;
    struct ts_problems ignored;
    int ok;

    ts_problems_init(&ignored);
    ok = loaded && ts_scan_choose(w->e, plan->only, plan->skip, &ignored) == 0
         && ts_engine_same_rules(w->e, w->shared->main)
         && (!plan->prepare || plan->prepare(w->e, plan->prepare_ctx) == 0);
    ts_engine_share(w->e, w->shared->main);
    ts_problems_release(&ignored);
    return ok;
}

static void *work(void *arg)
{
    struct worker *w = arg;
    struct shared *sh = w->shared;
    struct ts_problems ignored;
    int loaded;

    ts_problems_init(&ignored);
    w->e = ts_engine_new(&sh->plan->limits);
    loaded = w->e && ts_scan_load_all(w->e, sh->plan, &ignored) == 0;
    ts_problems_release(&ignored);
    build_org(sh);
    if (wait_go(sh) && w->e && (w->ok = ready_engine(w, loaded)))
        run_queue(w, 0);
    return NULL;
}

struct ts_scan_early *ts_scan_start(const struct ts_scan_plan *plan,
                                    const struct ts_strlist *files)
{
    unsigned n = plan->jobs < files->count ? plan->jobs : (unsigned)files->count;
    struct ts_scan_early *x;
    struct shared *sh;

    if (plan->jobs <= 1 || files->count <= 1)
        return NULL;
    x = ts_xmalloc(sizeof(*x));
    memset(x, 0, sizeof(*x));
    x->n = n;
    x->ws = ts_xmalloc(n * sizeof(*x->ws));
    memset(x->ws, 0, n * sizeof(*x->ws));
    sh = &x->sh;
    sh->plan = plan;
    sh->files = files;
    ts_org_index_init(&sh->org);
    sh->parts = ts_xmalloc(files->count * sizeof(*sh->parts));
    sh->slots = ts_xmalloc(files->count * sizeof(*sh->slots));
    memset(sh->slots, 0, files->count * sizeof(*sh->slots));
    for (size_t i = 0; i < files->count; i++)
        ts_problems_init(&sh->slots[i].problems);
    pthread_mutex_init(&sh->lock, NULL);
    pthread_cond_init(&sh->org_built, NULL);
    pthread_cond_init(&sh->went, NULL);
    /* A thread that does not start leaves its share to the others: the
     * queue is shared, and the caller's thread is a worker too. */
    for (unsigned k = 1; k < n; k++) {
        x->ws[k].shared = sh;
        x->ws[k].index = k;
        x->ws[k].started = pthread_create(&x->ws[k].thread, NULL, work, &x->ws[k]) == 0;
    }
    return x;
}

/* Tells the workers to go (e, its rules loaded and chosen, is ready) or
 * to stop (e NULL). */
static void signal_workers(struct shared *sh, struct ts_engine *e)
{
    pthread_mutex_lock(&sh->lock);
    sh->main = e;
    sh->go = e != NULL;
    sh->stop = e == NULL;
    pthread_cond_broadcast(&sh->went);
    pthread_mutex_unlock(&sh->lock);
}

static void join_workers(struct ts_scan_early *x)
{
    for (unsigned k = 1; k < x->n; k++)
        if (x->ws[k].started)
            pthread_join(x->ws[k].thread, NULL);
    for (unsigned k = 1; k < x->n; k++)
        x->ws[k].started = 0;
}

void ts_scan_early_free(struct ts_scan_early *x)
{
    struct shared *sh;

    if (!x)
        return;
    sh = &x->sh;
    if (!x->taken) {
        signal_workers(sh, NULL);
        join_workers(x);
        for (unsigned k = 1; k < x->n; k++)
            ts_engine_free(x->ws[k].e);
    }
    for (size_t i = 0; i < sh->files->count; i++)
        ts_problems_release(&sh->slots[i].problems);
    ts_org_index_release(&sh->org);
    pthread_cond_destroy(&sh->went);
    pthread_cond_destroy(&sh->org_built);
    pthread_mutex_destroy(&sh->lock);
    free(sh->parts);
    free(sh->slots);
    free(x->ws);
    free(x);
}

/* Claims account a of worker w for file: 1, or 0 if an earlier file had
 * its id (said in problems).  Its id comes from its record (account_store.h):
 * not one more copy per account for the whole scan.  When a log could not
 * be read back (w's, or e's, where worker 0's accounts are), ids read
 * empty: no claim is made then (the scan fails on that error, and no
 * duplicate would be true). */
static int claim(struct ts_accounts *seen, struct ts_engine *e, struct ts_engine *w, size_t a,
                 const char *file, struct ts_problems *problems)
{
    const char *id = ts_engine_account(w, a)->account_id;

    return ts_results_error(w) || ts_results_error(e)
           || ts_accounts_claim(seen, id, file, problems) == 0;
}

/* Takes every file's account over into e in file order, worker 0's
 * (those of e from base on) included; returns TS_EXIT_INPUT if a file did
 * not load or repeats an account. */
static enum ts_exit take_over(struct ts_engine *e, size_t base, struct worker *ws, unsigned n,
                              struct shared *sh, struct ts_problems *problems)
{
    struct ts_engine *own = ts_engine_split(e, base);
    size_t *cursors = ts_xmalloc(n * sizeof(size_t));
    struct ts_accounts seen;
    enum ts_exit status = TS_EXIT_OK;

    memset(cursors, 0, n * sizeof(size_t));
    ws[0].e = own;
    ts_accounts_init(&seen);
    for (size_t i = 0; i < sh->files->count; i++) {
        struct slot *slot = &sh->slots[i];
        for (size_t p = 0; p < slot->problems.count; p++)
            ts_problems_add_copy(problems, &slot->problems, p);
        if (!slot->loaded || !claim(&seen, e, ws[slot->worker].e, slot->account,
                                    sh->files->items[i], problems))
            status = TS_EXIT_INPUT;
        else
            ts_engine_take_worker_account(e, ws[slot->worker].e, slot->account,
                                          &cursors[slot->worker]);
    }
    for (unsigned k = 0; k < n; k++) {
        if (ws[k].e)
            ts_engine_take_worker_rest(e, ws[k].e);
        ts_engine_free(ws[k].e);
        ws[k].e = NULL;
    }
    ts_accounts_release(&seen);
    free(cursors);
    return status;
}

static enum ts_exit scan_parallel(struct ts_engine *e, struct ts_scan_early *x,
                                  struct ts_problems *problems)
{
    struct shared *sh = &x->sh;
    size_t base = ts_engine_naccounts(e);
    enum ts_exit status;

    x->taken = 1;
    signal_workers(sh, e);
    x->ws[0] = (struct worker){.e = e, .shared = sh, .index = 0, .ok = 1};
    build_org(sh);
    run_queue(&x->ws[0], base);
    join_workers(x);
    status = take_over(e, base, x->ws, x->n, sh, problems);
    return ts_exit_worst(status, org_lost(&sh->org, problems));
}

/* With several snapshots, rules may read what another account's says
 * (engine/rule_org.h): the index of which file holds which account and
 * bucket is made first, the same for every worker. */
enum ts_exit ts_scan_files(struct ts_engine *e, const struct ts_scan_plan *plan,
                           const struct ts_strlist *files, struct ts_problems *problems)
{
    struct ts_scan_early *x = plan->early;
    struct ts_org_index org;
    enum ts_exit status;

    /* What was started for this plan and these files, else started now. */
    if (x && (x->taken || x->sh.plan != plan || x->sh.files != files))
        x = NULL;
    if (x)
        return scan_parallel(e, x, problems);
    if ((x = ts_scan_start(plan, files)) != NULL) {
        status = scan_parallel(e, x, problems);
        ts_scan_early_free(x);
        return status;
    }
    ts_org_index_init(&org);
    if (files->count > 1)
        ts_org_index_build(&org, files);
    status = scan_serial(e, plan, files, files->count > 1 ? &org : NULL, problems);
    status = ts_exit_worst(status, org_lost(&org, problems));
    ts_org_index_release(&org);
    return status;
}

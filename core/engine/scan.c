#include "engine/scan.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "snapshot/snapshot_load.h"
#include "snapshot/snapshot_set.h"

int ts_scan_load_all(struct ts_engine *e, const struct ts_scan_plan *plan,
                     struct ts_problems *problems)
{
    int ret = 0;

    if (plan->builtin && ts_engine_load_dir(e, ts_engine_builtin_dir(), problems) < 0)
        ret = -1;
    for (size_t i = 0; i < plan->nrule_dirs; i++)
        if (ts_engine_load_dir(e, plan->rule_dirs[i], problems) < 0)
            ret = -1;
    return ret;
}

int ts_scan_choose(struct ts_engine *e, const char *only, const char *skip,
                   struct ts_problems *problems)
{
    if (ts_engine_select(e, only, skip, problems) < 0)
        return -1;
    if (e->nrules == 0 && e->nfailures == 0) {
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
    if (ts_snapshot_load(s, file, problems) < 0)
        return -1;
    return plan->orgs ? ts_orgs_claim(plan->orgs, s, problems) : 0;
}

static enum ts_exit scan_serial(struct ts_engine *e, const struct ts_scan_plan *plan,
                                const struct ts_strlist *files, struct ts_problems *problems)
{
    struct ts_accounts seen;
    enum ts_exit status = TS_EXIT_OK;

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
    struct ts_engine e;
    struct shared *shared;
    size_t index;
    int ok;
};

struct shared {
    const struct ts_scan_plan *plan;
    const struct ts_strlist *files;
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
    size_t i;

    while ((i = take(sh)) < sh->files->count) {
        struct slot *slot = &sh->slots[i];
        struct ts_snapshot s;
        ts_snapshot_init(&s);
        if (load(&s, sh->plan, sh->files->items[i], &slot->problems) == 0) {
            slot->account_id = ts_xstrdup(s.account_id);
            slot->worker = w->index;
            slot->account = w->e.naccounts;
            ts_engine_run(&w->e, &s);
        }
        ts_snapshot_release(&s);
    }
    return NULL;
}

/* Moves account `a` of worker engine w, with its results and failures,
 * into e (the strings change owner; w's copies are cleared). */
static void adopt(struct ts_engine *e, struct ts_engine *w, size_t a, size_t *cursor)
{
    size_t to = ts_engine_take_account(e, &w->accounts[a]);

    /* A logged account's results stay in the worker's log (given to e at
     * the end).  Otherwise they are in the worker's memory, in its account
     * order: skip to this one's. */
    while (*cursor < w->nresults && w->results[*cursor].snapshot < a)
        (*cursor)++;
    for (; *cursor < w->nresults && w->results[*cursor].snapshot == a; (*cursor)++) {
        struct ts_result r = w->results[*cursor];
        r.snapshot = to;
        ts_engine_add_result(e, &r);
        memset(&w->results[*cursor], 0, sizeof(w->results[*cursor]));
    }
    for (size_t i = 0; i < w->nfailures; i++)
        if (w->failures[i].snapshot == a)
            ts_engine_take_failure(e, &w->failures[i], to);
}

/* Starts the workers; returns how many run (the queue is shared, so any
 * number of them finishes every file). */
static unsigned start_workers(struct worker *ws, unsigned n, struct shared *sh,
                              const struct ts_engine *e)
{
    unsigned running = 0;

    for (unsigned k = 0; k < n; k++) {
        struct ts_problems ignored;
        ws[k].shared = sh;
        ws[k].index = k;
        ts_problems_init(&ignored);
        /* The same rules in the same order (a rule file may have changed
         * since e loaded them): indexes agree with e's, or it does not run. */
        ws[k].ok = ts_engine_init(&ws[k].e, &sh->plan->limits) == 0
                   && ts_scan_load_rules(&ws[k].e, sh->plan, &ignored) == 0
                   && ts_engine_same_rules(&ws[k].e, e)
                   && (!sh->plan->prepare
                       || sh->plan->prepare(&ws[k].e, sh->plan->prepare_ctx) == 0);
        ws[k].e.want_hashes = sh->plan->want_hashes;
        ws[k].e.drop_passes = e->drop_passes;
        ws[k].e.keep_log = e->keep_log;
        ws[k].e.log_tail = e->log_tail;
        ws[k].e.quota = e->quota; /* one quota for all the scan's results */
        ts_problems_release(&ignored);
        if (ws[k].ok && pthread_create(&ws[k].thread, NULL, work, &ws[k]) != 0)
            ws[k].ok = 0;
        running += ws[k].ok;
    }
    return running;
}

static enum ts_exit scan_parallel(struct ts_engine *e, const struct ts_scan_plan *plan,
                                  const struct ts_strlist *files, struct ts_problems *problems)
{
    unsigned n = plan->jobs < files->count ? plan->jobs : (unsigned)files->count;
    struct worker *ws = calloc(n, sizeof(*ws));
    struct shared sh = {plan, files, calloc(files->count, sizeof(struct slot)), 0,
                        PTHREAD_MUTEX_INITIALIZER};
    size_t *cursors = calloc(n, sizeof(size_t));
    struct ts_accounts seen;
    enum ts_exit status = TS_EXIT_OK;
    unsigned running;

    if (!ws || !sh.slots || !cursors) {
        free(ws);
        free(sh.slots);
        free(cursors);
        return scan_serial(e, plan, files, problems);
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
            ts_problems_add(problems, "%s", slot->problems.items[p]);
        if (!slot->account_id
            || ts_accounts_claim(&seen, slot->account_id, files->items[i], problems) < 0)
            status = TS_EXIT_INPUT;
        else
            adopt(e, &ws[slot->worker].e, slot->account, &cursors[slot->worker]);
    }
    for (size_t i = 0; i < files->count; i++) {
        ts_problems_release(&sh.slots[i].problems);
        free(sh.slots[i].account_id);
    }
    for (unsigned k = 0; k < n; k++) {
        ts_engine_take_logs(e, &ws[k].e);
        e->dropped_passes += ws[k].e.dropped_passes;
        for (size_t r = 0; ws[k].ok && r < e->nrules; r++) {
            e->rules[r].instructions += ws[k].e.rules[r].instructions;
            e->rules[r].seconds += ws[k].e.rules[r].seconds;
        }
        if (ws[k].e.sb.L)
            ts_engine_release(&ws[k].e);
    }
    ts_accounts_release(&seen);
    free(sh.slots);
    free(ws);
    free(cursors);
    /* No thread could start (out of memory or threads): do it here. */
    return running > 0 ? status : scan_serial(e, plan, files, problems);
}

enum ts_exit ts_scan_files(struct ts_engine *e, const struct ts_scan_plan *plan,
                           const struct ts_strlist *files, struct ts_problems *problems)
{
    if (plan->jobs <= 1 || files->count <= 1)
        return scan_serial(e, plan, files, problems);
    return scan_parallel(e, plan, files, problems);
}

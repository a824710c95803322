/* Accounts in parallel: worker threads take the plan's accounts one at a
 * time; each collects its account with a pool of a few requests, all the
 * pools under one gate.  Results go back to the calling thread, which hands
 * them to the caller (writing files, progress) one at a time, so nothing
 * the caller does needs a lock, and signals reach only that thread. */
#include "aws/collect_org.h"

#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aws/cred_role.h"
#include "aws/credentials.h"
#include "aws/http.h"
#include "aws/http_gate.h"
#include "snapshot/snapshot_arena.h"

/* What one worker's account has done so far (the account in progress). */
struct counts {
    unsigned long calls, retries, errors;
};

struct result {
    struct org_entry *e;
    char *text;
    struct result *next;
};

struct org_run {
    const struct collect_org_opts *o;
    struct org_plan *plan;
    struct http_gate gate;
    pthread_mutex_t lock;        /* everything below */
    pthread_cond_t wake;         /* a result is ready */
    size_t next;                 /* the next plan entry to look at */
    unsigned todo, done;
    struct result *results, **tail;
    struct counts total;         /* accounts done */
    struct counts *current;      /* per worker */
    uint64_t started_ms;
};

struct worker {
    struct org_run *run;
    unsigned index;
    pthread_t thread;
};

static struct org_entry *take_next(struct org_run *r)
{
    struct org_entry *e = NULL;

    pthread_mutex_lock(&r->lock);
    while (r->next < r->plan->count && !e) {
        struct org_entry *c = &r->plan->entries[r->next++];
        if (c->status == ORG_TODO)
            e = c;
    }
    pthread_mutex_unlock(&r->lock);
    return e;
}

static void on_progress(const struct collect_progress *p, void *ctx)
{
    struct worker *w = ctx;
    struct counts *c = &w->run->current[w->index];

    pthread_mutex_lock(&w->run->lock);
    c->calls = p->calls_done;
    c->retries = p->retries;
    c->errors = p->errors;
    pthread_mutex_unlock(&w->run->lock);
}

static void fail(struct org_entry *e, const struct aws_fault *f, const char *code,
                 const char *message)
{
    e->status = ORG_FAILED;
    if (f && f->code[0]) {
        e->fault = *f;
        return;
    }
    memset(&e->fault, 0, sizeof(e->fault));
    snprintf(e->fault.code, sizeof(e->fault.code), "%s", code);
    snprintf(e->fault.message, sizeof(e->fault.message), "%.500s", message);
}

/* The member's role, assumed with the calling account's credentials. */
static struct aws_cred_provider *member_role(const struct collect_org_opts *o, const char *id)
{
    char arn[768];
    struct aws_cred_role_opts ro;

    snprintf(arn, sizeof(arn), "arn:%s:iam::%s:role/%s", o->partition, id, o->role_name);
    memset(&ro, 0, sizeof(ro));
    ro.source = o->account.creds;
    ro.role.role_arn = arn;
    ro.region = o->account.home_region;
    ro.endpoint_url = o->account.endpoint_url;
    ro.max_attempts = o->account.max_attempts;
    ro.timeout_ms = o->account.timeout_ms;
    return aws_cred_role_new(&ro);
}

/* AssumeRole before anything else, under the gate like every request: a
 * role that is missing or denied fails the account with AWS's answer. */
static int assume(struct org_run *r, struct aws_cred_provider *role, struct org_entry *e)
{
    struct aws_credentials tmp;
    struct ts_error err;
    int rc;

    memset(&tmp, 0, sizeof(tmp));
    http_gate_take(&r->gate);
    rc = aws_cred_provider_get(role, &tmp, &err);
    http_gate_give(&r->gate);
    aws_credentials_release(&tmp);
    if (rc < 0)
        fail(e, aws_cred_role_fault(role), "AssumeRoleFailed", err.msg);
    return rc;
}

static char *collect_one(struct worker *w, struct org_entry *e)
{
    const struct collect_org_opts *o = w->run->o;
    struct aws_cred_provider *creds = o->account.creds;
    struct collect_opts co = o->account;
    struct aws_fault fault;
    struct ts_error err;
    unsigned failures = 0;
    char *text = NULL;

    if (!e->self) {
        creds = member_role(o, e->acct->id);
        if (assume(w->run, creds, e) < 0)
            goto out;
    }
    memset(&fault, 0, sizeof(fault));
    co.creds = creds;
    co.parallel = w->run->gate.cap < COLLECT_ORG_PER_ACCOUNT ? w->run->gate.cap
                                                             : COLLECT_ORG_PER_ACCOUNT;
    co.gate = &w->run->gate;
    co.account_name = e->acct->name;
    co.org_id = o->org_id;
    co.org_management_id = o->management_id;
    co.expect_account_id = e->acct->id;
    co.fault = &fault;
    co.progress = on_progress;
    co.progress_ctx = w;
    text = collect_account(&co, &failures, &err);
    if (!text) {
        fail(e, &fault, "CollectFailed", err.msg);
    } else {
        e->status = ORG_COLLECTED;
        e->failed_calls = failures;
        snprintf(e->file, sizeof(e->file), "%s.json", e->acct->id);
    }
out:
    if (creds != o->account.creds)
        aws_cred_provider_free(creds);
    return text;
}

static void hand_over(struct worker *w, struct org_entry *e, char *text)
{
    struct org_run *r = w->run;
    struct counts *c = &r->current[w->index];
    struct result *res = ts_xmalloc(sizeof(*res));

    res->e = e;
    res->text = text;
    res->next = NULL;
    pthread_mutex_lock(&r->lock);
    r->total.calls += c->calls;
    r->total.retries += c->retries;
    r->total.errors += c->errors + (e->status == ORG_FAILED);
    memset(c, 0, sizeof(*c));
    *r->tail = res;
    r->tail = &res->next;
    r->done++;
    pthread_cond_signal(&r->wake);
    pthread_mutex_unlock(&r->lock);
}

static void *work(void *arg)
{
    struct worker *w = arg;
    struct org_entry *e;
    sigset_t set;

    /* SIGINT and the like go to the calling thread, whose handler removes
     * the temporary files it made (util/output.h). */
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    while ((e = take_next(w->run)) != NULL)
        hand_over(w, e, collect_one(w, e));
    return NULL;
}

/* Under r->lock. */
static void progress_now(struct org_run *r, unsigned nworkers, struct collect_org_progress *p)
{
    struct counts c = r->total;

    for (unsigned i = 0; i < nworkers; i++) {
        c.calls += r->current[i].calls;
        c.retries += r->current[i].retries;
        c.errors += r->current[i].errors;
    }
    p->accounts_done = r->done;
    p->accounts_total = r->todo;
    p->calls = c.calls;
    p->retries = c.retries;
    p->errors = c.errors;
    p->elapsed_ms = (unsigned long)(http_now_ms() - r->started_ms);
    p->left_ms = r->done ? (long)((double)p->elapsed_ms / r->done * (r->todo - r->done)) : -1;
}

static void wait_for_result(struct org_run *r)
{
    struct timespec until;

    if (!r->o->progress) {
        pthread_cond_wait(&r->wake, &r->lock);
        return;
    }
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += 100 * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_cond_timedwait(&r->wake, &r->lock, &until);
}

/* Hands every result to the caller as it comes, with progress between. */
static void serve(struct org_run *r, unsigned nworkers)
{
    unsigned handled = 0;
    struct collect_org_progress p;

    pthread_mutex_lock(&r->lock);
    while (handled < r->todo) {
        struct result *res = r->results;
        if (!res) {
            wait_for_result(r);
            if (r->o->progress) {
                progress_now(r, nworkers, &p);
                pthread_mutex_unlock(&r->lock);
                r->o->progress(&p, r->o->ctx);
                pthread_mutex_lock(&r->lock);
            }
            continue;
        }
        r->results = res->next;
        if (!r->results)
            r->tail = &r->results;
        pthread_mutex_unlock(&r->lock);
        r->o->done(res->e, res->text, r->o->ctx);
        free(res);
        handled++;
        pthread_mutex_lock(&r->lock);
    }
    if (r->o->progress) {
        progress_now(r, nworkers, &p);
        pthread_mutex_unlock(&r->lock);
        r->o->progress(&p, r->o->ctx);
        return;
    }
    pthread_mutex_unlock(&r->lock);
}

int collect_org_run(const struct collect_org_opts *o, struct org_plan *plan,
                    struct ts_error *err)
{
    struct org_run r;
    struct worker *workers;
    unsigned n = 0, want, jobs;
    int rc = 0, e = 0;

    memset(&r, 0, sizeof(r));
    r.o = o;
    r.plan = plan;
    r.tail = &r.results;
    r.started_ms = http_now_ms();
    for (size_t i = 0; i < plan->count; i++)
        r.todo += plan->entries[i].status == ORG_TODO;
    if (!r.todo)
        return 0;
    jobs = o->jobs ? o->jobs : 1;
    /* Twice as many accounts under way as requests may be in flight: an
     * account waits on its answers (identity, then trails, then their
     * status) and would leave its share of the cap idle; the gate keeps
     * the total at --jobs. */
    want = r.todo < 2 * jobs ? r.todo : 2 * jobs;
    /* cJSON's allocation hooks are process-wide, installed by the first
     * snapshot parse (each answer is checked by one): install them here,
     * before any worker allocates, not while another thread does. */
    ts_snapshot_arena_delete(ts_snapshot_arena_parse("{}", 2, NULL));
    http_gate_init(&r.gate, jobs);
    pthread_mutex_init(&r.lock, NULL);
    pthread_cond_init(&r.wake, NULL);
    r.current = ts_xmalloc(want * sizeof(*r.current));
    memset(r.current, 0, want * sizeof(*r.current));
    workers = ts_xmalloc(want * sizeof(*workers));
    for (n = 0; n < want; n++) {
        workers[n].run = &r;
        workers[n].index = n;
        if ((e = pthread_create(&workers[n].thread, NULL, work, &workers[n])) != 0)
            break;
    }
    if (n == 0)
        rc = ts_error_set(err, "cannot start a thread: %s", strerror(e));
    else
        serve(&r, n);
    for (unsigned i = 0; i < n; i++)
        pthread_join(workers[i].thread, NULL);
    free(workers);
    free(r.current);
    pthread_cond_destroy(&r.wake);
    pthread_mutex_destroy(&r.lock);
    http_gate_release(&r.gate);
    return rc;
}

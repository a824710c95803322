#include "lua/watchdog.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

struct ts_watchdog {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t thread;
    ts_watchdog_fn fire;
    void *arg;
    struct timespec deadline; /* CLOCK_MONOTONIC */
    struct timespec target;   /* what the thread sleeps until, when sleeping */
    int armed, idle, sleeping, stop;
};

static int before(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

/* t plus `seconds`. */
static struct timespec later(const struct timespec *t, double seconds)
{
    struct timespec d = *t;
    double whole = (double)(time_t)seconds;

    d.tv_sec += (time_t)whole;
    d.tv_nsec += (long)((seconds - whole) * 1e9);
    if (d.tv_nsec >= 1000000000L) {
        d.tv_sec++;
        d.tv_nsec -= 1000000000L;
    }
    return d;
}

static void *run(void *p)
{
    struct ts_watchdog *wd = p;
    struct timespec now;

    pthread_mutex_lock(&wd->mu);
    while (!wd->stop) {
        if (!wd->armed) {
            wd->idle = 1;
            pthread_cond_wait(&wd->cv, &wd->mu);
            wd->idle = 0;
            continue;
        }
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (!before(&now, &wd->deadline)) {
            double again;
            wd->armed = 0;
            again = wd->fire(wd->arg);
            if (again > 0) {
                wd->deadline = later(&now, again);
                wd->armed = 1;
            }
            continue;
        }
        /* Later armings push the deadline back without waking this
         * thread: it wakes at the old one, sees the new, sleeps again. */
        wd->target = wd->deadline;
        wd->sleeping = 1;
        pthread_cond_timedwait(&wd->cv, &wd->mu, &wd->target);
        wd->sleeping = 0;
    }
    pthread_mutex_unlock(&wd->mu);
    return NULL;
}

struct ts_watchdog *ts_watchdog_new(ts_watchdog_fn fire, void *arg)
{
    struct ts_watchdog *wd = calloc(1, sizeof(*wd));
    pthread_condattr_t ca;
    int ok = 0;

    if (!wd)
        return NULL;
    wd->fire = fire;
    wd->arg = arg;
    if (pthread_mutex_init(&wd->mu, NULL) != 0)
        goto out;
    if (pthread_condattr_init(&ca) == 0) {
        ok = pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) == 0
             && pthread_cond_init(&wd->cv, &ca) == 0;
        pthread_condattr_destroy(&ca);
    }
    if (!ok) {
        pthread_mutex_destroy(&wd->mu);
        goto out;
    }
    if (pthread_create(&wd->thread, NULL, run, wd) != 0) {
        pthread_cond_destroy(&wd->cv);
        pthread_mutex_destroy(&wd->mu);
        ok = 0;
    }
out:
    if (!ok) {
        free(wd);
        return NULL;
    }
    return wd;
}

void ts_watchdog_arm(struct ts_watchdog *wd, double seconds)
{
    struct timespec now, d;

    clock_gettime(CLOCK_MONOTONIC, &now);
    d = later(&now, seconds);
    pthread_mutex_lock(&wd->mu);
    wd->deadline = d;
    wd->armed = 1;
    if (wd->idle || (wd->sleeping && before(&d, &wd->target)))
        pthread_cond_signal(&wd->cv);
    pthread_mutex_unlock(&wd->mu);
}

void ts_watchdog_disarm(struct ts_watchdog *wd)
{
    pthread_mutex_lock(&wd->mu);
    wd->armed = 0;
    pthread_mutex_unlock(&wd->mu);
}

void ts_watchdog_free(struct ts_watchdog *wd)
{
    if (!wd)
        return;
    pthread_mutex_lock(&wd->mu);
    wd->stop = 1;
    pthread_cond_signal(&wd->cv);
    pthread_mutex_unlock(&wd->mu);
    pthread_join(wd->thread, NULL);
    pthread_cond_destroy(&wd->cv);
    pthread_mutex_destroy(&wd->mu);
    free(wd);
}

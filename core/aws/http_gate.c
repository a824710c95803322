/* The shared cap on requests in flight: a counter under a lock, and the
 * pools to wake when a slot comes free. */
#include "aws/http_gate.h"

#include <string.h>

void http_gate_init(struct http_gate *g, unsigned cap)
{
    memset(g, 0, sizeof(*g));
    pthread_mutex_init(&g->lock, NULL);
    pthread_cond_init(&g->freed, NULL);
    g->cap = cap ? cap : 1;
}

void http_gate_release(struct http_gate *g)
{
    pthread_cond_destroy(&g->freed);
    pthread_mutex_destroy(&g->lock);
}

static void unlist(struct http_gate *g, struct http_gate_waiter *w)
{
    if (!w || !w->listed)
        return;
    for (struct http_gate_waiter **p = &g->waiters; *p; p = &(*p)->next)
        if (*p == w) {
            *p = w->next;
            break;
        }
    w->listed = 0;
}

static void take(struct http_gate *g)
{
    g->used++;
    if (g->used > g->peak)
        g->peak = g->used;
}

int http_gate_try(struct http_gate *g, struct http_gate_waiter *w)
{
    int got = 0;

    pthread_mutex_lock(&g->lock);
    if (g->used < g->cap) {
        take(g);
        unlist(g, w);
        got = 1;
    } else if (w && !w->listed) {
        /* Listed under the lock that saw the gate full: a slot given back
         * from now on wakes w, even before w starts waiting. */
        w->listed = 1;
        w->next = g->waiters;
        g->waiters = w;
    }
    pthread_mutex_unlock(&g->lock);
    return got;
}

void http_gate_take(struct http_gate *g)
{
    pthread_mutex_lock(&g->lock);
    while (g->used >= g->cap)
        pthread_cond_wait(&g->freed, &g->lock);
    take(g);
    pthread_mutex_unlock(&g->lock);
}

void http_gate_give(struct http_gate *g)
{
    pthread_mutex_lock(&g->lock);
    if (g->used)
        g->used--;
    /* Every waiter tries again; those that lose list themselves anew. */
    for (struct http_gate_waiter *w = g->waiters; w; w = w->next) {
        w->listed = 0;
        curl_multi_wakeup(w->multi);
    }
    g->waiters = NULL;
    pthread_cond_signal(&g->freed);
    pthread_mutex_unlock(&g->lock);
}

void http_gate_forget(struct http_gate *g, struct http_gate_waiter *w)
{
    pthread_mutex_lock(&g->lock);
    unlist(g, w);
    pthread_mutex_unlock(&g->lock);
}

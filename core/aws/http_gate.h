/* One cap on requests in flight shared by several HTTP pools, each driven
 * by its own thread: collect --org collects many accounts at once, each
 * with a small pool of its own (AWS throttles per account), and the whole
 * run never has more than --jobs requests out.  A pool that finds the gate
 * full waits in curl_multi_poll; a slot given back wakes it. */
#ifndef TS_HTTP_GATE_H
#define TS_HTTP_GATE_H

#include <pthread.h>
#include <curl/curl.h>

struct http_gate_waiter;

struct http_gate {
    pthread_mutex_t lock;
    pthread_cond_t freed;              /* for callers without a curl multi */
    unsigned cap, used;
    unsigned long peak;                /* the most slots taken at once (tests) */
    struct http_gate_waiter *waiters;  /* pools waiting for a slot */
};

/* A pool's place in the gate's waiting list (the pool's own memory). */
struct http_gate_waiter {
    CURLM *multi;
    int listed;
    struct http_gate_waiter *next;
};

void http_gate_init(struct http_gate *g, unsigned cap);
void http_gate_release(struct http_gate *g);

/* Takes a slot if one is free (returns 1).  Else returns 0, and w (may be
 * NULL) is woken with curl_multi_wakeup when a slot is given back. */
int http_gate_try(struct http_gate *g, struct http_gate_waiter *w);

/* Takes a slot, waiting as long as it takes. */
void http_gate_take(struct http_gate *g);

/* Gives a slot back and wakes whoever waits for one. */
void http_gate_give(struct http_gate *g);

/* Leaves the waiting list (a pool about to be freed). */
void http_gate_forget(struct http_gate *g, struct http_gate_waiter *w);

#endif

#include "engine/results.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include "util/error.h"

static int next_account(struct ts_results_iter *it);

void ts_results_begin(struct ts_results_iter *it, const struct ts_engine *e)
{
    memset(it, 0, sizeof(*it));
    it->e = e;
    it->nreaders = ts_engine_nlogs(e);
    it->readers = ts_xmalloc((it->nreaders + 1) * sizeof(*it->readers));
    for (size_t i = 0; i < it->nreaders; i++)
        ts_result_reader_init(&it->readers[i], ts_engine_log(e, i));
    next_account(it);
}

void ts_results_end(struct ts_results_iter *it)
{
    for (size_t i = 0; i < it->nreaders; i++)
        ts_result_reader_release(&it->readers[i]);
    free(it->readers);
    memset(it, 0, sizeof(*it));
}

/* Moves to the next account with logged results; 0 when there is none. */
static int next_account(struct ts_results_iter *it)
{
    const struct ts_engine *e = it->e;

    for (; it->account < ts_engine_naccounts(e); it->account++) {
        const struct ts_account *a = ts_engine_account(e, it->account);
        if (!a->log || a->nlogged == 0)
            continue;
        it->left = a->nlogged;
        it->next = a->log_offset;
        for (it->reader = 0; ts_engine_log(e, it->reader) != a->log; it->reader++)
            ;
        return 1;
    }
    return 0;
}

struct ts_result *ts_results_next(struct ts_results_iter *it)
{
    const struct ts_engine *e = it->e;

    if (it->again > 0) {
        it->again--;
        return it->last;
    }
    if (it->left == 0 && it->account < ts_engine_naccounts(e)) {
        it->account++;
        next_account(it);
    }
    if (it->left > 0) {
        it->at = it->next;
        if (ts_result_reader_next(&it->readers[it->reader], &it->next, &it->cur) < 0) {
            it->left = 0;
            it->account = ts_engine_naccounts(e);
            it->mem = ts_engine_nresults(e);
            return it->last = NULL;
        }
        it->cur.snapshot = it->account;
        it->left--;
        it->again = it->cur.more;
        return it->last = &it->cur;
    }
    if (it->mem < ts_engine_nresults(e)) {
        it->last = ts_engine_result(e, it->mem++);
        it->again = it->last->more;
        return it->last;
    }
    return it->last = NULL;
}

void ts_results_save(struct ts_results_iter *it)
{
    if (it->last == &it->cur)
        ts_result_log_update(ts_engine_log(it->e, it->reader), it->at, &it->cur);
}

int ts_results_error(const struct ts_engine *e)
{
    for (size_t i = 0; i < ts_engine_nlogs(e); i++)
        if (ts_engine_log(e, i)->read_errno)
            return ts_engine_log(e, i)->read_errno;
    return 0;
}

int ts_results_file_error(const struct ts_engine *e)
{
    for (size_t i = 0; i < ts_engine_nlogs(e); i++)
        if (ts_engine_log(e, i)->file_errno)
            return ts_engine_log(e, i)->file_errno;
    return 0;
}

int ts_results_over_quota(struct ts_engine *e)
{
    return atomic_load(&ts_engine_quota(e)->over);
}

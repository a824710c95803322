/* Every result of a scan, in order: account by account, and within one
 * account rule by rule, as the engine judged them.  Results are in the
 * engine's logs (a scan: keep_log) or in its memory (rule tests); readers
 * do not need to know which.  One result at a time is in memory.  An
 * engine holds one kind or the other, never both: keep_log is set before
 * its first account (logged ones are read first, then those in memory). */
#ifndef TS_RESULTS_H
#define TS_RESULTS_H

#include "engine/engine.h"
#include "engine/result_log.h"

struct ts_results_iter {
    const struct ts_engine *e;
    size_t account;             /* logged accounts first, */
    size_t left;                /* with this many records still to read */
    uint64_t next, at;          /* the next record, the current one */
    struct ts_result_reader *readers; /* one per log */
    size_t nreaders;
    size_t reader;              /* the current account's */
    size_t mem;                 /* then those in memory, from this index */
    struct ts_result cur;       /* a logged result, read back */
    struct ts_result *last;     /* what next returned */
    size_t again;               /* times last is to be handed out again */
};

void ts_results_begin(struct ts_results_iter *it, const struct ts_engine *e);
/* The next result, or NULL at the end (or when the log cannot be read
 * back: ts_results_error says so).  Valid until the next call; its
 * snapshot field says its account.  A result that stands for more
 * (ts_result.more: brief ones, counted) is handed out 1 + more times, so a
 * walk counts them all. */
struct ts_result *ts_results_next(struct ts_results_iter *it);
/* Stores what was changed in the last result's waiver, baseline_state
 * and worse. */
void ts_results_save(struct ts_results_iter *it);
void ts_results_end(struct ts_results_iter *it);

/* The errno of a log that could not be read back or updated, or 0.  A
 * report written meanwhile is incomplete. */
int ts_results_error(const struct ts_engine *e);

/* 1 if the results passed their quota (TS_RESULT_LOG_MAX, or what the
 * scan set): some were not kept, so no report may be written. */
int ts_results_over_quota(struct ts_engine *e);

/* The errno of a log that gave up its temporary file and kept its results
 * in memory instead, or 0. */
int ts_results_file_error(const struct ts_engine *e);

#endif

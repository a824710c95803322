/* A scan: rules loaded once per Lua state, snapshots evaluated one at a
 * time per state, in parallel across worker threads when asked.  The
 * results are merged in file order, so a parallel scan reports exactly what
 * a serial one does. */
#ifndef TS_SCAN_H
#define TS_SCAN_H

#include "engine/engine.h"
#include "snapshot/orgs.h"
#include "util/exit_status.h"
#include "util/strlist.h"

struct ts_scan_plan {
    const char *const *rule_dirs;
    size_t nrule_dirs;
    int builtin;              /* load the built-in rules too */
    const char *only, *skip;  /* comma lists, or NULL */
    struct ts_limits limits;
    int want_hashes;
    unsigned jobs;            /* worker threads; 1 = in this thread */
    /* Run on each worker's engine once its rules are loaded (e.g. rule
     * parameters from --config); nonzero refuses the worker.  May be NULL. */
    int (*prepare)(struct ts_engine *e, void *ctx);
    void *prepare_ctx;
    /* The organisations' manifests a snapshot in their folder must agree
     * with (and takes its name from); NULL: none. */
    const struct ts_orgs *orgs;
    enum ts_lang lang;        /* the rules' texts (English: 0) */
    /* What ts_scan_start began for these files (see below), or NULL. */
    struct ts_scan_early *early;
};

/* The one path that loads rules (scan, its workers, the rules command):
 * the built-in rules if plan->builtin, then each of plan->rule_dirs, in
 * order.  Problems (exit 2) go to problems; returns -1 if any. */
int ts_scan_load_all(struct ts_engine *e, const struct ts_scan_plan *plan,
                     struct ts_problems *problems);

/* Keeps the rules in only (if given) and not in skip (comma lists), then
 * refuses a scan with nothing left to run (no rule, no rule failure). */
int ts_scan_choose(struct ts_engine *e, const char *only, const char *skip,
                   struct ts_problems *problems);

/* Both: the plan's rules, as its only and skip choose them. */
int ts_scan_load_rules(struct ts_engine *e, const struct ts_scan_plan *plan,
                       struct ts_problems *problems);

/* Evaluates every file into e (whose rules are loaded).  Problems with the
 * inputs go to problems, in file order; returns TS_EXIT_INPUT if any. */
enum ts_exit ts_scan_files(struct ts_engine *e, const struct ts_scan_plan *plan,
                           const struct ts_strlist *files, struct ts_problems *problems);

/* A scan in parallel (plan->jobs > 1, several files) begins before the
 * caller's engine loads its rules: the other workers load theirs
 * meanwhile, and the files are skimmed for the organisation's index.
 * Call it once plan's rule folders, language and limits are set; put the
 * result in plan->early for ts_scan_files (with the same files), which
 * reads the rest of plan then.  NULL when the scan will not be parallel.
 * Free it with ts_scan_early_free (NULL is ignored), scanned or not: a
 * run that stops before its scan stops the workers there. */
struct ts_scan_early *ts_scan_start(const struct ts_scan_plan *plan,
                                    const struct ts_strlist *files);
void ts_scan_early_free(struct ts_scan_early *early);

/* The number of processors online (at least 1). */
unsigned ts_scan_default_jobs(void);

#endif

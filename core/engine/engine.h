/* Finds, loads and runs rules over snapshots; collects their results. */
#ifndef TS_ENGINE_H
#define TS_ENGINE_H

#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include <lua.h>
#include "engine/account_store.h"
#include "util/name_index.h"
#include "engine/result.h"
#include "engine/result_log.h"
#include "lua/sandbox_limits.h"
#include "snapshot/snapshot.h"
#include "util/error.h"
#include "util/lang.h"

/* A rule that failed at load or run time. */
struct ts_failure {
    char *rule_id;          /* or the rule file, if it never loaded */
    size_t snapshot;        /* SIZE_MAX when not on a snapshot */
    enum ts_cause cause;
    char *message;
};

/* How many collection errors (the snapshot's `errors`) a has. */
size_t ts_account_nerrors(const struct ts_account *a);


/* The engine: its rules, the Lua state they run in, the accounts it ran
 * them on, their results and failures.  Its fields are engine.c's alone;
 * everything else reaches it through the functions below. */
struct ts_engine;

/* How a caller wants the engine to keep what it finds (all 0 unless set). */
struct ts_engine_opts {
    int want_hashes;        /* compute each snapshot's SHA-256 (for SARIF, JSON) */
    int drop_passes;        /* count passes but keep none (no report shows them) */
    /* Keep the texts (resource, region, message, fix) of error-level
     * failures only: the others are counted by rule, verdict and account
     * and kept without them (the one report is an organisation's text
     * summary, which lists only those; cli_scan.c says when). */
    int brief;
    /* Keep each account's results in a log once it is done, not in memory
     * (a scan sets it: an organisation's results would fill memory).  Set
     * before the first account. */
    int keep_log;
    size_t log_tail;        /* bytes a log keeps in memory; 0: the default */
};

/* The built-in rules folder (builtin_dir.c): $TRAILSCAN_RULES_DIR, else
 * next to the binary, else (a binary in its build tree) the source tree's
 * rules/.  NULL if none is a folder: ts_engine_builtin_problem() then says
 * where it looked (else it is NULL).  Found once per process. */
const char *ts_engine_builtin_dir(void);
const char *ts_engine_builtin_problem(void);

/* A new engine with an empty Lua state under limits, or NULL if the state
 * cannot be made.  Free it with ts_engine_free (NULL is ignored). */
struct ts_engine *ts_engine_new(const struct ts_limits *limits);
void ts_engine_free(struct ts_engine *e);

void ts_engine_set_opts(struct ts_engine *e, const struct ts_engine_opts *opts);

/* The language rules write their texts in (trailscan.lang) and their
 * metadata is read in (a rule's texts.<lang>): set before loading rules.
 * English unless set. */
void ts_engine_set_lang(struct ts_engine *e, enum ts_lang lang);
enum ts_lang ts_engine_lang(const struct ts_engine *e);

/* What the results' logs may hold together (TS_RESULT_LOG_MAX unless
 * set): the engine's own quota, or the one it shares (ts_engine_share). */
struct ts_result_quota *ts_engine_quota(struct ts_engine *e);

/* What the engine holds, read-only: its rules (in load order, after
 * ts_engine_select), the accounts it ran them on (in run order), its
 * failures (in the order they happened) and its results in memory (all
 * of them, or with keep_log those of no account yet logged; results.h
 * reads them all). */
size_t ts_engine_nrules(const struct ts_engine *e);
const struct ts_rule *ts_engine_rule(const struct ts_engine *e, size_t i);
size_t ts_engine_naccounts(const struct ts_engine *e);
/* Account i is lent, not kept: with keep_log, a done account is read back
 * from its log into a small cache (account_store.h), where reading any
 * other account may take its place (account i's is i % TS_ACCOUNT_CACHE).
 * Use one account at a time, and copy what a loop over them keeps. */
const struct ts_account *ts_engine_account(const struct ts_engine *e, size_t i);
/* The accounts by id (util/name_index.h), for a caller that looks many up:
 * reading every account back for each lookup would cost a read of the log
 * per account.  Release it with ts_name_index_release. */
void ts_engine_account_ids(const struct ts_engine *e, struct ts_name_index *ix);
size_t ts_engine_nfailures(const struct ts_engine *e);
const struct ts_failure *ts_engine_failure(const struct ts_engine *e, size_t i);
size_t ts_engine_nresults(const struct ts_engine *e);
/* A result in memory; the waivers and the baseline mark it (results.h). */
struct ts_result *ts_engine_result(const struct ts_engine *e, size_t i);
/* The logs the accounts' results were moved to (keep_log). */
size_t ts_engine_nlogs(const struct ts_engine *e);
struct ts_result_log *ts_engine_log(const struct ts_engine *e, size_t i);
/* Passes counted but not kept (drop_passes). */
size_t ts_engine_dropped_passes(const struct ts_engine *e);

/* The Lua state the rules live in (for their parameters' defaults) and
 * its sandbox (for tests that run Lua in it as a rule would). */
lua_State *ts_engine_lua(const struct ts_engine *e);
struct ts_sandbox *ts_engine_sandbox(struct ts_engine *e);

/* Loads every rule file under dir (recursively, skipping lib/ and dotted
 * names), in name order.  Metadata problems (exit 2) go to problems; a rule
 * whose code fails while loading is recorded as a failure (exit 3). */
int ts_engine_load_dir(struct ts_engine *e, const char *dir, struct ts_problems *problems);

/* Loads one rule file from the rules folder rule_root (whose lib/ its
 * require searches, then the built-in rules' lib/). */
int ts_engine_load_file(struct ts_engine *e, const char *file, const char *rule_root,
                        struct ts_problems *problems);

/* Keeps only the rules named in only (if any) and not in skip: comma lists. */
int ts_engine_select(struct ts_engine *e, const char *only, const char *skip,
                     struct ts_problems *problems);

/* Replaces rule's parameters by its defaults overlaid with overrides (a
 * JSON object of scalars).  Unknown names and non-scalar values are errors. */
int ts_engine_set_params(struct ts_engine *e, size_t rule, const cJSON *overrides,
                         struct ts_error *err);

/* The index of the rule with this id (the first len bytes of id), or
 * SIZE_MAX: the one lookup of a rule by id. */
size_t ts_engine_find_rule(const struct ts_engine *e, const char *id);
size_t ts_engine_find_rule_n(const struct ts_engine *e, const char *id, size_t len);

/* The only ways into the engine's results, failures and accounts.  A
 * result is copied (its strings change owner); a failure's texts are
 * copied cleaned to one line. */
void ts_engine_add_result(struct ts_engine *e, const struct ts_result *r);
void ts_engine_add_failure(struct ts_engine *e, const char *rule_id, size_t snapshot,
                           enum ts_cause cause, const char *message);
/* Moves account a in (a is cleared); returns its index. */
size_t ts_engine_take_account(struct ts_engine *e, struct ts_account *a);

/* A scan's worker engine w: made with ts_engine_share, so that it keeps
 * its results like e and counts them against e's quota. */
void ts_engine_share(struct ts_engine *w, struct ts_engine *e);
/* Moves account a of worker w, with its results in memory and its
 * failures, into e; *cursor (0 at first) remembers where w's results were
 * left, the accounts being taken in w's order.  Returns its index in e. */
size_t ts_engine_take_worker_account(struct ts_engine *e, struct ts_engine *w, size_t a,
                                     size_t *cursor);
/* For a scan that ran e as one of its workers: moves e's accounts from
 * base on, with their results in memory and their failures, into a new
 * engine without rules or Lua state, to be taken back like a worker's
 * (ts_engine_take_worker_account) in the scan's order.  Free it with
 * ts_engine_free; e's logs stay e's. */
struct ts_engine *ts_engine_split(struct ts_engine *e, size_t base);
/* Once every account is taken: moves w's logs to e (the accounts taken
 * point into them), adds its count of dropped passes and, if its rules
 * are e's, what they cost. */
void ts_engine_take_worker_rest(struct ts_engine *e, struct ts_engine *w);

/* 1 if a and b hold the same rules in the same order (by id): a result's
 * rule index means the same in both. */
int ts_engine_same_rules(const struct ts_engine *a, const struct ts_engine *b);

/* 1 if the rule with this id is loaded and ran on account (an index into
 * accounts) without failing: only then does the absence of a result there
 * say something. */
int ts_engine_judged(const struct ts_engine *e, const char *rule_id, size_t account);

/* Runs every rule over one snapshot; records the account. */
void ts_engine_run(struct ts_engine *e, const struct ts_snapshot *s);
/* Same for rules [first, first + count) only. */
void ts_engine_run_rules(struct ts_engine *e, const struct ts_snapshot *s, size_t first,
                         size_t count);

#endif

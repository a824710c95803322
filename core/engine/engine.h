/* Finds, loads and runs rules over snapshots; collects their results. */
#ifndef TS_ENGINE_H
#define TS_ENGINE_H

#include <stddef.h>
#include <stdint.h>
#include "util/error.h"
#include "engine/result_log.h"
#include "lua/sandbox.h"
#include "snapshot/snapshot.h"

/* A result's vocabulary (names, levels, fingerprints) is result.h's. */
enum ts_verdict { TS_FAIL, TS_PASS, TS_REVIEW };

enum ts_severity { TS_SEV_INFO, TS_SEV_LOW, TS_SEV_MEDIUM, TS_SEV_HIGH, TS_SEV_CRITICAL };

/* A rule's metadata, copied out of its Lua table when it loads. */
struct ts_rule {
    char *file;
    char *root;             /* the rules folder it was loaded from (for require) */
    char *id, *name, *title, *description;
    enum ts_severity severity;
    char *remediation;      /* console / AWS CLI / Terraform, as text */
    char *fix_console, *fix_cli, *fix_terraform; /* the parts, or NULL */
    char **references;      /* NULL-terminated */
    char **compliance;      /* "framework control" pairs, NULL-terminated */
    int check_ref, params_ref; /* registry references */
    int defaults_ref;       /* params as the rule declares them */
    /* Cost over the scan, for --profile: */
    long long instructions; /* Lua instructions and charged library work */
    double seconds;
};

struct ts_result {
    size_t rule, snapshot;  /* indexes into the engine's rules and accounts */
    enum ts_verdict verdict;
    char *resource, *region, *message;
    char *fix;              /* the remediation for this resource, or NULL */
    unsigned line, column;  /* of the judged node in the snapshot file */
    /* Set after the scan (waiver.c, baseline.c); 0 when not used: */
    size_t waiver;          /* 1 + index of the config waiver covering it, or 0 */
    int baseline_state;     /* enum ts_baseline_state */
    int worse;              /* updated since the baseline to a higher level */
};

/* A rule that failed at load or run time. */
struct ts_failure {
    char *rule_id;          /* or the rule file, if it never loaded */
    size_t snapshot;        /* SIZE_MAX when not on a snapshot */
    enum ts_cause cause;
    char *message;
};

/* What the engine remembers of each snapshot after releasing it. */
struct ts_account {
    char *file, *account_id, *partition;
    char *name;             /* the account's name (snapshot or manifest), or NULL */
    char sha256[65];        /* of the file's bytes, if want_hashes; else "" */
    char **errors;          /* the snapshot's `errors`, one line each; NULL-terminated */
    /* Its results, when the engine keeps them in a log (see keep_log): */
    struct ts_result_log *log;
    uint64_t log_offset;
    size_t nlogged;
};

struct ts_engine {
    struct ts_sandbox sb;
    /* The limits as set; on a snapshot sb.limits adds its size's share
     * (budget.h). */
    struct ts_limits base_limits;
    struct ts_rule *rules;
    size_t nrules;
    /* Results in memory: all of them, or with keep_log only those of the
     * account being evaluated.  Read them all with results.h. */
    struct ts_result *results;
    size_t nresults, aresults;
    /* Keep each account's results in a log once it is done, not in memory
     * (a scan sets it: an organisation's results would fill memory). */
    int keep_log;
    size_t log_tail;        /* bytes a log keeps in memory; 0: the default */
    struct ts_result_log **logs; /* owned; results go to the last one */
    size_t nlogs;
    /* What the logs may hold (TS_RESULT_LOG_MAX unless set): own_quota, or
     * a scan's workers share their main engine's. */
    struct ts_result_quota own_quota, *quota;
    struct ts_failure *failures;
    size_t nfailures, afailures;
    struct ts_account *accounts;
    size_t naccounts;
    int want_hashes;        /* compute each snapshot's SHA-256 (for SARIF, JSON) */
    int drop_passes;        /* count passes but keep none (no report shows them) */
    size_t dropped_passes;
    /* While a rule runs: */
    size_t cur_rule, cur_results, cur_result_bytes, cur_dropped;
    size_t cur_unlisted[3];  /* results past the listing limit, by verdict */
    const struct ts_snapshot *cur_snapshot;
};

/* The built-in rules folder: next to an installed binary, else the source
 * tree's rules/.  Never NULL. */
const char *ts_engine_builtin_dir(void);

int ts_engine_init(struct ts_engine *e, const struct ts_limits *limits);
void ts_engine_release(struct ts_engine *e);

/* Loads every rule file under dir (recursively, skipping lib/ and dotted
 * names), in name order.  Metadata problems (exit 2) go to problems; a rule
 * whose code fails while loading is recorded as a failure (exit 3). */
int ts_engine_load_dir(struct ts_engine *e, const char *dir, struct ts_problems *problems);

/* Loads one rule file; lib_dirs are searched by require. */
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
/* Moves f (from another engine) in, on account snapshot; f is cleared and
 * marked as no account's.  Same for an account a; returns its index. */
void ts_engine_take_failure(struct ts_engine *e, struct ts_failure *f, size_t snapshot);
size_t ts_engine_take_account(struct ts_engine *e, struct ts_account *a);
/* Moves w's logs to e (the accounts taken from w point into them). */
void ts_engine_take_logs(struct ts_engine *e, struct ts_engine *w);

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

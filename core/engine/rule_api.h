/* What rules call: fail{...}, pass{...}, review{...} to report a result
 * (pass() alone counts a pass when trailscan.keeps_passes is false), and
 * the `trailscan` table (timestamp parsing, the JSON null sentinel,
 * keeps_passes).
 *
 * The API sees one narrow run context (as redis's script_lua.c does), not
 * the engine: which rule runs on which account and snapshot, the limits on
 * what it may list, and where its results go. */
#ifndef TS_RULE_API_H
#define TS_RULE_API_H

#include <stddef.h>
#include <lua.h>
#include "engine/result.h"
#include "lua/sandbox_limits.h"
#include "snapshot/snapshot.h"
#include "util/lang.h"

struct ts_rule_run {
    /* Set by the engine before each call; snapshot is NULL between calls
     * (reporting then raises). */
    const struct ts_snapshot *snapshot;
    size_t rule, account;   /* what a result's rule and snapshot fields say */
    const struct ts_limits *limits; /* results and memory: the listing limit */
    int drop_passes;        /* count passes but keep none */
    /* Verdicts (1 << v) whose results no report shows one by one
     * (ts_engine_opts.brief): they are counted in textless_n, by verdict,
     * and the engine keeps one result for each count; 0: none. */
    unsigned textless;
    /* Of textless, the verdicts a rule may report with no table (`fail()`,
     * `review()`: trailscan.keeps_fails and keeps_reviews are false), when
     * no result can reach the listing limit's byte cap before its count,
     * so that a result need not be weighed to be counted the same. Set
     * with textless by ts_rule_api_set_textless. */
    unsigned countable;
    size_t longest_path;    /* ts_rule_org_longest_path, for the account */
    enum ts_lang lang;      /* what rules write their texts in (trailscan.lang) */
    /* The result sink: r is copied, its strings change owner. */
    void (*add_result)(void *sink, const struct ts_result *r);
    void *sink;
    /* Counted by the API; the engine zeroes them before each call. */
    size_t listed;          /* results given to the sink */
    size_t listed_bytes;    /* what they keep outside Lua's heap */
    size_t dropped;         /* passes counted, not kept */
    size_t unlisted[3];     /* results past the listing limit, by verdict */
    size_t textless_n[3];   /* results counted for textless, by verdict */
    /* Passes counted, not kept, over every call (the engine's total). */
    size_t dropped_passes;
};

/* Builds the API over run (which must outlive L's use of it) and registers
 * it for every rule environment. */
void ts_rule_api_install(lua_State *L, struct ts_rule_run *run);

/* Brings what the API tells rules up to date with run->drop_passes
 * (trailscan.keeps_passes) and run->lang (trailscan.lang), which callers
 * set after the engine is made.
 * Cheap: the engine calls it for every snapshot. */
void ts_rule_api_sync(lua_State *L, const struct ts_rule_run *run);

/* Sets run->textless (before a rule's call) and with it run->countable,
 * and what trailscan.keeps_fails and keeps_reviews say. */
void ts_rule_api_set_textless(lua_State *L, struct ts_rule_run *run, unsigned textless);

#endif

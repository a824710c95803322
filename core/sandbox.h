/* The Lua state rules run in: a counting allocator with a per-rule cap, an
 * instruction budget enforced by a count hook, and a global environment
 * built from an allow-list (CONVENTIONS.md, "Lua embedding"). */
#ifndef TS_SANDBOX_H
#define TS_SANDBOX_H

#include <stdatomic.h>
#include <stddef.h>
#include <lua.h>
#include "lua_pool.h"
#include "watchdog.h"

enum ts_cause {
    TS_CAUSE_NONE = 0,
    TS_CAUSE_ERROR,        /* the script raised an error */
    TS_CAUSE_MEMORY,       /* memory cap reached */
    TS_CAUSE_INSTRUCTIONS, /* instruction budget spent */
    TS_CAUSE_BLOCKED,      /* called or touched something the sandbox forbids */
    TS_CAUSE_STACK,        /* recursion too deep */
    TS_CAUSE_TIME          /* ran past its wall-clock slice */
};

const char *ts_cause_name(enum ts_cause c);

struct ts_limits {
    size_t memory;        /* bytes the rules' Lua state may hold while one runs
                           * (all it holds: what rules kept counts too) */
    long long instructions;
    size_t results;       /* results one rule lists per snapshot; more are
                           * counted in one summary result */
    double seconds;       /* wall-clock time of one call; 0 = no limit */
};

/* Defaults sized for a 1,000-account organisation: generous for any honest
 * rule over one account, small enough that a runaway rule stops in seconds. */
#define TS_DEFAULT_MEMORY_LIMIT ((size_t)256 * 1024 * 1024)
#define TS_DEFAULT_INSTRUCTION_LIMIT 200000000LL
#define TS_DEFAULT_RESULT_LIMIT 10000
/* Far above any honest rule on one account (milliseconds), short enough
 * that a stuck rule cannot hold a CI job. */
#define TS_DEFAULT_SECONDS 10.0

struct ts_sandbox {
    lua_State *L;
    struct ts_lua_pool pool; /* the state's memory */
    struct ts_limits limits;
    size_t used;          /* bytes allocated by the state */
    size_t cap;           /* current refusal threshold; 0 = none */
    long long spent;      /* instructions in the current guarded call */
    enum ts_cause tripped;
    int in_handler;       /* the error handler may exceed the cap a little */
    int guarded;
    size_t printed;       /* bytes print wrote in the current guarded call */
    int refused;          /* the last allocation was refused once (see sb_alloc) */
    int deep;             /* the error handler saw a deep stack */
    long long named;      /* objects tostring named in the current call */
    char label[320];      /* "rule 'ID'", for print and messages */
    struct ts_watchdog *wd; /* the time limit's thread, started on first use */
    atomic_int late;      /* set by the watchdog when the slice is over */
};


int ts_sandbox_open(struct ts_sandbox *sb, const struct ts_limits *limits);
void ts_sandbox_close(struct ts_sandbox *sb);

/* Calls the function below nargs arguments on the stack, in protected mode
 * with limits armed (limits.seconds by a watchdog thread, which arms the
 * hook when the slice is over).  Returns 0, or the cause of failure with a message
 * "where: what" in msg (which is always set on failure). */
enum ts_cause ts_sandbox_call(struct ts_sandbox *sb, int nargs, int nresults,
                              char *msg, size_t msglen);

/* Trips limit `cause` (memory or instructions) and raises, naming what. */
int ts_sandbox_limit(lua_State *L, enum ts_cause cause, const char *what);

/* Charges work a C function does (steps, about one per element it
 * visits) to the instruction budget of the current call; raises past it. */
void ts_sandbox_charge(lua_State *L, double steps);

/* memo(cache, key, fn, ...): fn(...)'s results, kept in cache[key] (a
 * table of at most 1,024 entries, emptied when full).  For built-in
 * modules' caches of pure functions across accounts (rule_env.c gives them
 * `memo`): fn runs counted apart from a fresh start, so what it costs
 * depends on its input alone, and the call is charged that cost whether
 * the cache had the answer or not; the count hook starts afresh after
 * either.  So what a rule is charged, and where a limit stops it, never
 * depends on what the same worker computed before, and so not on --jobs. */
int ts_sandbox_memo(lua_State *L);

/* Pushes what tostring shows rules for the value at idx: its __tostring,
 * or for a table, function, thread or userdata "KIND: N", N numbering the
 * objects named in this call (never an address). */
void ts_sandbox_tostring(lua_State *L, int idx);

/* Marks the current failure as a sandbox violation and raises. */
int ts_sandbox_blocked(lua_State *L, const char *what);

/* A fresh environment for one rule: the allow-listed globals (copied, so a
 * rule may shadow them for itself only), reading anything blocked raises.
 * Pushes it. */
void ts_sandbox_new_env(struct ts_sandbox *sb);

/* Pushes a read-only view of the table at idx (shallow: values as they are).
 * Writes raise, pairs/next/# work, getmetatable says it is protected. */
void ts_sandbox_freeze(lua_State *L, int idx);

/* The sandbox of a state (stored in its registry). */
struct ts_sandbox *ts_sandbox_of(lua_State *L);

/* For fuzzing only: when set, fn sees every line a guarded call runs (a
 * fuzzer's coverage of the rules' Lua code, which libFuzzer cannot see).
 * Process-wide; set it before any scan starts.  NULL (the default) costs
 * nothing. */
typedef void (*ts_sandbox_line_fn)(lua_State *L, lua_Debug *ar);
void ts_sandbox_observe_lines(ts_sandbox_line_fn fn);

#endif

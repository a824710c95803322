/* The sandbox's limits and why a call failed: the state's counting
 * allocator, the instruction count hook, the time slice's flag, and the
 * calls that trip a limit and raise.  Apart from sandbox.c so that what it
 * builds on (read-only views, the pattern guard, ordered pairs) and what
 * names a failure (the reports) need this file only, not the sandbox. */
#ifndef TS_SANDBOX_LIMITS_H
#define TS_SANDBOX_LIMITS_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <lua.h>
#include "lua/lua_pool.h"
#include "lua/watchdog.h"

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

/* What a rule call runs before its instructions are counted: no hook at
 * all until then, since any hook makes Lua 5.4 check every instruction.
 * Honest rules on an ordinary account end well within it. */
#define TS_SLICE_SECONDS 0.01
/* More than Lua 5.4 runs in a slice on any machine (2 billion a second;
 * about 0.3 to 1 billion of its cheapest instructions run a second on
 * today's): a call that ends within its slice was within such a budget,
 * exactly as if it had been counted.  A smaller budget is counted from
 * the start, one instruction at a time. */
#define TS_SLICE_INSTRUCTIONS 20000000LL

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
    size_t kept_floor;    /* between calls, the engine looks for a rule that
                           * keeps memory when the state holds more than half
                           * the cap and more than this (raised when no rule
                           * could be blamed, so the search is not repeated) */
    long long spent;      /* instructions in the current guarded call */
    long long hooked;     /* the part of spent the count hook counted */
    int from_start;       /* the current call is counted from its start */
    enum ts_cause tripped;
    int in_handler;       /* the error handler may exceed the cap a little */
    int guarded;
    size_t printed;       /* bytes print wrote in the current guarded call */
    int refused;          /* the last allocation was refused once (see sb_alloc) */
    int deep;             /* the error handler saw a deep stack */
    long long named;      /* objects tostring named in the current call */
    char label[320];      /* "rule 'ID'", for print and messages */
    struct ts_watchdog *wd; /* the slice's and time limit's thread, started
                             * on first use */
    pthread_t thread;     /* the thread the current call runs on */
    int slicing;          /* the watchdog's next deadline ends the slice */
    double after_slice;   /* then the time limit is this much later (0: none) */
    atomic_int late;      /* set by the watchdog when the time limit is over */
};

/* The sandbox of a state (stored in its registry). */
struct ts_sandbox *ts_sandbox_of(lua_State *L);

/* Trips limit `cause` (memory or instructions) and raises, naming what. */
int ts_sandbox_limit(lua_State *L, enum ts_cause cause, const char *what);

/* Charges work a C function does (steps, about one per element it
 * visits) to the instruction budget of the current call; raises past it. */
void ts_sandbox_charge(lua_State *L, double steps);

/* Marks the current failure as a sandbox violation and raises. */
int ts_sandbox_blocked(lua_State *L, const char *what);

/* Sets the cause of the current failure (the first one counts) and arms
 * the hook to raise at the next instruction. */
void ts_sandbox_trip(struct ts_sandbox *sb, enum ts_cause cause);

/* The state's allocator (lua_newstate's, ud the sandbox): counts bytes
 * exactly and refuses past the cap. */
void *ts_sandbox_alloc(void *ud, void *ptr, size_t osize, size_t nsize);

/* Before a guarded call on this thread: the count hook set now if the call
 * is counted from its start (exact counting, a budget under
 * TS_SLICE_INSTRUCTIONS), else none; the watchdog armed for the slice's
 * end (which sets the hook) and the time limit.  Returns -1 if the
 * watchdog's thread cannot start. */
int ts_sandbox_arm(struct ts_sandbox *sb);

/* After the call: watchdog disarmed, hook off. */
void ts_sandbox_disarm(struct ts_sandbox *sb);

/* For fuzzing only: when set, fn sees every line a guarded call runs (a
 * fuzzer's coverage of the rules' Lua code, which libFuzzer cannot see).
 * Process-wide; set it before any scan starts.  NULL (the default) costs
 * nothing. */
typedef void (*ts_sandbox_line_fn)(lua_State *L, lua_Debug *ar);
void ts_sandbox_observe_lines(ts_sandbox_line_fn fn);

/* --profile: every instruction of a guarded call counts, from its start,
 * one by one (no slice): exact and the same on any machine, and slower.
 * Process-wide; set it before any scan starts. */
void ts_sandbox_count_exactly(int on);
/* Whether sb's calls are counted from their start, every instruction
 * (ts_sandbox_count_exactly, or a budget under TS_SLICE_INSTRUCTIONS as
 * its limits stand now). */
int ts_sandbox_counts_exactly(const struct ts_sandbox *sb);

#endif

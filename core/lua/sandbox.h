/* The Lua state rules run in: a counting allocator with a per-rule cap, an
 * instruction budget enforced by a count hook armed once a call overstays
 * its time slice, and a global environment
 * built from an allow-list (CONVENTIONS.md, "Lua embedding"). */
#ifndef TS_SANDBOX_H
#define TS_SANDBOX_H

#include <stddef.h>
#include <lua.h>
#include "lua/sandbox_limits.h"

int ts_sandbox_open(struct ts_sandbox *sb, const struct ts_limits *limits);
void ts_sandbox_close(struct ts_sandbox *sb);

/* Calls the function below nargs arguments on the stack, in protected mode
 * with limits armed: a watchdog thread arms the count hook when
 * TS_SLICE_SECONDS are over (from the start when counting is exact), and again,
 * to raise, when limits.seconds are.  Returns 0, or the cause of failure
 * with a message "where: what" in msg (which is always set on failure). */
enum ts_cause ts_sandbox_call(struct ts_sandbox *sb, int nargs, int nresults,
                              char *msg, size_t msglen);

/* memo(cache, key, fn, ...): fn(...)'s results, kept in cache[key] (a
 * table of at most 1,024 entries, emptied when full).  For built-in
 * modules' caches of pure functions across accounts (rule_env.c gives them
 * `memo`): fn runs counted apart, and the call is charged what it cost
 * whether the cache had the answer or not.  So what a rule is charged
 * never depends on what the same worker computed before (exactly so when
 * counting is exact, where every instruction counts from the start). */
int ts_sandbox_memo(lua_State *L);

/* Pushes what tostring shows rules for the value at idx: its __tostring,
 * or for a table, function, thread or userdata "KIND: N", N numbering the
 * objects named in this call (never an address). */
void ts_sandbox_tostring(lua_State *L, int idx);

/* A fresh environment for one rule: the allow-listed globals (copied, so a
 * rule may shadow them for itself only), reading anything blocked raises.
 * Pushes it. */
void ts_sandbox_new_env(struct ts_sandbox *sb);

/* Copies every field of the registry's table at key (if it is one) into
 * the table on top of the stack, raw. */
void ts_sandbox_copy_from_registry(lua_State *L, const void *key);

#endif

/* Lua's pattern matcher runs in C, where the instruction hook cannot stop
 * it, and backtracking makes some patterns cost n^k steps.  The guard
 * estimates each call's worst case from the pattern's shape and the
 * subject's length, charges it to the rule's instruction budget, and
 * refuses a call the budget cannot pay for. */
#ifndef TS_PATTERN_GUARD_H
#define TS_PATTERN_GUARD_H

#include <lua.h>

/* Replaces find, match, gmatch and gsub in the string library table at the
 * top of the stack with guarded versions. */
void ts_pattern_guard_install(lua_State *L);

/* Worst-case steps of matching pattern p (length lp) against a subject of
 * length n: exposed for tests. */
double ts_pattern_cost(const char *p, size_t lp, size_t n);

#endif

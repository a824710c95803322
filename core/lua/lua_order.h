/* pairs() in an order rules cannot see randomness in.  Lua hashes strings
 * with a seed it draws per state (from the clock and addresses), and
 * tables, functions and userdata by address, so next() visits a table's
 * keys in an order that changes from run to run and from worker to
 * worker.  A rule whose output followed it would give different reports
 * for the same input. */
#ifndef TS_LUA_ORDER_H
#define TS_LUA_ORDER_H

#include <lua.h>

/* Pushes pairs()'s three values for the table at idx: an iterator over
 * its keys as they are now, numbers first (ascending), then strings (by
 * bytes), then false and true, then any other keys (tables, functions,
 * userdata, threads) by the number tostring shows for them, which the
 * ones not named yet get here in an order that depends on what a rule
 * could print of them and their values, not on addresses); then `shown` (the value at index shown_idx, what
 * the rule passed to pairs) and nil.  The iterator reads the table at idx
 * itself, not its second argument, so a read-only view's backing table is
 * never handed to a rule.  Keys removed during the loop are skipped;
 * keys added are not visited.  Sorting is charged to the instruction
 * budget; the key list counts against the memory cap. */
void ts_lua_order_pairs(lua_State *L, int idx, int shown_idx);

/* next(t [, k]) for the table at 1 (a read-only view's backing: the
 * caller swaps it in), in pairs' order.  next(t) of an empty table costs
 * O(1); otherwise it lists the keys in order and keeps the list for the
 * next(t, k) that follow, so a loop of them is not quadratic. */
int ts_lua_order_next(lua_State *L);

/* Drops next()'s kept key list (at the start and end of each call). */
void ts_lua_order_forget(lua_State *L);

/* The number tostring shows for the object at idx ("table: N"), which
 * pairs' order follows for such keys: if it has none yet in this call, the
 * next number when `assign`, else 0.  Numbers count from 1 in each guarded
 * call (ts_lua_order_forget_names), never from an address. */
lua_Integer ts_lua_order_object_number(lua_State *L, int idx, int assign);

/* Forgets the objects numbered so far (at the start of each call). */
void ts_lua_order_forget_names(lua_State *L);

/* table.sort(t [, less]), stable: equal elements keep their order.  Lua's
 * own sort picks a random pivot on unbalanced input, so the order it
 * leaves equal elements in can change from run to run.  Elements are read
 * and written with metamethods, as Lua's sort does. */
int ts_lua_order_sort(lua_State *L);

#endif

#include "lua/sandbox_limits.h"

#include <lauxlib.h>

/* The count hook runs every HOOK_EVERY instructions; once a limit trips it
 * runs on every instruction, so a rule that catches the error with pcall
 * cannot carry on. */
#define HOOK_EVERY 1000
/* Room the error handler may use past the cap to build its message. */
#define HANDLER_SLACK ((size_t)1 << 20)
/* More than a short (interned) string's object takes: Lua 5.4 interns
 * strings of up to 40 bytes, with a header of at most 24. */
#define SHORT_STRING_BYTES 80

const char *ts_cause_name(enum ts_cause c)
{
    switch (c) {
    case TS_CAUSE_NONE: return "none";
    case TS_CAUSE_ERROR: return "script error";
    case TS_CAUSE_MEMORY: return "memory limit";
    case TS_CAUSE_INSTRUCTIONS: return "instruction limit";
    case TS_CAUSE_BLOCKED: return "blocked by the sandbox";
    case TS_CAUSE_STACK: return "stack overflow";
    case TS_CAUSE_TIME: return "time limit";
    }
    return "unknown";
}

struct ts_sandbox *ts_sandbox_of(lua_State *L)
{
    return *(struct ts_sandbox **)lua_getextraspace(L);
}

static void hook(lua_State *L, lua_Debug *ar);

void ts_sandbox_trip(struct ts_sandbox *sb, enum ts_cause cause)
{
    if (sb->tripped == TS_CAUSE_NONE)
        sb->tripped = cause;
    /* lua_sethook is safe from anywhere (lua.c calls it from a signal
     * handler): the next instruction raises a located error. */
    lua_sethook(sb->L, hook, LUA_MASKCOUNT, 1);
}

/* Counts bytes exactly: on realloc the old size leaves, the new arrives.
 * Past the cap the first refusal is quiet: Lua then runs an emergency full
 * collection and asks again, so garbage is never counted against a rule.
 * If the retry is still past the cap, the limit trips; a little slack lets
 * the hook raise a located error. */
void *ts_sandbox_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    struct ts_sandbox *sb = ud;
    size_t old = ptr ? osize : 0;
    void *p;

    if (nsize == 0) {
        ts_lua_pool_free(&sb->pool, ptr, old);
        sb->used -= old;
        return NULL;
    }
    if (sb->cap && nsize > old) {
        size_t want = sb->used + (nsize - old);
        if (want > sb->cap && !sb->in_handler && sb->tripped == TS_CAUSE_NONE) {
            if (!sb->refused) {
                sb->refused = 1;
                return NULL;
            }
            ts_sandbox_trip(sb, TS_CAUSE_MEMORY);
        }
        if (want > sb->cap + HANDLER_SLACK)
            return NULL;
    }
    sb->refused = 0;
    p = ts_lua_pool_resize(&sb->pool, ptr, old, nsize);
    /* Building bytes is work the VM does not count (one concatenation can
     * copy megabytes): a new long string is charged to the instruction
     * budget too.  Only those: whether a short string or the string table
     * needs memory depends on what the collector has freed so far, which
     * depends on what the state ran before, and a charge that varied with
     * that would make where a rule stops vary with --jobs. */
    if (p && sb->guarded && !ptr && osize == LUA_TSTRING && nsize > SHORT_STRING_BYTES) {
        sb->spent += (long long)(nsize / 16);
        if (sb->spent > sb->limits.instructions)
            ts_sandbox_trip(sb, TS_CAUSE_INSTRUCTIONS);
    }
    if (p)
        sb->used = sb->used - old + nsize;
    return p;
}

static ts_sandbox_line_fn line_observer;

void ts_sandbox_observe_lines(ts_sandbox_line_fn fn)
{
    line_observer = fn;
}

/* The hook's events: the instruction count, and lines for an observer. */
static int hook_mask(void)
{
    return LUA_MASKCOUNT | (line_observer ? LUA_MASKLINE : 0);
}

static void hook(lua_State *L, lua_Debug *ar)
{
    struct ts_sandbox *sb = ts_sandbox_of(L);

    if (ar->event == LUA_HOOKLINE) {
        if (line_observer && sb->guarded)
            line_observer(L, ar);
        return;
    }
    if (!sb->guarded)
        return;
    sb->spent += HOOK_EVERY;
    if (sb->tripped == TS_CAUSE_NONE && sb->spent > sb->limits.instructions)
        ts_sandbox_trip(sb, TS_CAUSE_INSTRUCTIONS);
    if (sb->tripped == TS_CAUSE_NONE && atomic_load_explicit(&sb->late, memory_order_relaxed))
        ts_sandbox_trip(sb, TS_CAUSE_TIME);
    if (sb->tripped != TS_CAUSE_NONE)
        luaL_error(L, "%s reached", ts_cause_name(sb->tripped));
}

/* The watchdog's call, on its thread, while the slice's call still runs:
 * the flag says why, the hook (armed to run on the next instruction, as
 * lua.c's signal handler does) raises. */
void ts_sandbox_time_up(void *arg)
{
    struct ts_sandbox *sb = arg;

    atomic_store_explicit(&sb->late, 1, memory_order_relaxed);
    lua_sethook(sb->L, hook, LUA_MASKCOUNT, 1);
}

int ts_sandbox_blocked(lua_State *L, const char *what)
{
    struct ts_sandbox *sb = ts_sandbox_of(L);

    if (sb->guarded)
        ts_sandbox_trip(sb, TS_CAUSE_BLOCKED);
    return luaL_error(L, "blocked: %s", what);
}

/* Arms the count hook for a guarded call, starting its phase afresh. */
void ts_sandbox_count(lua_State *L)
{
    lua_sethook(L, hook, hook_mask(), HOOK_EVERY);
}

/* Charges work a C function does without running Lua instructions, so
 * the instruction budget bounds it too. */
void ts_sandbox_charge(lua_State *L, double steps)
{
    struct ts_sandbox *sb = ts_sandbox_of(L);

    if (!sb->guarded || steps <= 0)
        return;
    if ((double)sb->spent + steps > (double)sb->limits.instructions)
        ts_sandbox_limit(L, TS_CAUSE_INSTRUCTIONS, "a library call would take more steps"
                         " than the instruction budget has left");
    sb->spent += (long long)steps;
}

int ts_sandbox_limit(lua_State *L, enum ts_cause cause, const char *what)
{
    struct ts_sandbox *sb = ts_sandbox_of(L);

    if (sb->guarded)
        ts_sandbox_trip(sb, cause);
    return luaL_error(L, "%s reached: %s", ts_cause_name(cause), what);
}

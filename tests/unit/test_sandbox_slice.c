/* The instruction count costs nothing until it is needed: a guarded call
 * under an ordinary budget runs with no hook at all (any hook makes Lua
 * 5.4 check every instruction) until its time slice is over; a budget too
 * small to be decided that way, and exact counting (--profile), are
 * counted from the start; no hook is left after a call. */
#include <lauxlib.h>
#include "test.h"
#include "lua/sandbox.h"

/* hooked(): whether a hook is set on the state right now. */
static int hooked(lua_State *L)
{
    lua_pushboolean(L, lua_gethook(L) != NULL);
    return 1;
}

/* Runs chunk under the given budget; returns what it returned (a boolean). */
static int run(long long instructions, const char *chunk)
{
    struct ts_limits limits = {TS_DEFAULT_MEMORY_LIMIT, instructions, TS_DEFAULT_RESULT_LIMIT,
                               30.0};
    struct ts_sandbox sb;
    char msg[512] = "";
    enum ts_cause cause;
    int got = -1;

    ASSERT(ts_sandbox_open(&sb, &limits) == 0);
    lua_pushcfunction(sb.L, hooked);
    lua_setglobal(sb.L, "hooked");
    ASSERT(luaL_loadstring(sb.L, chunk) == LUA_OK);
    cause = ts_sandbox_call(&sb, 0, 1, msg, sizeof(msg));
    if (cause != TS_CAUSE_NONE)
        fprintf(stderr, "the call failed: %s: %s\n", ts_cause_name(cause), msg);
    ASSERT_EQ_INT(cause, TS_CAUSE_NONE);
    if (cause == TS_CAUSE_NONE) {
        got = lua_toboolean(sb.L, -1);
        lua_pop(sb.L, 1);
    }
    ASSERT(lua_gethook(sb.L) == NULL); /* nothing left for what runs next */
    ts_sandbox_close(&sb);
    return got;
}

static void no_hook_within_the_slice(void)
{
    ASSERT_EQ_INT(run(TS_DEFAULT_INSTRUCTION_LIMIT, "return hooked()"), 0);
}

/* A call that overstays its slice is counted from then on (the watchdog
 * arms the hook); the loop is bounded so that a broken watchdog fails
 * the test rather than hanging it. */
static void hook_after_the_slice(void)
{
    ASSERT_EQ_INT(run(TS_DEFAULT_INSTRUCTION_LIMIT,
                      "local n = 0\n"
                      "repeat n = n + 1 until hooked() or n > 200000000\n"
                      "return hooked()"), 1);
}

static void small_budget_counted_from_the_start(void)
{
    ASSERT_EQ_INT(run(TS_SLICE_INSTRUCTIONS - 1, "return hooked()"), 1);
}

static void exact_counting_from_the_start(void)
{
    ts_sandbox_count_exactly(1);
    ASSERT_EQ_INT(run(TS_DEFAULT_INSTRUCTION_LIMIT, "return hooked()"), 1);
    ts_sandbox_count_exactly(0);
}

int main(void)
{
    RUN(no_hook_within_the_slice);
    RUN(hook_after_the_slice);
    RUN(small_budget_counted_from_the_start);
    RUN(exact_counting_from_the_start);
    return TEST_EXIT();
}

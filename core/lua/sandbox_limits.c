#include "lua/sandbox_limits.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <lauxlib.h>

/* Once armed, the count hook runs every HOOK_EVERY instructions (every
 * one when counted from the start); once a limit trips it runs on every
 * instruction, so a rule that catches the error with pcall cannot carry
 * on. */
#define HOOK_EVERY 1000
/* How the watchdog reaches the rule's thread: its handler arms the hook
 * there, as lua.c's laction does on Ctrl-C.  Ignored by default, so a
 * stray one does no harm. */
#define ARM_SIGNAL SIGURG
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

static int exact; /* ts_sandbox_count_exactly */

static void hook_every(lua_State *L, lua_Debug *ar);
static void hook_exact(lua_State *L, lua_Debug *ar);
static int hook_mask(void);

static lua_Hook hook_of(const struct ts_sandbox *sb)
{
    return sb->from_start ? hook_exact : hook_every;
}

void ts_sandbox_trip(struct ts_sandbox *sb, enum ts_cause cause)
{
    if (sb->tripped == TS_CAUSE_NONE)
        sb->tripped = cause;
    /* The next instruction raises a located error. */
    lua_sethook(sb->L, hook_of(sb), hook_mask(), 1);
}

/* The slow path is a call of its own, so the fast one needs no frame. */
#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

/* Charges a new long string of nsize bytes (alloc_slow says why); returns b. */
static NOINLINE void *charge_string(struct ts_sandbox *sb, void *b, size_t nsize)
{
    sb->spent += (long long)(nsize / 16);
    if (sb->spent > sb->limits.instructions)
        ts_sandbox_trip(sb, TS_CAUSE_INSTRUCTIONS);
    return b;
}

/* Counts bytes exactly: on realloc the old size leaves, the new arrives.
 * Past the cap the first refusal is quiet: Lua then runs an emergency full
 * collection and asks again, so garbage is never counted against a rule.
 * If the retry is still past the cap, the limit trips; a little slack lets
 * the hook raise a located error. */
static NOINLINE void *alloc_slow(struct ts_sandbox *sb, void *ptr, size_t osize, size_t nsize)
{
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
    if (p)
        sb->used = sb->used - old + nsize;
    /* Building bytes is work the VM does not count (one concatenation can
     * copy megabytes): a new long string is charged to the instruction
     * budget too.  Only those: whether a short string or the string table
     * needs memory depends on what the collector has freed so far, which
     * depends on what the state ran before, and a charge that varied with
     * that would make where a rule stops vary with --jobs. */
    if (p && sb->guarded && !ptr && osize == LUA_TSTRING && nsize > SHORT_STRING_BYTES)
        charge_string(sb, p, nsize);
    return p;
}

/* Whether the state may grow by more bytes without passing the cap. */
static int within_cap(const struct ts_sandbox *sb, size_t more)
{
    return !sb->cap || sb->used + more <= sb->cap;
}

/* Copies the first n bytes of pool block from to pool block to, 16 at a
 * time: both blocks are whole 16-byte steps of at least n bytes, and a
 * loop with no call keeps the fast path's frame away. */
static void move_block(void *to, const void *from, size_t n)
{
    for (size_t k = 0; k < n; k += 16)
        memcpy((char *)to + k, (const char *)from + k, 16);
}

/* Most calls free a small block (or none: Lua frees empty arrays), take a
 * new one (Lua says the new object's type in osize) or resize one (in
 * place within its size class, else to a block at hand), under the cap:
 * those are done here, exactly as alloc_slow would, in a few instructions
 * and no frame. */
void *ts_sandbox_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    struct ts_sandbox *sb = ud;

    if (nsize == 0) {
        if (!ptr)
            return NULL;
        if (osize <= TS_LUA_POOL_MAX) {
            ts_lua_pool_put(&sb->pool, ptr, osize);
            sb->used -= osize;
            return NULL;
        }
    } else if (nsize <= TS_LUA_POOL_MAX) {
        if (!ptr) {
            void *b;
            if (within_cap(sb, nsize) && (b = ts_lua_pool_take_fast(&sb->pool, nsize)) != NULL) {
                sb->refused = 0;
                sb->used += nsize;
                if (osize == LUA_TSTRING && nsize > SHORT_STRING_BYTES && sb->guarded)
                    return charge_string(sb, b, nsize);
                return b;
            }
        } else if (osize <= TS_LUA_POOL_MAX
                   && (nsize <= osize || within_cap(sb, nsize - osize))) {
            void *b = ptr;
            if (ts_lua_pool_class(osize) != ts_lua_pool_class(nsize)
                && (b = ts_lua_pool_take_fast(&sb->pool, nsize)) != NULL) {
                move_block(b, ptr, osize < nsize ? osize : nsize);
                ts_lua_pool_put(&sb->pool, ptr, osize);
            }
            if (b) {
                sb->refused = 0;
                sb->used = sb->used - osize + nsize;
                return b;
            }
        }
    }
    return alloc_slow(sb, ptr, osize, nsize);
}

static ts_sandbox_line_fn line_observer;

void ts_sandbox_count_exactly(int on)
{
    exact = on;
}

int ts_sandbox_counts_exactly(const struct ts_sandbox *sb)
{
    return exact || sb->limits.instructions < TS_SLICE_INSTRUCTIONS;
}

void ts_sandbox_observe_lines(ts_sandbox_line_fn fn)
{
    line_observer = fn;
}

/* The hook's events: the instruction count, and lines for an observer. */
static int hook_mask(void)
{
    return LUA_MASKCOUNT | (line_observer ? LUA_MASKLINE : 0);
}

/* n instructions ran since the hook's last call. */
static void count(lua_State *L, lua_Debug *ar, long long n)
{
    struct ts_sandbox *sb = ts_sandbox_of(L);

    if (ar->event == LUA_HOOKLINE) {
        if (line_observer && sb->guarded)
            line_observer(L, ar);
        return;
    }
    if (!sb->guarded)
        return;
    sb->spent += n;
    sb->hooked += n;
    if (sb->tripped == TS_CAUSE_NONE && sb->spent > sb->limits.instructions)
        ts_sandbox_trip(sb, TS_CAUSE_INSTRUCTIONS);
    if (sb->tripped == TS_CAUSE_NONE && atomic_load_explicit(&sb->late, memory_order_relaxed))
        ts_sandbox_trip(sb, TS_CAUSE_TIME);
    if (sb->tripped != TS_CAUSE_NONE)
        luaL_error(L, "%s reached", ts_cause_name(sb->tripped));
}

static void hook_every(lua_State *L, lua_Debug *ar)
{
    count(L, ar, HOOK_EVERY);
}

static void hook_exact(lua_State *L, lua_Debug *ar)
{
    count(L, ar, 1);
}

/* ---- arming the hook late --------------------------------------------------
 *
 * Why no data race: the watchdog's thread never touches the Lua state.  It
 * only sets `late` (atomic) and sends ARM_SIGNAL to the call's thread
 * (pthread_kill, with its lock held, so never after ts_sandbox_disarm's
 * ts_watchdog_disarm returned); the handler runs on that thread, between
 * two of its instructions, and calls lua_sethook, which Lua documents as
 * safe from a signal handler (lua.c's laction).  `running` is that
 * thread's own (thread-local, lock-free atomic): cleared before the hook
 * is, so a signal that arrives late arms nothing once a call is over --
 * or arms the next call's hook early, which only counts more.  The
 * watchdog's fields (slicing, after_slice) are written by the worker
 * while it is disarmed and read under its lock.  (ThreadSanitizer delivers
 * a signal only when its thread next calls a function it intercepts, so
 * under it a loop inside liblua is never stopped; a scan under it reports
 * no race.) */

static _Thread_local _Atomic(struct ts_sandbox *) running;
static _Thread_local int unblocked;

/* On the rule's thread. */
static void on_arm_signal(int sig)
{
    struct ts_sandbox *sb = atomic_load_explicit(&running, memory_order_relaxed);
    int saved = errno;

    (void)sig;
    if (sb)
        lua_sethook(sb->L, hook_of(sb), hook_mask(),
                    sb->from_start || sb->tripped != TS_CAUSE_NONE ? 1 : HOOK_EVERY);
    errno = saved;
}

static void install_handler(void)
{
    struct sigaction sa;

    sa.sa_handler = on_arm_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART; /* a file a rule's library call reads goes on */
    sigaction(ARM_SIGNAL, &sa, NULL);
}

/* On the watchdog's thread, its lock held: the slice is over (the hook
 * starts counting; the time limit is after_slice later) or the time
 * limit is (the hook raises). */
static double on_deadline(void *arg)
{
    struct ts_sandbox *sb = arg;
    double again = 0;

    if (sb->slicing) {
        sb->slicing = 0;
        again = sb->after_slice;
    } else {
        atomic_store_explicit(&sb->late, 1, memory_order_relaxed);
    }
    pthread_kill(sb->thread, ARM_SIGNAL);
    return again;
}

int ts_sandbox_arm(struct ts_sandbox *sb)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    double secs = sb->limits.seconds;
    int from_start = ts_sandbox_counts_exactly(sb);
    /* A time limit within the slice comes first. */
    int slice = !from_start && !(secs > 0 && secs <= TS_SLICE_SECONDS);
    double first = slice ? TS_SLICE_SECONDS : secs;

    pthread_once(&once, install_handler);
    if (first > 0 && !sb->wd && !(sb->wd = ts_watchdog_new(on_deadline, sb)))
        return -1;
    if (!unblocked) { /* a parent may have blocked it: the rule would never stop */
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, ARM_SIGNAL);
        pthread_sigmask(SIG_UNBLOCK, &set, NULL);
        unblocked = 1;
    }
    sb->from_start = from_start;
    sb->hooked = 0;
    if (from_start)
        lua_sethook(sb->L, hook_exact, hook_mask(), 1);
    else if (line_observer) /* fuzzing: lines from the start, counted as before */
        lua_sethook(sb->L, hook_every, hook_mask(), HOOK_EVERY);
    sb->thread = pthread_self();
    atomic_store_explicit(&sb->late, 0, memory_order_relaxed);
    atomic_store_explicit(&running, sb, memory_order_relaxed);
    if (first > 0) {
        sb->slicing = slice;
        sb->after_slice = slice && secs > 0 ? secs - TS_SLICE_SECONDS : 0;
        ts_watchdog_arm(sb->wd, first);
    }
    return 0;
}

void ts_sandbox_disarm(struct ts_sandbox *sb)
{
    if (sb->wd)
        ts_watchdog_disarm(sb->wd);
    atomic_store_explicit(&running, NULL, memory_order_relaxed);
    lua_sethook(sb->L, NULL, 0, 0);
}

int ts_sandbox_blocked(lua_State *L, const char *what)
{
    struct ts_sandbox *sb = ts_sandbox_of(L);

    if (sb->guarded)
        ts_sandbox_trip(sb, TS_CAUSE_BLOCKED);
    return luaL_error(L, "blocked: %s", what);
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

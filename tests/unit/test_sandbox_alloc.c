/* The state's allocator counts every byte the state holds, exactly, and
 * refuses past the cap (quietly once, so that Lua collects and asks again,
 * then tripping the memory limit); a new long string is charged to the
 * instruction budget.  Small blocks take a fast path and the rest a slow
 * one: both keep the same accounts, at every size and across the cap. */
#include "test.h"
#include "lua/sandbox.h"

/* Lua says a new object's type in osize. */
#define NEW(sb, type, n) ts_sandbox_alloc((sb), NULL, (type), (n))

static void open_sandbox(struct ts_sandbox *sb)
{
    struct ts_limits limits = {TS_DEFAULT_MEMORY_LIMIT, TS_DEFAULT_INSTRUCTION_LIMIT,
                               TS_DEFAULT_RESULT_LIMIT, 30.0};

    ASSERT(ts_sandbox_open(sb, &limits) == 0);
}

/* Blocks of every size from 1 byte to 4 KiB taken, grown, shrunk and
 * freed: the count follows each step, and contents move with a block. */
static void counts_every_byte(void)
{
    static const size_t sizes[] = {1, 15, 16, 17, 40, 80, 81, 200, 255, 256, 257, 1000, 4096};
    enum { N = sizeof(sizes) / sizeof(sizes[0]) };
    struct ts_sandbox sb;
    size_t base;

    open_sandbox(&sb);
    base = sb.used;
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++) {
            unsigned char *p = NEW(&sb, LUA_TTABLE, sizes[i]), *q;
            size_t keep = sizes[i] < sizes[j] ? sizes[i] : sizes[j];
            ASSERT(p != NULL);
            if (!p)
                continue;
            ASSERT_EQ_INT(sb.used, base + sizes[i]);
            for (size_t k = 0; k < sizes[i]; k++)
                p[k] = (unsigned char)(k * 7 + i);
            q = ts_sandbox_alloc(&sb, p, sizes[i], sizes[j]);
            ASSERT(q != NULL);
            if (!q)
                continue;
            ASSERT_EQ_INT(sb.used, base + sizes[j]);
            for (size_t k = 0; k < keep; k++)
                if (q[k] != (unsigned char)(k * 7 + i)) {
                    ASSERT(q[k] == (unsigned char)(k * 7 + i));
                    break;
                }
            ASSERT(ts_sandbox_alloc(&sb, q, sizes[j], 0) == NULL);
            ASSERT_EQ_INT(sb.used, base);
        }
    /* Lua frees empty arrays as NULL: nothing changes. */
    ASSERT(ts_sandbox_alloc(&sb, NULL, 0, 0) == NULL);
    ASSERT(ts_sandbox_alloc(&sb, NULL, 64, 0) == NULL);
    ASSERT_EQ_INT(sb.used, base);
    ts_sandbox_close(&sb);
}

/* A freed small block serves the next of its size class: taking and
 * freeing a million blocks ends where it started, holding the same blocks. */
static void freed_blocks_serve_again(void)
{
    struct ts_sandbox sb;
    void *held[64], *first[64];
    size_t base;

    open_sandbox(&sb);
    base = sb.used;
    for (int round = 0; round < 16000; round++) {
        for (int k = 0; k < 64; k++) {
            held[k] = NEW(&sb, LUA_TSTRING, (size_t)(k % 20 + 1) * 12);
            if (round == 0)
                first[k] = held[k];
        }
        for (int k = 63; k >= 0; k--)
            ts_sandbox_alloc(&sb, held[k], (size_t)(k % 20 + 1) * 12, 0);
    }
    for (int k = 0; k < 64; k++)
        if (held[k] != first[k]) {
            ASSERT(held[k] == first[k]);
            break;
        }
    ASSERT_EQ_INT(sb.used, base);
    ts_sandbox_close(&sb);
}

/* Past the cap a small block, a large one and a growing one are each
 * refused once without a trip, then the limit trips (the block is given
 * within the handler's slack, the hook then raises). */
static void refuses_past_the_cap(void)
{
    static const size_t sizes[] = {48, 4096};
    struct ts_sandbox sb;

    for (int grow = 0; grow < 2; grow++)
        for (size_t i = 0; i < 2; i++) {
            void *p, *small = NULL;
            open_sandbox(&sb);
            if (grow) {
                small = NEW(&sb, LUA_TTABLE, 20); /* grows within its class below */
                ASSERT(small != NULL);
            }
            sb.cap = sb.used + sizes[i] - 1;
            p = grow ? ts_sandbox_alloc(&sb, small, 20, 20 + sizes[i])
                     : NEW(&sb, LUA_TTABLE, sizes[i]);
            ASSERT(p == NULL);
            ASSERT_EQ_INT(sb.refused, 1);
            ASSERT_EQ_INT(sb.tripped, TS_CAUSE_NONE);
            p = grow ? ts_sandbox_alloc(&sb, small, 20, 20 + sizes[i])
                     : NEW(&sb, LUA_TTABLE, sizes[i]);
            ASSERT(p != NULL);
            ASSERT_EQ_INT(sb.tripped, TS_CAUSE_MEMORY);
            if (p)
                ts_sandbox_alloc(&sb, p, (grow ? 20 : 0) + sizes[i], 0);
            ts_sandbox_close(&sb);
        }
    /* Within its class a block grows only as far as the cap lets it. */
    open_sandbox(&sb);
    {
        void *p = NEW(&sb, LUA_TTABLE, 17);
        sb.cap = sb.used + 10;
        ASSERT(ts_sandbox_alloc(&sb, p, 17, 27) == p);
        ASSERT(ts_sandbox_alloc(&sb, p, 27, 32) == NULL); /* 5 more: past it */
        ASSERT_EQ_INT(sb.refused, 1);
        ASSERT(ts_sandbox_alloc(&sb, p, 27, 20) == p);    /* shrinking never is */
        ASSERT_EQ_INT(sb.refused, 0);
        ASSERT_EQ_INT(sb.tripped, TS_CAUSE_NONE);
        ts_sandbox_alloc(&sb, p, 20, 0);
    }
    ts_sandbox_close(&sb);
}

/* While a rule runs (guarded), a new string longer than a short one is
 * charged a step per 16 bytes; short strings and other objects are not. */
static void long_strings_are_charged(void)
{
    static const struct { int type; size_t n; long long steps; } cases[] = {
        {LUA_TSTRING, 64, 0},   {LUA_TSTRING, 80, 0},   {LUA_TSTRING, 96, 6},
        {LUA_TSTRING, 250, 15}, {LUA_TSTRING, 4000, 250}, {LUA_TTABLE, 250, 0},
        {LUA_TUSERDATA, 4000, 0},
    };
    struct ts_sandbox sb;

    open_sandbox(&sb);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        for (int guarded = 0; guarded < 2; guarded++) {
            void *p;
            sb.guarded = guarded;
            sb.spent = 0;
            p = NEW(&sb, cases[i].type, cases[i].n);
            ASSERT(p != NULL);
            ASSERT_EQ_INT(sb.spent, guarded ? cases[i].steps : 0);
            ts_sandbox_alloc(&sb, p, cases[i].n, 0);
        }
    /* Past the budget the charge trips the instruction limit. */
    sb.guarded = 1;
    sb.spent = sb.limits.instructions - 1;
    ts_sandbox_alloc(&sb, NEW(&sb, LUA_TSTRING, 200), 200, 0);
    ASSERT_EQ_INT(sb.tripped, TS_CAUSE_INSTRUCTIONS);
    sb.guarded = 0;
    ts_sandbox_close(&sb);
}

int main(void)
{
    RUN(counts_every_byte);
    RUN(freed_blocks_serve_again);
    RUN(refuses_past_the_cap);
    RUN(long_strings_are_charged);
    return TEST_EXIT();
}

/* util/backoff.c: the one backoff collect and upload wait by. */
#include "util/backoff.h"

#include "test.h"

/* xorshift64 (13, 7, 17) written out again, to check the generator. */
static uint64_t reference_next(uint64_t x)
{
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
}

static void random_is_xorshift_and_never_stuck_at_zero(void)
{
    uint64_t s = 12345, z = 0;

    ASSERT(ts_backoff_random(&s) == reference_next(12345) && s == reference_next(12345));
    ASSERT(ts_backoff_random(&z) == reference_next(0x9E3779B97F4A7C15u));
    ASSERT(z != 0);
}

/* Full jitter (collect): in [0, min(base * 2^retry, cap)], and it reaches
 * both ends of that range over many draws. */
static void full_jitter_stays_under_the_capped_ceiling(void)
{
    static const uint64_t want[] = {100, 200, 400, 800, 1600, 2000, 2000};
    uint64_t s = 42;

    for (unsigned retry = 0; retry < 7; retry++) {
        uint64_t lo = UINT64_MAX, hi = 0;
        for (int i = 0; i < 4000; i++) {
            uint64_t d = ts_backoff_delay_ms(retry, 100, 2000, TS_JITTER_FULL, &s);
            lo = d < lo ? d : lo;
            hi = d > hi ? d : hi;
        }
        ASSERT(hi <= want[retry]);
        ASSERT(lo <= want[retry] / 10);      /* full jitter comes back early too */
        ASSERT(hi >= want[retry] * 9 / 10);
    }
}

/* Equal jitter (upload): in [ceiling/2, ceiling]; never sooner than half. */
static void equal_jitter_keeps_the_upper_half(void)
{
    uint64_t s = 7;

    for (unsigned retry = 0; retry < 5; retry++) {
        uint64_t ceiling = 1000u << retry, lo = UINT64_MAX, hi = 0;
        for (int i = 0; i < 4000; i++) {
            uint64_t d = ts_backoff_delay_ms(retry, 1000, 1000u << 16, TS_JITTER_EQUAL, &s);
            lo = d < lo ? d : lo;
            hi = d > hi ? d : hi;
        }
        ASSERT(lo >= ceiling / 2 && hi <= ceiling);
        ASSERT(lo <= ceiling / 2 + ceiling / 20 && hi >= ceiling - ceiling / 20);
    }
}

/* Same seed, same waits: the value is the old callers' formula. */
static void same_formula_as_before(void)
{
    uint64_t s = 99, r = 99;

    r = reference_next(r);
    ASSERT_EQ_INT(ts_backoff_delay_ms(3, 250, 20000, TS_JITTER_FULL, &s), r % 2001);
    r = reference_next(r);
    ASSERT_EQ_INT(ts_backoff_delay_ms(2, 500, 500u << 16, TS_JITTER_EQUAL, &s),
                  1000 + r % 1001);
}

static void huge_retry_counts_and_zero_base(void)
{
    uint64_t s = 1;

    ASSERT(ts_backoff_delay_ms(4000000000u, 1000, 20000, TS_JITTER_FULL, &s) <= 20000);
    ASSERT(ts_backoff_delay_ms(200, 3, UINT64_MAX, TS_JITTER_EQUAL, &s) >= UINT64_MAX / 2);
    ASSERT_EQ_INT(ts_backoff_delay_ms(5, 0, 20000, TS_JITTER_FULL, &s), 0);
    ASSERT_EQ_INT(ts_backoff_delay_ms(5, 0, 0, TS_JITTER_EQUAL, &s), 0);
}

int main(void)
{
    RUN(random_is_xorshift_and_never_stuck_at_zero);
    RUN(full_jitter_stays_under_the_capped_ceiling);
    RUN(equal_jitter_keeps_the_upper_half);
    RUN(same_formula_as_before);
    RUN(huge_retry_counts_and_zero_base);
    return TEST_EXIT();
}

#include "util/backoff.h"

uint64_t ts_backoff_random(uint64_t *state)
{
    uint64_t x = *state ? *state : 0x9E3779B97F4A7C15u;

    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    *state = x;
    return x;
}

uint64_t ts_backoff_delay_ms(unsigned retry, uint64_t base, uint64_t cap,
                             enum ts_jitter jitter, uint64_t *state)
{
    uint64_t ceiling = base;

    /* Doubling stops at the cap, so no retry count can overflow it. */
    for (unsigned i = 0; i < retry && ceiling < cap; i++)
        ceiling = ceiling > cap / 2 ? cap : ceiling * 2;
    if (ceiling > cap)
        ceiling = cap;
    if (ceiling == 0)
        return 0;
    if (jitter == TS_JITTER_EQUAL)
        return ceiling / 2 + ts_backoff_random(state) % (ceiling / 2 + 1);
    return ts_backoff_random(state) % (ceiling + 1);
}

/* Exponential backoff with jitter, the one rule both AWS collection and the
 * GitHub upload wait by between tries. */
#ifndef TS_BACKOFF_H
#define TS_BACKOFF_H

#include <stdint.h>

/* How the random part spreads a wait below its ceiling.  FULL: anywhere in
 * [0, ceiling] (the AWS SDKs' "full jitter").  EQUAL: the upper half,
 * ceiling/2 + [0, ceiling/2], so a retry never comes back at once. */
enum ts_jitter { TS_JITTER_FULL, TS_JITTER_EQUAL };

/* xorshift64 step: jitter only needs to spread clients apart, not be
 * secret.  A zero state (which xorshift never leaves) starts from a constant. */
uint64_t ts_backoff_random(uint64_t *state);

/* The wait before retry number `retry` (0 for the first retry), in ms:
 * min(base * 2^retry, cap) with overflow impossible, then jittered by
 * `jitter` with the generator *state.  0 when that ceiling is 0. */
uint64_t ts_backoff_delay_ms(unsigned retry, uint64_t base, uint64_t cap,
                             enum ts_jitter jitter, uint64_t *state);

#endif
